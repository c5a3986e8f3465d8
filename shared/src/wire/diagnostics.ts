/**
 * Wire types of workload diagnostics: the status summary kept on slim workload objects (replicas, images,
 * rollout, containers, job runs), the CRD summary kept on slim CRDs, the workload/Pod behind a root cause, and
 * the Flux runtime view (controllers, CRDs, notifications). Types come from `Static<>`.
 */
import { type Static, Type } from '@sinclair/typebox';

const Ref = Type.Object({
  group: Type.String(),
  kind: Type.String(),
  namespace: Type.String(),
  name: Type.String(),
});

/** A container's last termination (`lastState.terminated`). */
export const TerminationSchema = Type.Object({
  exitCode: Type.Integer(),
  reason: Type.Optional(Type.String()),
  signal: Type.Optional(Type.Integer()),
  finishedAt: Type.Optional(Type.String()),
});

export const ContainerStateSchema = Type.Object(
  {
    name: Type.String(),
    image: Type.String(),
    /** An init container (runs before the others, one at a time). */
    init: Type.Optional(Type.Boolean()),
    ready: Type.Boolean(),
    restarts: Type.Integer(),
    state: Type.Union([
      Type.Literal('running'),
      Type.Literal('waiting'),
      Type.Literal('terminated'),
      Type.Literal('unknown'),
    ]),
    /** waiting/terminated reason (CrashLoopBackOff, ImagePullBackOff, Completed, Error, OOMKilled...). */
    reason: Type.Optional(Type.String()),
    /** waiting/terminated message, cut to 300 characters. */
    message: Type.Optional(Type.String()),
    exitCode: Type.Optional(Type.Integer()),
    /** running: startedAt; terminated: finishedAt. */
    since: Type.Optional(Type.String()),
    last: Type.Optional(TerminationSchema),
  },
  { $id: 'ContainerState' },
);

/**
 * What the workload pages need, computed from the whole object before it is slimmed. No env, commands,
 * volumes or probes: names, images, counters, states and reasons only.
 */
export const WorkloadStatusSchema = Type.Object(
  {
    /** Deployment, StatefulSet, ReplicaSet: spec.replicas / status; DaemonSet: desiredNumberScheduled... */
    replicas: Type.Optional(
      Type.Object({
        desired: Type.Integer(),
        ready: Type.Integer(),
        updated: Type.Integer(),
        available: Type.Integer(),
      }),
    ),
    /** Images of the (pod template's) containers, init containers first. */
    images: Type.Array(Type.String()),
    /** Deployment: the Progressing condition; StatefulSet/DaemonSet: revision or update progress. */
    rollout: Type.Optional(
      Type.Object({
        status: Type.String(),
        reason: Type.Optional(Type.String()),
        message: Type.Optional(Type.String()),
      }),
    ),
    pod: Type.Optional(
      Type.Object({
        phase: Type.String(),
        node: Type.Optional(Type.String()),
        /** status.reason / message (Evicted, NodeLost...). */
        reason: Type.Optional(Type.String()),
        message: Type.Optional(Type.String()),
        startTime: Type.Optional(Type.String()),
        ready: Type.Boolean(),
        containers: Type.Array(ContainerStateSchema),
      }),
    ),
    job: Type.Optional(
      Type.Object({
        result: Type.Union([Type.Literal('Complete'), Type.Literal('Failed'), Type.Literal('Running')]),
        active: Type.Integer(),
        succeeded: Type.Integer(),
        failed: Type.Integer(),
        startTime: Type.Optional(Type.String()),
        completionTime: Type.Optional(Type.String()),
        message: Type.Optional(Type.String()),
      }),
    ),
    cronJob: Type.Optional(
      Type.Object({
        schedule: Type.String(),
        suspended: Type.Boolean(),
        active: Type.Integer(),
        lastScheduleTime: Type.Optional(Type.String()),
        lastSuccessfulTime: Type.Optional(Type.String()),
      }),
    ),
  },
  { $id: 'WorkloadStatus' },
);

/** A CustomResourceDefinition's versions, kept on the slim CRD object. */
export const CrdSummarySchema = Type.Object(
  {
    group: Type.String(),
    kind: Type.String(),
    plural: Type.String(),
    versions: Type.Array(
      Type.Object({
        name: Type.String(),
        served: Type.Boolean(),
        storage: Type.Boolean(),
        deprecated: Type.Optional(Type.Boolean()),
      }),
    ),
    /** status.storedVersions: every version objects may still be stored in. */
    storedVersions: Type.Array(Type.String()),
  },
  { $id: 'CrdSummary' },
);

/** Below a Flux culprit: the first unhealthy workload it applied, and that workload's worst Pod. */
export const WorkloadCauseSchema = Type.Object(
  {
    workload: Ref,
    workloadMessage: Type.String(),
    pod: Type.Optional(Ref),
    /** The container the line is about, when one is at fault. */
    container: Type.Optional(Type.String()),
    /** One line: `Pod ns/name: container c CrashLoopBackOff, 14 restarts, last exit 1 (Error) 2m ago`. */
    line: Type.String(),
  },
  { $id: 'WorkloadCause' },
);

export const FluxControllerSchema = Type.Object({
  ref: Ref,
  name: Type.String(),
  /** The image tag of its first container (the controller's version), or '' without one. */
  version: Type.String(),
  image: Type.String(),
  ready: Type.Integer(),
  desired: Type.Integer(),
  restarts: Type.Integer(),
  health: Type.String(),
  message: Type.String(),
  pods: Type.Array(Ref),
  /** Its newest Warning events (the Deployment's and its Pods'), newest first. */
  warnings: Type.Array(
    Type.Object({
      reason: Type.String(),
      message: Type.String(),
      time: Type.String(),
      object: Type.String(),
    }),
  ),
});

export const FluxCrdSchema = Type.Object({
  name: Type.String(),
  group: Type.String(),
  kind: Type.String(),
  served: Type.Array(Type.String()),
  storage: Type.String(),
  deprecated: Type.Array(Type.String()),
  storedVersions: Type.Array(Type.String()),
  /** storedVersions holds more than the storage version: objects may be stored in an old one (flux migrate). */
  needsMigration: Type.Boolean(),
  /** Inventory entries that apply this kind in a deprecated or no longer served version. */
  deprecatedUses: Type.Array(Type.Object({ object: Ref, version: Type.String(), appliedBy: Ref })),
});

export const AlertCoverageSchema = Type.Object({
  ref: Ref,
  ready: Type.String(),
  state: Type.String(),
  message: Type.String(),
  provider: Type.String(),
  severity: Type.String(),
  suspended: Type.Boolean(),
  /** The eventSources as written: `Kind/ns/name`, `*` names, matchLabels. */
  sources: Type.Array(Type.String()),
  /** The watched Flux objects those sources select. */
  covers: Type.Array(Ref),
});

export const FluxRuntimeSchema = Type.Object(
  {
    namespace: Type.String(),
    controllers: Type.Array(FluxControllerSchema),
    crds: Type.Array(FluxCrdSchema),
    alerts: Type.Array(AlertCoverageSchema),
    providers: Type.Array(
      Type.Object({
        ref: Ref,
        type: Type.String(),
        ready: Type.String(),
        state: Type.String(),
        message: Type.String(),
      }),
    ),
    receivers: Type.Array(
      Type.Object({
        ref: Ref,
        type: Type.String(),
        ready: Type.String(),
        state: Type.String(),
        message: Type.String(),
        resources: Type.Array(Type.String()),
      }),
    ),
  },
  { $id: 'FluxRuntime' },
);

export type Termination = Static<typeof TerminationSchema>;
export type ContainerState = Static<typeof ContainerStateSchema>;
export type WorkloadStatus = Static<typeof WorkloadStatusSchema>;
export type CrdSummary = Static<typeof CrdSummarySchema>;
export type WorkloadCause = Static<typeof WorkloadCauseSchema>;
export type FluxController = Static<typeof FluxControllerSchema>;
export type FluxCrd = Static<typeof FluxCrdSchema>;
export type AlertCoverage = Static<typeof AlertCoverageSchema>;
export type FluxRuntime = Static<typeof FluxRuntimeSchema>;
