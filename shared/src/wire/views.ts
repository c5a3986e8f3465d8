/**
 * Results of the pure views (tree, trace, stats, get all, graph, root cause, timeline) as the HTTP API sends
 * them: the server declares these as response schemas, and the view functions in `views/` return their
 * `Static<>` types. Objects stay open (additionalProperties) so a field added to a view is never silently
 * dropped by the serializer before its schema catches up.
 */
import { type Static, type TProperties, Type } from '@sinclair/typebox';
import { FLUX_STATES } from '../status/states.js';
import { WorkloadCauseSchema } from './diagnostics.js';
import { ConditionSchema, HealthSchema, ObjRefSchema } from './kube.js';
import { literals } from './literals.js';

const open = <T extends TProperties>(props: T) => Type.Object(props, { additionalProperties: true });

export const FluxStateSchema = literals(FLUX_STATES);
/** The status of a Flux object as `flux get` reads it, plus the state the UI colours by. */
export const FluxStatusSchema = open({
  /** READY as `flux get` prints it. */
  ready: literals(['True', 'False', 'Unknown']),
  /** MESSAGE as `flux get` prints it (not truncated). */
  message: Type.String(),
  reason: Type.String(),
  state: FluxStateSchema,
  suspended: Type.Boolean(),
  /** The Ready condition's lastTransitionTime, when there is one. */
  since: Type.Optional(Type.String()),
});

/** A node of `flux tree`: a Flux object (status) or an ordinary object (health), with its children. */
export const TreeNodeSchema = Type.Recursive(
  Self =>
    open({
      ref: ObjRefSchema,
      /** For Flux objects. */
      status: Type.Optional(FluxStatusSchema),
      /** For ordinary objects; absent when the object is not in the cache (unwatched kind, Secret, not found). */
      health: Type.Optional(HealthSchema),
      /** False when the inventory names an object the cache does not hold (dangling or unwatched kind). */
      found: Type.Boolean(),
      /** From the inventory (or Helm labels); with `owned`, also ReplicaSets/Pods via ownerReferences. */
      children: Type.Array(Self),
      /** How this node became a child: listed in an inventory, by Helm owner labels, or by ownerReferences. */
      via: Type.Optional(literals(['inventory', 'helm-labels', 'owner'])),
      /** A Kustomization listing one of its own ancestors: shown again here as a leaf, not expanded. */
      cycle: Type.Optional(Type.Boolean()),
      /** Why the node is odd: a malformed inventory id (then ref.kind is 'Invalid' and ref.name the raw id). */
      error: Type.Optional(Type.String()),
    }),
  { $id: 'TreeNode' },
);

const DetailsSchema = Type.Array(Type.Object({ label: Type.String(), value: Type.String() }));

/** One link of a trace chain, from the object up to its source and its root. */
export const TraceLinkSchema = open({
  ref: ObjRefSchema,
  /** 'object' is the traced object; 'owner' a workload owner via ownerReferences; then the Flux chain. */
  role: literals(['object', 'owner', 'reconciler', 'chart', 'source', 'parent']),
  status: Type.Optional(FluxStatusSchema),
  health: Type.Optional(HealthSchema),
  /** Facts shown on the card: URL, path, revision, chart, version, target namespace... in display order. */
  details: DetailsSchema,
  /** True when the object was referenced but is not in the cache. */
  missing: Type.Optional(Type.Boolean()),
  /** The object's Ready condition as stored (flux trace prints its status, time and message). */
  readyCondition: Type.Optional(ConditionSchema),
  /** A link Fluxscope adds that `flux trace` does not print (owners, a HelmChart not in status, a Bucket...). */
  extra: Type.Optional(Type.Boolean()),
});

export const TraceResultSchema = open({
  object: ObjRefSchema,
  /** False when no Flux owner was found: flux's "object not managed by Flux". */
  managed: Type.Boolean(),
  /** Object, owners, reconciler, chart, source: what `flux trace` reports, in that order. */
  chain: Type.Array(TraceLinkSchema),
  /** Parent Kustomizations from the reconciler up to the root, each with its source (beyond flux trace). */
  ancestors: Type.Array(TraceLinkSchema),
});

export const StatsRowSchema = open({
  kind: Type.String(),
  running: Type.Integer(),
  failing: Type.Integer(),
  suspended: Type.Integer(),
  /** Sum of status.artifact.size in bytes. */
  storageBytes: Type.Number(),
});

/** One `flux get all` table. Rows hold the printed cells, in the kind's column order. */
export const GetAllTableSchema = open({
  kind: Type.String(),
  columns: Type.Array(Type.String()),
  rows: Type.Array(open({ ref: ObjRefSchema, cells: Type.Array(Type.String()), state: FluxStateSchema })),
});

export const GraphLayerSchema = literals(['entry', 'deploy', 'source']);

export const GraphNodeSchema = open({
  /** refKey of the object. */
  id: Type.String(),
  ref: ObjRefSchema,
  layer: GraphLayerSchema,
  state: FluxStateSchema,
  message: Type.String(),
  /** Short facts for the node card (revision, chart@version, path). */
  subtitle: Type.Optional(Type.String()),
  /** Root Kustomizations have no Flux parent. */
  root: Type.Optional(Type.Boolean()),
  /**
   * Longest chain of same-layer predecessors (parent Kustomization, dependsOn targets, used sources), for
   * left-to-right ordering: root Kustomizations 0, their children 1, a dependsOn target's dependents after it.
   */
  rank: Type.Number(),
  /** A placeholder for a referenced object that is not in the cache (its edges are `dangling`). */
  missing: Type.Optional(Type.Boolean()),
});

export const GraphEdgeSchema = open({
  id: Type.String(),
  source: Type.String(),
  target: Type.String(),
  /** dependsOn: source depends on target; parent: source applied target; uses-source: source uses target. */
  type: literals(['dependsOn', 'parent', 'uses-source']),
  /** The target is missing from the cache (reference to an object that does not exist). */
  dangling: Type.Optional(Type.Boolean()),
});

export const GraphModelSchema = open({
  nodes: Type.Array(GraphNodeSchema),
  edges: Type.Array(GraphEdgeSchema),
});

export const RootCauseSchema = open({
  /** The object that is blocked. */
  object: ObjRefSchema,
  /** The chain followed from the object to the culprit (dependsOn or source references). */
  path: Type.Array(ObjRefSchema),
  /** The first object down the chain that is failing (or missing) itself rather than waiting on another. */
  culprit: ObjRefSchema,
  culpritState: literals([...FLUX_STATES, 'missing']),
  message: Type.String(),
  /** Below a failing Kustomization/HelmRelease culprit: its first unhealthy workload and that one's Pod. */
  workload: Type.Optional(WorkloadCauseSchema),
});

export const TimelineBarSchema = open({
  ref: ObjRefSchema,
  /** ISO times: when its reconciliation started (first seen progressing) and turned Ready. */
  start: Type.Optional(Type.String()),
  ready: Type.Optional(Type.String()),
  state: FluxStateSchema,
  /** dependsOn refs (keys), to lay bars along chains. */
  dependsOn: Type.Array(Type.String()),
  critical: Type.Boolean(),
  /** refKey of the Kustomization that applied it (it cannot start before that one applied it). */
  parent: Type.Optional(Type.String()),
  /** ready - start, when both are known. */
  durationMs: Type.Optional(Type.Number()),
});

export type FluxStatus = Static<typeof FluxStatusSchema>;
export type TreeNode = Static<typeof TreeNodeSchema>;
export type TraceLink = Static<typeof TraceLinkSchema>;
export type TraceResult = Static<typeof TraceResultSchema>;
export type StatsRow = Static<typeof StatsRowSchema>;
export type GetAllTable = Static<typeof GetAllTableSchema>;
export type GraphLayer = Static<typeof GraphLayerSchema>;
export type GraphNode = Static<typeof GraphNodeSchema>;
export type GraphEdge = Static<typeof GraphEdgeSchema>;
export type GraphModel = Static<typeof GraphModelSchema>;
export type RootCause = Static<typeof RootCauseSchema>;
export type TimelineBar = Static<typeof TimelineBarSchema>;
