/**
 * Options of the pure views. Their results are the wire contract's types (wire/views.ts): the server returns
 * them as JSON, the browser computes the same with the same functions, and the text renderers turn them
 * into exactly what the flux CLI prints.
 */
export type {
  GetAllTable,
  GraphEdge,
  GraphLayer,
  GraphModel,
  GraphNode,
  RootCause,
  StatsRow,
  TimelineBar,
  TraceLink,
  TraceResult,
  TreeNode,
} from '../wire/views.js';

export interface TreeOptions {
  /** `flux tree --compact`: only objects whose group contains `toolkit.fluxcd.io`. */
  compact?: boolean;
  /** Add ReplicaSets and Pods under workloads through ownerReferences (UI only; the flux text never has them). */
  owned?: boolean;
}

export interface EventFilter {
  /** Events about objects of every kind, not only the Flux kinds `flux events` keeps. */
  all?: boolean;
  kind?: string;
  namespace?: string;
  name?: string;
  type?: string;
}
