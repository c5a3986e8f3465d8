/**
 * Map filters (namespace, kind, status) hide what they leave out; the map is laid out again, so hidden
 * nodes leave no holes, and edges survive only when both ends are visible. The text (`q`) is a search that
 * lights matches in place (find.ts) and hides nothing, unless "only matches" (`only=1`) is on: then it
 * filters like the others, as `q` alone did before.
 */
import type { FluxState, GraphModel, GraphNode } from '@fluxscope/shared';

export interface MapFilter {
  namespaces?: ReadonlySet<string>;
  kinds?: ReadonlySet<string>;
  states?: ReadonlySet<FluxState>;
  /** Case-insensitive substring of name, namespace or kind. */
  text?: string;
  /** Hide the nodes the text does not match, instead of dimming them. */
  only?: boolean;
}

/** Whether the filter removes nodes from the map (the search alone does not). */
export function hidesNodes(filter: MapFilter): boolean {
  return !!(
    filter.namespaces?.size ||
    filter.kinds?.size ||
    filter.states?.size ||
    (filter.only && filter.text)
  );
}

export function isFilterEmpty(filter: MapFilter): boolean {
  return !filter.namespaces?.size && !filter.kinds?.size && !filter.states?.size && !filter.text;
}

/** The nodes a text reaches through an object they manage (model/search.ts), as a set or a map. */
export type ViaOwned = Pick<ReadonlySet<string>, 'has'>;

export function matches(node: GraphNode, filter: MapFilter, viaOwned?: ViaOwned): boolean {
  if (filter.namespaces?.size && !filter.namespaces.has(node.ref.namespace)) return false;
  if (filter.kinds?.size && !filter.kinds.has(node.ref.kind)) return false;
  if (filter.states?.size && !filter.states.has(node.state)) return false;
  if (filter.text && filter.only) {
    const text = filter.text.toLowerCase();
    const hay = `${node.ref.kind} ${node.ref.namespace}/${node.ref.name}`.toLowerCase();
    if (!hay.includes(text) && !viaOwned?.has(node.id)) return false;
  }
  return true;
}

/** `viaOwned`: nodes the text reaches through an object they manage (model/search.ts). */
export function filterGraph(model: GraphModel, filter: MapFilter, viaOwned?: ViaOwned): GraphModel {
  if (!hidesNodes(filter)) return model;
  const nodes = model.nodes.filter(node => matches(node, filter, viaOwned));
  const visible = new Set(nodes.map(n => n.id));
  const edges = model.edges.filter(e => visible.has(e.source) && visible.has(e.target));
  return { nodes, edges };
}

/** The values the filter menus offer, with counts, from the unfiltered graph. */
export function facets(model: GraphModel): { namespaces: Map<string, number>; kinds: Map<string, number> } {
  const namespaces = new Map<string, number>();
  const kinds = new Map<string, number>();
  for (const node of model.nodes) {
    namespaces.set(node.ref.namespace, (namespaces.get(node.ref.namespace) ?? 0) + 1);
    kinds.set(node.ref.kind, (kinds.get(node.ref.kind) ?? 0) + 1);
  }
  return { namespaces, kinds };
}

/** Filter <-> URL query: `ns=a,b&kind=HelmRelease&status=failed,stalled&q=text&only=1`. */
export function filterFromParams(params: URLSearchParams): MapFilter {
  const list = (key: string) => {
    const raw = params.get(key);
    return raw ? new Set(raw.split(',').filter(Boolean)) : undefined;
  };
  const filter: MapFilter = {};
  const namespaces = list('ns');
  const kinds = list('kind');
  const states = list('status') as Set<FluxState> | undefined;
  if (namespaces) filter.namespaces = namespaces;
  if (kinds) filter.kinds = kinds;
  if (states) filter.states = states;
  const text = params.get('q');
  if (text) filter.text = text;
  if (params.get('only') === '1') filter.only = true;
  return filter;
}

export function filterToParams(filter: MapFilter): Record<string, string | undefined> {
  const join = (set?: ReadonlySet<string>) => (set?.size ? [...set].sort().join(',') : undefined);
  return {
    ns: join(filter.namespaces),
    kind: join(filter.kinds),
    status: join(filter.states),
    q: filter.text || undefined,
    only: filter.only && filter.text ? '1' : undefined,
  };
}
