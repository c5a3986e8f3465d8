/**
 * Object identity as Flux's inventories and the flux CLI write it (cli-utils `ObjMetadata`):
 * `<namespace>_<name>_<group>_<kind>`, namespace empty for cluster-scoped objects, group empty for core.
 * Names of RBAC objects may contain `:`, which the id encodes as `__`.
 */

import type { ObjRef } from '../wire/kube.js';
export type { ObjRef } from '../wire/kube.js';

const fieldSeparator = '_';
const colonEncoding = '__';

export class InventoryIdError extends Error {
  constructor(
    readonly id: string,
    reason: string,
  ) {
    super(`malformed inventory id "${id}": ${reason}`);
    this.name = 'InventoryIdError';
  }
}

/** Parses an inventory id exactly as cli-utils' `ParseObjMetadata` does; throws InventoryIdError otherwise. */
export function parseInventoryId(id: string): ObjRef {
  const first = id.indexOf(fieldSeparator);
  if (first < 0) throw new InventoryIdError(id, 'expected <namespace>_<name>_<group>_<kind>');
  const namespace = id.slice(0, first);
  let rest = id.slice(first + 1);
  const kindSep = rest.lastIndexOf(fieldSeparator);
  if (kindSep < 0) throw new InventoryIdError(id, 'missing group and kind');
  const kind = rest.slice(kindSep + 1);
  rest = rest.slice(0, kindSep);
  const groupSep = rest.lastIndexOf(fieldSeparator);
  if (groupSep < 0) throw new InventoryIdError(id, 'missing group');
  const group = rest.slice(groupSep + 1);
  // The name may hold `:` encoded as `__`; any `_` left after decoding means too many fields.
  const name = rest.slice(0, groupSep).replaceAll(colonEncoding, ':');
  if (name.includes(fieldSeparator)) throw new InventoryIdError(id, 'too many fields');
  if (name === '') throw new InventoryIdError(id, 'empty name');
  if (kind === '') throw new InventoryIdError(id, 'empty kind');
  return { namespace, name, group, kind };
}

/** Formats an ObjRef as an inventory id (the inverse of parseInventoryId). */
export function formatInventoryId(ref: ObjRef): string {
  const name = ref.name.replaceAll(':', colonEncoding);
  return [ref.namespace, name, ref.group, ref.kind].join(fieldSeparator);
}

/** `Kind/namespace/name`, or `Kind/name` for cluster-scoped objects: fluxcd/pkg `ssautil.FmtObjMetadata`. */
export function formatObjRef(ref: ObjRef): string {
  return ref.namespace ? `${ref.kind}/${ref.namespace}/${ref.name}` : `${ref.kind}/${ref.name}`;
}

/** The key every index uses: `group/kind/namespace/name` (empty strings kept). */
export function refKey(ref: ObjRef): string {
  return `${ref.group}/${ref.kind}/${ref.namespace}/${ref.name}`;
}

export function refFromKey(key: string): ObjRef {
  const [group = '', kind = '', namespace = '', ...rest] = key.split('/');
  return { group, kind, namespace, name: rest.join('/') };
}

export function sameRef(a: ObjRef, b: ObjRef): boolean {
  return a.group === b.group && a.kind === b.kind && a.namespace === b.namespace && a.name === b.name;
}

/**
 * An object in a URL path (`{group}/{kind}/{namespace}/{name}`), in the API and in the app's own routes:
 * `core` stands for the empty (core) group and `_` for no namespace, so a segment is never empty.
 * Segments are returned unencoded.
 */
export function refPathSegments(ref: ObjRef): [group: string, kind: string, namespace: string, name: string] {
  return [ref.group || 'core', ref.kind, ref.namespace || '_', ref.name];
}

/** The object a path's four segments name (see refPathSegments); other params are ignored. */
export function refFromPathSegments(segments: {
  group: string;
  kind: string;
  namespace: string;
  name: string;
}): ObjRef {
  return {
    group: segments.group === 'core' ? '' : segments.group,
    kind: segments.kind,
    namespace: segments.namespace === '_' ? '' : segments.namespace,
    name: segments.name,
  };
}
