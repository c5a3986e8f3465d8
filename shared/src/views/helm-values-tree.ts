/**
 * Helm values as a tree whose leaves remember the source that set them, with Go's aliasing kept: helm-controller
 * merges maps with `MergeMaps` (a deep merge of maps; anything else, lists included, replaced whole) and writes
 * `targetPath` values in place with Helm's strvals parser, so nested maps shared between merge steps are shared
 * here too. That is what makes a targetPath value survive the final merge of `spec.values` when the path runs
 * through a map `spec.values` also has, and not otherwise.
 */

export type Scalar = string | number | bigint | boolean | null;

export interface VLeaf {
  kind: 'leaf';
  value: Scalar;
  src: number;
  /** Sources whose value at this place this one replaced. */
  overrode: Set<number>;
  /** A Secret's value that Fluxscope does not read. */
  secret?: boolean;
}
export interface VMap {
  kind: 'map';
  entries: Map<string, VNode>;
  src: number;
  overrode: Set<number>;
}
export interface VList {
  kind: 'list';
  items: Array<VNode | undefined>;
  src: number;
  overrode: Set<number>;
}
export type VNode = VLeaf | VMap | VList;

export const leaf = (value: Scalar, src: number, secret = false): VLeaf => ({
  kind: 'leaf',
  value,
  src,
  overrode: new Set(),
  ...(secret ? { secret } : {}),
});
export const vmap = (src: number): VMap => ({ kind: 'map', entries: new Map(), src, overrode: new Set() });
export const vlist = (src: number, items: Array<VNode | undefined> = []): VList => ({
  kind: 'list',
  items,
  src,
  overrode: new Set(),
});

/** Parsed YAML/JSON into a fresh tree owned by `src`. */
export function fromPlain(value: unknown, src: number): VNode {
  if (Array.isArray(value))
    return vlist(
      src,
      value.map(v => fromPlain(v, src)),
    );
  if (value && typeof value === 'object') {
    const m = vmap(src);
    for (const [k, v] of Object.entries(value as Record<string, unknown>))
      m.entries.set(k, fromPlain(v, src));
    return m;
  }
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
    return leaf(value, src);
  if (typeof value === 'bigint') return leaf(value, src);
  return leaf(null, src);
}

/** Every source that set something in this subtree. */
export function sourcesOf(node: VNode | undefined, out = new Set<number>()): Set<number> {
  if (!node) return out;
  if (node.kind === 'leaf') out.add(node.src);
  else if (node.kind === 'list') {
    if (node.items.length === 0) out.add(node.src);
    for (const item of node.items) sourcesOf(item, out);
  } else {
    if (node.entries.size === 0) out.add(node.src);
    for (const v of node.entries.values()) sourcesOf(v, out);
  }
  return out;
}

/** Records that `next` took the place of `previous` (nothing when it is the very same node). */
export function replaced(previous: VNode | undefined, next: VNode): void {
  if (!previous || previous === next) return;
  for (const s of sourcesOf(previous)) if (s !== next.src) next.overrode.add(s);
}

/**
 * chartutil.MergeMaps: a new top-level map; where both sides hold a map the merge recurses into a new map,
 * otherwise b's value (map, list or scalar) replaces a's, by reference.
 */
export function mergeMaps(a: VMap, b: VMap | undefined): VMap {
  const out: VMap = { kind: 'map', entries: new Map(a.entries), src: a.src, overrode: a.overrode };
  if (!b) return out;
  for (const [k, v] of b.entries) {
    const existing = out.entries.get(k);
    if (v.kind === 'map' && existing?.kind === 'map') {
      out.entries.set(k, mergeMaps(existing, v));
      continue;
    }
    replaced(existing, v);
    out.entries.set(k, v);
  }
  return out;
}

/** Go's type name of a value, for the parser's interface-conversion errors. */
export function goType(node: VNode | undefined): string {
  if (!node) return 'nil';
  if (node.kind === 'map') return 'map[string]interface {}';
  if (node.kind === 'list') return '[]interface {}';
  const v = node.value;
  if (v === null) return 'nil';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'bigint') return 'int64';
  return Number.isInteger(v) ? 'int64' : 'float64';
}
