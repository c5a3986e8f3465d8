/**
 * Map filters (namespace, kind, status, text). A filtered map is laid out again, so hidden nodes leave no
 * holes; edges survive only when both ends are visible.
 */
import type { FluxState, GraphModel, GraphNode } from '@fluxscope/shared';

export interface MapFilter {
  namespaces?: ReadonlySet<string>;
  kinds?: ReadonlySet<string>;
  states?: ReadonlySet<FluxState>;
  /** Case-insensitive substring of name, namespace or kind. */
  text?: string;
}

export function isFilterEmpty(filter: MapFilter): boolean {
  return !filter.namespaces?.size && !filter.kinds?.size && !filter.states?.size && !filter.text;
}

export function matches(node: GraphNode, filter: MapFilter, viaOwned?: ReadonlySet<string>): boolean {
  if (filter.namespaces?.size && !filter.namespaces.has(node.ref.namespace)) return false;
  if (filter.kinds?.size && !filter.kinds.has(node.ref.kind)) return false;
  if (filter.states?.size && !filter.states.has(node.state)) return false;
  if (filter.text) {
    const text = filter.text.toLowerCase();
    const hay = `${node.ref.kind} ${node.ref.namespace}/${node.ref.name}`.toLowerCase();
    if (!hay.includes(text) && !viaOwned?.has(node.id)) return false;
  }
  return true;
}

/** `viaOwned`: nodes the text reaches through an object they manage (model/search.ts). */
export function filterGraph(
  model: GraphModel,
  filter: MapFilter,
  viaOwned?: ReadonlySet<string>,
): GraphModel {
  if (isFilterEmpty(filter)) return model;
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

/** Filter <-> URL query: `ns=a,b&kind=HelmRelease&status=failed,stalled&q=text`. */
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
  return filter;
}

export function filterToParams(filter: MapFilter): Record<string, string | undefined> {
  const join = (set?: ReadonlySet<string>) => (set?.size ? [...set].sort().join(',') : undefined);
  return {
    ns: join(filter.namespaces),
    kind: join(filter.kinds),
    status: join(filter.states),
    q: filter.text || undefined,
  };
}
