/**
 * Wire types of the logs API: a Pod's containers (what the Logs tab offers), the query of a `pods/log`
 * stream, and the Flux controller lines that name one object. The stream itself is text/plain.
 */
import { type Static, Type } from '@sinclair/typebox';
import { LOG_LIMITS } from '../logs/limits.js';

export const PodLogQuerySchema = Type.Object(
  {
    container: Type.Optional(
      Type.String({ minLength: 1, maxLength: 63, pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$' }),
    ),
    previous: Type.Optional(Type.Boolean({ description: 'the previous (terminated) container instance' })),
    follow: Type.Optional(Type.Boolean({ description: 'keep streaming new lines' })),
    sinceSeconds: Type.Optional(Type.Integer({ minimum: 1, maximum: 31_536_000 })),
    tailLines: Type.Optional(Type.Integer({ minimum: 0, maximum: LOG_LIMITS.maxTailLines })),
    timestamps: Type.Optional(Type.Boolean({ description: 'prefix each line with its RFC3339 time' })),
  },
  { $id: 'PodLogQuery' },
);

/** One container of a Pod as the Logs tab lists it. */
export const LogContainerSchema = Type.Object(
  {
    name: Type.String(),
    init: Type.Boolean(),
    /** `running`, `terminated: Error (exit 1)`, `waiting: ContainerCreating`, `not started`. */
    state: Type.String(),
    started: Type.Boolean({ description: 'has a current or terminated instance whose log can be read' }),
    restartCount: Type.Integer(),
    /** A previous instance exists (restarted at least once, or lastState.terminated is set). */
    hasPrevious: Type.Boolean(),
  },
  { $id: 'LogContainer' },
);

export const PodLogTargetsSchema = Type.Object(
  {
    namespace: Type.String(),
    pod: Type.String(),
    phase: Type.String(),
    containers: Type.Array(LogContainerSchema),
    limits: Type.Object({ maxTailLines: Type.Integer(), maxBytes: Type.Integer() }),
  },
  { $id: 'PodLogTargets' },
);

/** A Flux controller's JSON log line, parsed (controller-runtime's zap encoder). */
export const ControllerLogLineSchema = Type.Object(
  {
    /** ISO time as the controller wrote it (`ts`). */
    ts: Type.Optional(Type.String()),
    level: Type.String(),
    msg: Type.String(),
    error: Type.Optional(Type.String()),
    /** controller-runtime's controller name, e.g. `kustomization`. */
    controller: Type.Optional(Type.String()),
    reconcileID: Type.Optional(Type.String()),
    /** Other fields (revision, output, ...) as compact text, in the order written. */
    fields: Type.Array(Type.Object({ key: Type.String(), value: Type.String() })),
  },
  { $id: 'ControllerLogLine' },
);

export const ControllerLogsSchema = Type.Object(
  {
    /** e.g. `kustomize-controller`. */
    controller: Type.String(),
    /** The Pods read (namespace/name); empty when the controller's Pod was not found. */
    pods: Type.Array(Type.String()),
    /** Lines read from the end of the log(s) and how many name the object. */
    scanned: Type.Integer(),
    lines: Type.Array(ControllerLogLineSchema),
    /** Why nothing could be read (no Pod found, logs off, forbidden...). */
    message: Type.Optional(Type.String()),
  },
  { $id: 'ControllerLogs' },
);

/** A Flux controller's newest error lines (the Flux runtime page), read when asked and kept briefly. */
export const ControllerErrorsSchema = Type.Object(
  {
    /** The controller's Deployment, e.g. `helm-controller`. */
    controller: Type.String(),
    /** The Pods read (namespace/name). */
    pods: Type.Array(Type.String()),
    /** Lines read from the end of the log(s). */
    scanned: Type.Integer(),
    /** Its `level: error` lines among them, newest first, at most a few. */
    lines: Type.Array(ControllerLogLineSchema),
    /** When the server read the log (answers are reused for a few seconds). */
    readAt: Type.String(),
    /** Why nothing could be read (no Pod found, forbidden...). */
    message: Type.Optional(Type.String()),
  },
  { $id: 'ControllerErrors' },
);

export type PodLogQuery = Static<typeof PodLogQuerySchema>;
export type LogContainer = Static<typeof LogContainerSchema>;
export type PodLogTargets = Static<typeof PodLogTargetsSchema>;
export type ControllerLogLine = Static<typeof ControllerLogLineSchema>;
export type ControllerLogs = Static<typeof ControllerLogsSchema>;
export type ControllerErrors = Static<typeof ControllerErrorsSchema>;
