/**
 * Response schemas of the view routes, mirroring shared/src/views/types.ts (the contract). Objects stay
 * open (additionalProperties) so a field added to a view is never silently dropped by the serializer.
 */
import { Type } from '@sinclair/typebox';
import { WorkloadCauseSchema } from '@fluxscope/shared';

const open = <T extends Parameters<typeof Type.Object>[0]>(props: T) =>
  Type.Object(props, { additionalProperties: true });

export const ObjRef = Type.Object({
  group: Type.String(),
  kind: Type.String(),
  namespace: Type.String(),
  name: Type.String(),
});

export const FluxStatus = open({
  ready: Type.String(),
  message: Type.String(),
  reason: Type.String(),
  state: Type.String(),
  suspended: Type.Boolean(),
  since: Type.Optional(Type.String()),
});

export const Health = open({ status: Type.String(), message: Type.String() });

export const TreeNode = Type.Recursive(
  Self =>
    open({
      ref: ObjRef,
      status: Type.Optional(FluxStatus),
      health: Type.Optional(Health),
      found: Type.Boolean(),
      children: Type.Array(Self),
      via: Type.Optional(Type.String()),
    }),
  { $id: 'TreeNode' },
);

const Details = Type.Array(Type.Object({ label: Type.String(), value: Type.String() }));

export const TraceLink = open({
  ref: ObjRef,
  role: Type.String(),
  status: Type.Optional(FluxStatus),
  health: Type.Optional(Health),
  details: Details,
  missing: Type.Optional(Type.Boolean()),
});

export const TraceResult = open({
  object: ObjRef,
  managed: Type.Boolean(),
  chain: Type.Array(TraceLink),
  ancestors: Type.Array(TraceLink),
});

export const StatsRow = open({
  kind: Type.String(),
  running: Type.Integer(),
  failing: Type.Integer(),
  suspended: Type.Integer(),
  storageBytes: Type.Number(),
});

export const GetAllTable = open({
  kind: Type.String(),
  columns: Type.Array(Type.String()),
  rows: Type.Array(open({ ref: ObjRef, cells: Type.Array(Type.String()), state: Type.String() })),
});

export const GraphModel = open({
  nodes: Type.Array(
    open({
      id: Type.String(),
      ref: ObjRef,
      layer: Type.String(),
      state: Type.String(),
      message: Type.String(),
      subtitle: Type.Optional(Type.String()),
      root: Type.Optional(Type.Boolean()),
      rank: Type.Number(),
    }),
  ),
  edges: Type.Array(
    open({
      id: Type.String(),
      source: Type.String(),
      target: Type.String(),
      type: Type.String(),
      dangling: Type.Optional(Type.Boolean()),
    }),
  ),
});

export const RootCause = open({
  object: ObjRef,
  path: Type.Array(ObjRef),
  culprit: ObjRef,
  culpritState: Type.String(),
  message: Type.String(),
  workload: Type.Optional(Type.Object(WorkloadCauseSchema.properties)),
});

export const TimelineBar = open({
  ref: ObjRef,
  start: Type.Optional(Type.String()),
  ready: Type.Optional(Type.String()),
  state: Type.String(),
  dependsOn: Type.Array(Type.String()),
  critical: Type.Boolean(),
});
