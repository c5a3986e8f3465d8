/**
 * The values helm-controller passes to Helm for a HelmRelease, composed as fluxcd/pkg/chartutil's
 * ChartValuesFromReferences does (helm-controller v1.6.2): each `valuesFrom` reference in order, read from
 * the HelmRelease's namespace at `valuesKey` (default values.yaml); a whole document is deep-merged at the
 * root (maps merge, lists and scalars replace); with `targetPath` the value is first preceded by a merge of
 * `spec.values`, then written at the path with Helm's `--set` parser (`literal`: verbatim); `optional`
 * forgives only a missing object or key; finally `spec.values` is merged over everything.
 *
 * Secrets are never read: a Secret's value at a targetPath is a placeholder, and a Secret merged at the
 * root is a set of unknown keys that may replace anything merged before it.
 */
import { parse, stringify } from 'yaml';
import type { ClusterObject } from '../kube/types.js';
import type { HelmValues, HelmValuesLine, HelmValuesSource } from '../wire/helm.js';
import { parseInto, typedReader } from './helm-strvals.js';
import { type VMap, type VNode, fromPlain, leaf, mergeMaps, vmap } from './helm-values-tree.js';

export interface ValuesReference {
  kind: string;
  name: string;
  valuesKey?: string;
  targetPath?: string;
  optional?: boolean;
  literal?: boolean;
}

/** What the server found when it read a ConfigMap named in valuesFrom (only its `data`, as the controller). */
export type ConfigMapLookup =
  | { state: 'found'; data: Record<string, string> }
  | { state: 'not-found'; message?: string }
  | { state: 'error'; message: string };

export const SECRETS_NOTE =
  'Fluxscope never reads Secrets (its access to the cluster excludes them, so a dashboard cannot leak ' +
  'credentials); values that come from a Secret are shown as placeholders, and a Secret merged at the root ' +
  'may replace any key merged before it without showing here.';

export function valuesReferences(hr: ClusterObject): ValuesReference[] {
  const raw = hr.spec?.['valuesFrom'];
  if (!Array.isArray(raw)) return [];
  return raw
    .filter((r): r is Record<string, unknown> => !!r && typeof r === 'object')
    .map(r => {
      const ref: ValuesReference = { kind: String(r['kind'] ?? ''), name: String(r['name'] ?? '') };
      if (typeof r['valuesKey'] === 'string' && r['valuesKey']) ref.valuesKey = r['valuesKey'];
      if (typeof r['targetPath'] === 'string' && r['targetPath']) ref.targetPath = r['targetPath'];
      if (r['optional'] === true) ref.optional = true;
      if (r['literal'] === true) ref.literal = true;
      return ref;
    });
}

/** The ConfigMaps the server should read for this HelmRelease: those valuesFrom names, once each. */
export function configMapsToRead(hr: ClusterObject): string[] {
  return [
    ...new Set(
      valuesReferences(hr)
        .filter(r => r.kind === 'ConfigMap')
        .map(r => r.name),
    ),
  ];
}

const keyOf = (ref: ValuesReference) => ref.valuesKey || 'values.yaml';

function label(ref: ValuesReference, namespace: string): string {
  return `${ref.kind} ${namespace}/${ref.name} key ${keyOf(ref)}${ref.targetPath ? ` at ${ref.targetPath}` : ''}`;
}

export const secretPlaceholder = (namespace: string, ref: ValuesReference): string =>
  `<from Secret ${namespace}/${ref.name} key ${keyOf(ref)}: not read>`;

/** ErrValuesReference.Error(), as helm-controller reports it in its ValuesError condition and event. */
function refError(ref: ValuesReference, namespace: string, reason: string): string {
  return (
    `could not resolve${ref.optional ? ' optional' : ''}${ref.kind ? ` ${ref.kind}` : ''} chart values reference` +
    ` '${namespace}/${ref.name}' with key '${keyOf(ref)}': ${reason}`
  );
}

class ValuesRefError extends Error {}

/** ReplacePathValue / ReplacePathLiteralValue. */
function writeAtPath(result: VMap, ref: ValuesReference, value: string, src: number): void {
  if (ref.literal) {
    const escaped = value.replace(/[\\,[\]{}]/g, c => `\\${c}`);
    parseInto(`${ref.targetPath}=${escaped}`, result, src, typedReader(src, true));
    return;
  }
  const quoted =
    (value.startsWith("'") && value.endsWith("'")) || (value.startsWith('"') && value.endsWith('"'));
  if (quoted) {
    const trimmed = value.replace(/^['"]+|['"]+$/g, '');
    parseInto(`${ref.targetPath}=${trimmed}`, result, src, typedReader(src, true));
    return;
  }
  parseInto(`${ref.targetPath}=${value}`, result, src, typedReader(src, false));
}

/** common.ReadValues: YAML into a map; empty or null documents are an empty map, anything else an error. */
function readValues(text: string, src: number): VMap {
  const doc: unknown = parse(text, { intAsBigInt: false, uniqueKeys: false });
  if (doc === null || doc === undefined) return vmap(src);
  if (typeof doc !== 'object' || Array.isArray(doc))
    throw new Error(
      `error unmarshaling JSON: json: cannot unmarshal ${Array.isArray(doc) ? 'array' : typeof doc === 'string' ? 'string' : typeof doc} into Go value of type map[string]interface {}`,
    );
  return fromPlain(doc, src) as VMap;
}

function scalarText(value: unknown): string {
  if (typeof value === 'bigint') return value.toString();
  const text = stringify(value, { lineWidth: 0 }).replace(/\n$/, '');
  return text.includes('\n') ? JSON.stringify(value) : text;
}

type Annotate = (line: HelmValuesLine, node: VNode) => HelmValuesLine;

const isOpen = (n: VNode | undefined): boolean =>
  !!n && ((n.kind === 'map' && n.entries.size > 0) || (n.kind === 'list' && n.items.length > 0));

function valueText(n: VNode | undefined): string {
  if (!n) return 'null';
  if (n.kind === 'leaf') return scalarText(n.value);
  return n.kind === 'map' ? '{}' : '[]';
}

/**
 * YAML lines as sigs.k8s.io/yaml prints values (keys sorted, list items indented under their key); a map
 * inside a list opens on the dash line, so its keys sit one level deeper than the dash.
 */
function renderEntries(
  map: VMap,
  depth: number,
  dashFirst: boolean,
  lines: HelmValuesLine[],
  annotate: Annotate,
) {
  [...map.entries.keys()].sort().forEach((key, i) => {
    const child = map.entries.get(key);
    const dash = dashFirst && i === 0;
    const lineDepth = dash ? depth - 1 : depth;
    const head = `${dash ? '- ' : ''}${scalarText(key)}:`;
    if (!isOpen(child)) {
      const line = { depth: lineDepth, text: `${head} ${valueText(child)}` };
      lines.push(child ? annotate(line, child) : line);
    } else {
      lines.push({ depth: lineDepth, text: head });
      renderChild(child!, depth + 1, lines, annotate);
    }
  });
}

function renderChild(node: VNode, depth: number, lines: HelmValuesLine[], annotate: Annotate) {
  if (node.kind === 'map') return renderEntries(node, depth, false, lines, annotate);
  if (node.kind !== 'list') return;
  for (const item of node.items) {
    if (!isOpen(item)) {
      const line = { depth, text: `- ${valueText(item)}` };
      lines.push(item ? annotate(line, item) : line);
    } else if (item!.kind === 'map') renderEntries(item!, depth + 1, true, lines, annotate);
    else {
      lines.push({ depth, text: '-' });
      renderChild(item!, depth + 1, lines, annotate);
    }
  }
}

/**
 * The merged values with their provenance. `configMaps` holds what the server read for each name of
 * `configMapsToRead(hr)`; a name missing from it counts as not found.
 */
export function helmValues(hr: ClusterObject, configMaps: ReadonlyMap<string, ConfigMapLookup>): HelmValues {
  const namespace = hr.metadata.namespace ?? '';
  const refs = valuesReferences(hr);
  const inlineIndex = refs.length;
  const rawInline = hr.spec?.['values'];
  const inline =
    rawInline && typeof rawInline === 'object' && !Array.isArray(rawInline)
      ? (fromPlain(rawInline, inlineIndex) as VMap)
      : undefined;
  const sources: HelmValuesSource[] = refs.map(ref => ({
    kind: ref.kind,
    name: ref.name,
    namespace,
    valuesKey: keyOf(ref),
    ...(ref.targetPath ? { targetPath: ref.targetPath } : {}),
    ...(ref.optional ? { optional: true } : {}),
    ...(ref.literal ? { literal: true } : {}),
    label: label(ref, namespace),
    state: 'not-reached' as const,
  }));
  sources.push({ kind: 'inline', label: 'inline spec.values', state: 'not-reached' });
  const rootSecrets: number[] = [];

  let result = vmap(-1);
  let error: string | undefined;
  refs.forEach((ref, i) => {
    if (error) return;
    const source = sources[i]!;
    try {
      if (ref.kind === 'Secret') {
        source.state = 'not-read';
        if (!ref.targetPath) {
          rootSecrets.push(i);
          source.message = 'merged at the root: its keys are not known here';
          return;
        }
        result = mergeMaps(result, inline);
        const placeholder = leaf(secretPlaceholder(namespace, ref), i, true);
        try {
          parseInto(`${ref.targetPath}=x`, result, i, () => placeholder);
        } catch (err) {
          throw new ValuesRefError(refError(ref, namespace, (err as Error).message));
        }
        return;
      }
      if (ref.kind !== 'ConfigMap')
        throw new ValuesRefError(refError(ref, namespace, 'unsupported values reference kind'));
      const found = configMaps.get(ref.name) ?? { state: 'not-found' as const };
      if (found.state === 'error') throw new ValuesRefError(found.message);
      if (found.state === 'not-found') {
        const reason = found.message ?? `configmaps "${ref.name}" not found`;
        if (ref.optional) {
          source.state = 'skipped';
          source.message = `optional, not found: ${reason}`;
          return;
        }
        throw new ValuesRefError(refError(ref, namespace, reason));
      }
      const data = found.data[keyOf(ref)];
      if (data === undefined) {
        if (ref.optional) {
          source.state = 'skipped';
          source.message = `optional, the ConfigMap has no key ${keyOf(ref)}`;
          return;
        }
        throw new ValuesRefError(refError(ref, namespace, 'key not found'));
      }
      if (ref.targetPath) {
        result = mergeMaps(result, inline);
        try {
          writeAtPath(result, ref, data, i);
        } catch (err) {
          throw new ValuesRefError(refError(ref, namespace, (err as Error).message));
        }
      } else {
        let doc: VMap;
        try {
          doc = readValues(data, i);
        } catch (err) {
          throw new ValuesRefError(refError(ref, namespace, (err as Error).message));
        }
        result = mergeMaps(result, doc);
      }
      source.state = 'merged';
    } catch (err) {
      error = (err as Error).message;
      source.state = 'failed';
      source.message = error;
    }
  });
  if (!error) {
    result = mergeMaps(result, inline);
    sources[inlineIndex]!.state = 'merged';
  }

  const lines: HelmValuesLine[] = [];
  renderEntries(result, 0, false, lines, (line, node) => {
    const out: HelmValuesLine = { ...line, source: node.src };
    if (node.overrode.size) out.overrode = [...node.overrode].sort((a, b) => a - b);
    const later = rootSecrets.filter(s => s > node.src);
    if (later.length) out.mayBeOverriddenBy = later;
    if (node.kind === 'leaf' && node.secret) out.secret = true;
    return out;
  });
  const values: HelmValues = { sources, lines, complete: !error };
  if (error) values.error = error;
  if (refs.some(r => r.kind === 'Secret')) values.secretsNote = SECRETS_NOTE;
  return values;
}

/** The values as YAML with a comment on each line saying where the value came from. */
export function renderHelmValuesText(values: HelmValues): string {
  const body = values.lines.map(l => {
    const text = `${'  '.repeat(l.depth)}${l.text}`;
    if (l.source === undefined) return text;
    const notes = [`from ${values.sources[l.source]?.label ?? '?'}`];
    if (l.overrode?.length)
      notes.push(`overrides ${l.overrode.map(i => values.sources[i]?.label ?? '?').join(', ')}`);
    if (l.mayBeOverriddenBy?.length)
      notes.push(
        `may be replaced by ${l.mayBeOverriddenBy.map(i => values.sources[i]?.label ?? '?').join(', ')}`,
      );
    return `${text}  # ${notes.join('; ')}`;
  });
  const head: string[] = [];
  if (values.error) head.push(`# helm-controller would fail: ${values.error}`);
  if (values.secretsNote) head.push(`# ${values.secretsNote}`);
  return [...head, ...(body.length ? body : ['{}'])].join('\n') + '\n';
}
