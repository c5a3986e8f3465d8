/**
 * The slice of the Kubernetes object model Fluxscope reads and sends on: object identity, objects, Events,
 * conditions and health. Objects arrive as JSON from the API server (through client-node on the server,
 * through our own API in the browser), so these stay loose where Flux's CRDs evolve: spec and status are
 * open records, and every object keeps fields no schema names (additionalProperties).
 */
import { type Static, type TProperties, Type } from '@sinclair/typebox';
import { HEALTH_STATUSES } from '../status/states.js';
import { CrdSummarySchema, WorkloadStatusSchema } from './diagnostics.js';
import { literals } from './literals.js';

const open = <T extends TProperties>(props: T) => Type.Object(props, { additionalProperties: true });

/** Identity of any object; printed as inventory ids `<ns>_<name>_<group>_<kind>` or as flux prints `Kind/ns/name`. */
export const ObjRefSchema = Type.Object(
  {
    /** '' for the core group. */
    group: Type.String(),
    kind: Type.String(),
    /** '' for cluster-scoped objects. */
    namespace: Type.String(),
    name: Type.String(),
  },
  // No $id: it is nested in most responses, and one $id in several routes' schemas makes Ajv refuse them.
);

export const OwnerReferenceSchema = open({
  apiVersion: Type.String(),
  kind: Type.String(),
  name: Type.String(),
  uid: Type.String(),
  controller: Type.Optional(Type.Boolean()),
});

const StringMap = Type.Record(Type.String(), Type.String());

export const ObjectMetaSchema = open({
  name: Type.String(),
  namespace: Type.Optional(Type.String()),
  uid: Type.Optional(Type.String()),
  resourceVersion: Type.Optional(Type.String()),
  generation: Type.Optional(Type.Number()),
  creationTimestamp: Type.Optional(Type.String()),
  deletionTimestamp: Type.Optional(Type.String()),
  labels: Type.Optional(StringMap),
  annotations: Type.Optional(StringMap),
  ownerReferences: Type.Optional(Type.Array(OwnerReferenceSchema)),
  finalizers: Type.Optional(Type.Array(Type.String())),
  managedFields: Type.Optional(Type.Array(Type.Unknown())),
});

/** A condition as stored in status.conditions. */
export const ConditionSchema = open({
  type: Type.String(),
  /** 'True', 'False' or 'Unknown' (a string: the API server's, not ours). */
  status: Type.String(),
  reason: Type.Optional(Type.String()),
  message: Type.Optional(Type.String()),
  lastTransitionTime: Type.Optional(Type.String()),
  observedGeneration: Type.Optional(Type.Number()),
});

export const HealthStatusSchema = literals(HEALTH_STATUSES);

/** Health of an ordinary (non-Flux) object (kstatus), with why. */
export const HealthSchema = open({ status: HealthStatusSchema, message: Type.String() });

const OpenRecord = Type.Record(Type.String(), Type.Unknown());

/**
 * An object as Fluxscope stores and ships it. Flux objects keep spec and status (managedFields stripped);
 * objects that only appear in inventories are slim: metadata without annotations, no spec or status, and
 * the `health` computed from the full object before it was slimmed. Other top-level fields (data, rules,
 * type...) are dropped for slim objects and kept for Flux objects.
 */
export const ClusterObjectSchema = Type.Object(
  {
    apiVersion: Type.String(),
    kind: Type.String(),
    metadata: ObjectMetaSchema,
    spec: Type.Optional(OpenRecord),
    status: Type.Optional(OpenRecord),
    /** Only on slim objects. */
    health: Type.Optional(HealthSchema),
    /** Only on slim workloads (Deployment, StatefulSet, DaemonSet, ReplicaSet, Pod, Job, CronJob). */
    workload: Type.Optional(WorkloadStatusSchema),
    /** Only on slim CustomResourceDefinitions. */
    crd: Type.Optional(CrdSummarySchema),
  },
  { additionalProperties: true, $id: 'ClusterObject' },
);

/** A core/v1 Event about a Flux object, reduced to what `flux events` prints and the UI shows. */
export const FluxEventSchema = Type.Object(
  {
    /** namespace/name of the Event object itself: its identity for updates. */
    id: Type.String(),
    namespace: Type.String(),
    /** 'Normal' or 'Warning' (a string: the API server's). */
    type: Type.String(),
    reason: Type.String(),
    message: Type.String(),
    involvedObject: open({
      kind: Type.String(),
      name: Type.String(),
      namespace: Type.String(),
      apiVersion: Type.Optional(Type.String()),
      uid: Type.Optional(Type.String()),
    }),
    count: Type.Optional(Type.Number()),
    firstTimestamp: Type.Optional(Type.String()),
    lastTimestamp: Type.Optional(Type.String()),
    eventTime: Type.Optional(Type.String()),
    series: Type.Optional(open({ count: Type.Number(), lastObservedTime: Type.String() })),
    source: Type.Optional(Type.String()),
    resourceVersion: Type.Optional(Type.String()),
  },
  { additionalProperties: true, $id: 'FluxEvent' },
);

export type ObjRef = Static<typeof ObjRefSchema>;
export type OwnerReference = Static<typeof OwnerReferenceSchema>;
export type ObjectMeta = Static<typeof ObjectMetaSchema>;
export type Condition = Static<typeof ConditionSchema>;
export type Health = Static<typeof HealthSchema>;
/** The schema keeps objects open; so does the type, for the fields no schema names. */
export type ClusterObject = Static<typeof ClusterObjectSchema> & { [field: string]: unknown };
export type FluxEvent = Static<typeof FluxEventSchema>;
