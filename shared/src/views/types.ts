/**
 * Result types of the pure views. The server returns them as JSON; the browser computes the same with the
 * same functions. The text renderers turn them into exactly what the flux CLI prints.
 */
import type { ObjRef } from '../inventory/ids.js';
import type { Condition, Health } from '../kube/types.js';
import type { FluxState, FluxStatus } from '../status/flux-status.js';
import type { WorkloadCause } from '../wire/diagnostics.js';

/** A node of `flux tree`: a Flux object (status) or an ordinary object (health), with its children. */
export interface TreeNode {
  ref: ObjRef;
  /** For Flux objects. */
  status?: FluxStatus;
  /** For ordinary objects; absent when the object is not in the cache (unwatched kind, Secret, not found). */
  health?: Health;
  /** False when the inventory names an object the cache does not hold (dangling or unwatched kind). */
  found: boolean;
  /** Children from the inventory (or Helm labels); when `owned` is requested, also ReplicaSets/Pods via ownerReferences. */
  children: TreeNode[];
  /** How this node became a child: listed in an inventory, found by Helm owner labels, or by ownerReferences. */
  via?: 'inventory' | 'helm-labels' | 'owner';
  /** A Kustomization listing one of its own ancestors: shown again here as a leaf, not expanded. */
  cycle?: boolean;
  /** Why the node is odd: a malformed inventory id (then ref.kind is 'Invalid' and ref.name the raw id). */
  error?: string;
}

export interface TreeOptions {
  /** `flux tree --compact`: only objects whose group contains `toolkit.fluxcd.io`. */
  compact?: boolean;
  /** Add ReplicaSets and Pods under workloads through ownerReferences (UI only; the flux text never has them). */
  owned?: boolean;
}

/** One link of a trace chain, from the object up to its source and its root. */
export interface TraceLink {
  ref: ObjRef;
  /** 'object' is the traced object; 'owner' a workload owner via ownerReferences; then the Flux chain. */
  role: 'object' | 'owner' | 'reconciler' | 'chart' | 'source' | 'parent';
  status?: FluxStatus;
  health?: Health;
  /** Facts shown on the card: URL, path, revision, chart, version, target namespace... in display order. */
  details: Array<{ label: string; value: string }>;
  /** True when the object was referenced but is not in the cache. */
  missing?: boolean;
  /** The object's Ready condition as stored (flux trace prints its status, time and message). */
  readyCondition?: Condition;
  /** A link Fluxscope adds that `flux trace` does not print (owners, a HelmChart not in status, a Bucket...). */
  extra?: boolean;
}

export interface TraceResult {
  object: ObjRef;
  /** False when no Flux owner was found: flux's "object not managed by Flux". */
  managed: boolean;
  /** Object, owners, reconciler, chart, source: what `flux trace` reports, in that order. */
  chain: TraceLink[];
  /** Parent Kustomizations from the reconciler up to the root, each with its source (beyond flux trace). */
  ancestors: TraceLink[];
}

export interface StatsRow {
  kind: string;
  running: number;
  failing: number;
  suspended: number;
  /** Sum of status.artifact.size in bytes. */
  storageBytes: number;
}

/** One `flux get all` table. Rows hold the printed cells, in the kind's column order. */
export interface GetAllTable {
  kind: string;
  columns: string[];
  rows: Array<{ ref: ObjRef; cells: string[]; state: FluxState }>;
}

export interface EventFilter {
  /** Events about objects of every kind, not only the Flux kinds `flux events` keeps. */
  all?: boolean;
  kind?: string;
  namespace?: string;
  name?: string;
  type?: string;
}

export type GraphLayer = 'entry' | 'deploy' | 'source';

export interface GraphNode {
  /** refKey of the object. */
  id: string;
  ref: ObjRef;
  layer: GraphLayer;
  state: FluxState;
  message: string;
  /** Short facts for the node card (revision, chart@version, path). */
  subtitle?: string;
  /** Root Kustomizations have no Flux parent. */
  root?: boolean;
  /**
   * Longest chain of same-layer predecessors (parent Kustomization, dependsOn targets, used sources), for
   * left-to-right ordering: root Kustomizations 0, their children 1, a dependsOn target's dependents after it.
   */
  rank: number;
  /** A placeholder for a referenced object that is not in the cache (its edges are `dangling`). */
  missing?: boolean;
}

export interface GraphEdge {
  id: string;
  source: string;
  target: string;
  /** dependsOn: source depends on target; parent: source applied target; uses-source: source uses target. */
  type: 'dependsOn' | 'parent' | 'uses-source';
  /** The target is missing from the cache (reference to an object that does not exist). */
  dangling?: boolean;
}

export interface GraphModel {
  nodes: GraphNode[];
  edges: GraphEdge[];
}

export interface RootCause {
  /** The object that is blocked. */
  object: ObjRef;
  /** The chain followed from the object to the culprit (dependsOn or source references). */
  path: ObjRef[];
  /** The first object down the chain that is failing (or missing) itself rather than waiting on another. */
  culprit: ObjRef;
  culpritState: FluxState | 'missing';
  message: string;
  /** Below a failing Kustomization/HelmRelease culprit: its first unhealthy workload and that one's Pod. */
  workload?: WorkloadCause;
}

export interface TimelineBar {
  ref: ObjRef;
  /** ISO times: when its reconciliation started (first seen progressing) and turned Ready. */
  start?: string;
  ready?: string;
  state: FluxState;
  /** dependsOn refs (keys), to lay bars along chains. */
  dependsOn: string[];
  critical: boolean;
  /** refKey of the Kustomization that applied it (it cannot start before that one applied it). */
  parent?: string;
  /** ready - start, when both are known. */
  durationMs?: number;
}
