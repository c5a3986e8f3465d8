/** GET /api/v1/objects/{group}/{kind}/{namespace}/{name}: what the object page shows beyond the live object. */
import { type Static, Type } from '@sinclair/typebox';
import { ClusterObjectSchema, ConditionSchema, HealthSchema, ObjRefSchema } from './kube.js';
import { FluxStatusSchema } from './views.js';

export const ObjectDetailSchema = Type.Object({
  ref: ObjRefSchema,
  apiVersion: Type.String(),
  flux: Type.Boolean(),
  fluxStatus: Type.Optional(FluxStatusSchema),
  health: Type.Optional(HealthSchema),
  conditions: Type.Array(ConditionSchema),
  /** Facts from the spec worth a glance (source, path, chart, interval...), in display order. */
  summary: Type.Array(Type.Object({ label: Type.String(), value: Type.String() })),
  /** The object as stored (Flux objects whole without managedFields; others slim), as YAML. */
  yaml: Type.String(),
  object: ClusterObjectSchema,
});

export type ObjectDetail = Static<typeof ObjectDetailSchema>;
