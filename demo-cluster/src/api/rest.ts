/**
 * The REST verbs on one resource: list (paged, selectors), get, create, replace, patch (merge, strategic
 * treated as merge, JSON patch), delete, and the /status subresource. Bodies and errors as kube-apiserver
 * answers them. Writes made by clients are reported through `onClientWrite` so the simulated controllers can react.
 */
import { randomBytes } from 'node:crypto';
import type { KubeObject, ObjectStore, StoreEntry } from '../store/store.js';
import { entryJson } from '../store/store.js';
import { PatchError, applyJsonPatch, applyMergePatch } from '../store/patch.js';
import { SelectorError, parseFieldSelector, parseLabelSelector } from '../store/selectors.js';
import type { Matcher } from '../store/selectors.js';
import { apiVersionOf, gkOfResource } from './resources.js';
import type { Resource } from './resources.js';
import * as status from './status.js';

export interface ApiResponse {
  status: number;
  /** A JSON string (lists are assembled from cached object JSON), or a value to serialize. */
  body: unknown;
  /** Extra response headers (e.g. Retry-After on a 429 from fault injection). */
  headers?: Record<string, string>;
}

export interface ClientWrite {
  verb: 'create' | 'update' | 'patch' | 'delete';
  resource: Resource;
  subresource?: string;
  before?: KubeObject;
  after?: KubeObject;
}

const json = (code: number, body: unknown): ApiResponse => ({ status: code, body });
const fail = (s: status.StatusBody): ApiResponse => json(s.code, s);

export function parseSelectors(query: URLSearchParams): Matcher | undefined {
  const label = parseLabelSelector(query.get('labelSelector'));
  const field = parseFieldSelector(query.get('fieldSelector'));
  if (label && field) return o => label(o) && field(o);
  return label ?? field;
}

interface ContinueToken {
  rv: number;
  start: string;
}

function encodeContinue(token: ContinueToken): string {
  return Buffer.from(JSON.stringify(token)).toString('base64url');
}

function decodeContinue(raw: string): ContinueToken | undefined {
  try {
    const t = JSON.parse(Buffer.from(raw, 'base64url').toString()) as Partial<ContinueToken>;
    return typeof t.rv === 'number' && typeof t.start === 'string' ? { rv: t.rv, start: t.start } : undefined;
  } catch {
    return undefined;
  }
}

/** Built-in kinds' list items carry no apiVersion/kind in JSON (CRs do), exactly like kube-apiserver. */
function itemJson(r: Resource, entry: StoreEntry & { itemJson?: string }): string {
  if (!r.builtin) {
    const obj = entry.object;
    return obj.apiVersion === apiVersionOf(r)
      ? entryJson(entry)
      : JSON.stringify({ ...obj, apiVersion: apiVersionOf(r) });
  }
  if (entry.itemJson === undefined) {
    const { apiVersion: _a, kind: _k, ...rest } = entry.object;
    entry.itemJson = JSON.stringify(rest);
  }
  return entry.itemJson;
}

export function list(
  store: ObjectStore,
  r: Resource,
  namespace: string | undefined,
  query: URLSearchParams,
): ApiResponse {
  let matches: Matcher | undefined;
  try {
    matches = parseSelectors(query);
  } catch (err) {
    if (err instanceof SelectorError) return fail(status.badRequest(err.message));
    throw err;
  }
  const limit = Math.max(0, Number(query.get('limit') ?? 0) || 0);
  const rawContinue = query.get('continue');
  let listRv = store.resourceVersion;
  let afterKey: string | undefined;
  if (rawContinue) {
    const token = decodeContinue(rawContinue);
    if (!token)
      return fail(
        status.badRequest(
          'continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)',
        ),
      );
    if (token.rv < store.oldestResumableVersion) {
      return fail(
        status.expired(
          'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.',
        ),
      );
    }
    listRv = token.rv;
    afterKey = token.start;
  }
  const rvParam = Number(query.get('resourceVersion'));
  if (query.get('resourceVersionMatch') === 'Exact' && rvParam < store.oldestResumableVersion) {
    return fail(status.tooOldResourceVersion(rvParam, store.oldestResumableVersion + 1));
  }
  const items: string[] = [];
  let next: string | undefined;
  let lastKey = '';
  for (const [key, entry] of store.entries(gkOfResource(r), namespace, afterKey)) {
    if (matches && !matches(entry.object)) continue;
    if (limit > 0 && items.length === limit) {
      next = encodeContinue({ rv: listRv, start: lastKey });
      break;
    }
    items.push(itemJson(r, entry));
    lastKey = key;
  }
  const metadata = JSON.stringify({ resourceVersion: String(listRv), ...(next ? { continue: next } : {}) });
  const body = `{"kind":"${r.kind}List","apiVersion":"${apiVersionOf(r)}","metadata":${metadata},"items":[${items.join(',')}]}`;
  return { status: 200, body };
}

function atVersion(r: Resource, obj: KubeObject): KubeObject {
  return obj.apiVersion === apiVersionOf(r) ? obj : { ...obj, apiVersion: apiVersionOf(r) };
}

export function get(
  store: ObjectStore,
  r: Resource,
  namespace: string | undefined,
  name: string,
): ApiResponse {
  const entry = store.getEntry(gkOfResource(r), namespace, name);
  if (!entry) return fail(status.notFoundObject(r, name));
  return entry.object.apiVersion === apiVersionOf(r)
    ? json(200, entryJson(entry))
    : json(200, atVersion(r, entry.object));
}

/** What a write may change: the status subresource only status; the main resource everything but status. */
function mergeForSubresource(
  r: Resource,
  current: KubeObject,
  next: KubeObject,
  subresource?: string,
): KubeObject {
  if (subresource === 'status') return { ...current, ...(next.status ? { status: next.status } : {}) };
  if (!r.status) return next;
  const { status: _ignored, ...rest } = next;
  return current.status ? { ...rest, status: current.status } : rest;
}

export interface WriteContext {
  store: ObjectStore;
  resource: Resource;
  namespace?: string;
  name?: string;
  subresource?: string;
  contentType: string;
  body: string;
  onClientWrite?: (w: ClientWrite) => void;
}

function parseBody(body: string): unknown {
  try {
    return JSON.parse(body) as unknown;
  } catch {
    throw new PatchError('the request body is not valid JSON');
  }
}

export function patch(ctx: WriteContext): ApiResponse {
  const { store, resource: r, namespace, name = '' } = ctx;
  const current = store.get(gkOfResource(r), namespace, name);
  if (!current) return fail(status.notFoundObject(r, name));
  const type = ctx.contentType.split(';')[0]?.trim() ?? '';
  let patched: KubeObject;
  try {
    if (type === 'application/merge-patch+json' || type === 'application/strategic-merge-patch+json') {
      patched = applyMergePatch(current, parseBody(ctx.body));
    } else if (type === 'application/json-patch+json') {
      patched = applyJsonPatch(current, parseBody(ctx.body));
    } else {
      return fail(status.unsupportedMediaType(type));
    }
  } catch (err) {
    if (err instanceof PatchError) return fail(status.badRequest(err.message));
    throw err;
  }
  if (
    patched.metadata?.resourceVersion &&
    patched.metadata.resourceVersion !== current.metadata.resourceVersion
  ) {
    return fail(status.conflict(r, name));
  }
  patched.metadata = { ...patched.metadata, name, ...(namespace ? { namespace } : {}) };
  const stored = store.put(mergeForSubresource(r, current, patched, ctx.subresource));
  ctx.onClientWrite?.({
    verb: 'patch',
    resource: r,
    ...(ctx.subresource ? { subresource: ctx.subresource } : {}),
    before: current,
    after: stored,
  });
  return json(200, atVersion(r, stored));
}

export function replace(ctx: WriteContext): ApiResponse {
  const { store, resource: r, namespace, name = '' } = ctx;
  const current = store.get(gkOfResource(r), namespace, name);
  if (!current) return fail(status.notFoundObject(r, name));
  const next = parseBody(ctx.body) as KubeObject;
  if (!next || typeof next !== 'object' || !next.metadata)
    return fail(status.badRequest('Object has no metadata'));
  if (next.metadata.resourceVersion && next.metadata.resourceVersion !== current.metadata.resourceVersion) {
    return fail(status.conflict(r, name));
  }
  next.metadata = { ...next.metadata, name, ...(namespace ? { namespace } : {}) };
  next.apiVersion = current.apiVersion;
  next.kind = r.kind;
  const stored = store.put(mergeForSubresource(r, current, next, ctx.subresource));
  ctx.onClientWrite?.({
    verb: 'update',
    resource: r,
    ...(ctx.subresource ? { subresource: ctx.subresource } : {}),
    before: current,
    after: stored,
  });
  return json(200, atVersion(r, stored));
}

export function create(ctx: WriteContext): ApiResponse {
  const { store, resource: r, namespace } = ctx;
  let obj: KubeObject;
  try {
    obj = parseBody(ctx.body) as KubeObject;
  } catch (err) {
    return fail(status.badRequest((err as Error).message));
  }
  if (!obj || typeof obj !== 'object' || !obj.metadata)
    return fail(status.badRequest('Object has no metadata'));
  const meta = obj.metadata as KubeObject['metadata'] & { generateName?: string };
  const name =
    meta.name || (meta.generateName ? meta.generateName + randomBytes(3).toString('hex').slice(0, 5) : '');
  if (!name)
    return fail(
      status.statusBody(
        422,
        'Invalid',
        `${r.kind} "" is invalid: metadata.name: Required value: name or generateName is required`,
      ),
    );
  if (store.get(gkOfResource(r), namespace, name)) return fail(status.alreadyExists(r, name));
  const { resourceVersion: _rv, uid: _uid, ...metadata } = meta;
  const stored = store.put({
    ...obj,
    apiVersion: apiVersionOf(r),
    kind: r.kind,
    metadata: { ...metadata, name, ...(namespace ? { namespace } : {}) },
  });
  ctx.onClientWrite?.({ verb: 'create', resource: r, after: stored });
  return json(201, stored);
}

export function remove(ctx: WriteContext): ApiResponse {
  const { store, resource: r, namespace, name = '' } = ctx;
  const before = store.get(gkOfResource(r), namespace, name);
  const deleted = store.delete(gkOfResource(r), namespace, name);
  if (!deleted || !before) return fail(status.notFoundObject(r, name));
  ctx.onClientWrite?.({ verb: 'delete', resource: r, before });
  if (r.builtin)
    return json(200, {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Success',
      details: { name, group: r.group, kind: r.plural, uid: before.metadata.uid },
    });
  return json(200, atVersion(r, deleted));
}
