/**
 * Wire types of the HelmRelease views: release history from `status.history` (helm-controller's Snapshots),
 * the values helm-controller would pass with where each key came from, and the release's state in plain words.
 */
import { type Static, Type } from '@sinclair/typebox';

export const HelmTestHookSchema = Type.Object(
  {
    name: Type.String(),
    phase: Type.Optional(Type.String()),
    lastStarted: Type.Optional(Type.String()),
    lastCompleted: Type.Optional(Type.String()),
  },
  { $id: 'HelmTestHook' },
);

/** One of helm-controller's release Snapshots (api/v2 Snapshot), every field it has. */
export const HelmSnapshotSchema = Type.Object(
  {
    apiVersion: Type.Optional(Type.String()),
    digest: Type.String(),
    name: Type.String(),
    namespace: Type.String(),
    version: Type.Integer(),
    status: Type.String(),
    /** install, upgrade, rollback, uninstall, uninstall-remediation (helm-controller >= 1.5). */
    action: Type.Optional(Type.String()),
    chartName: Type.String(),
    chartVersion: Type.String(),
    appVersion: Type.Optional(Type.String()),
    configDigest: Type.String(),
    firstDeployed: Type.Optional(Type.String()),
    lastDeployed: Type.Optional(Type.String()),
    deleted: Type.Optional(Type.String()),
    /** Absent: the release was not tested; empty: tested, the chart has no tests. */
    testHooks: Type.Optional(Type.Array(HelmTestHookSchema)),
    ociDigest: Type.Optional(Type.String()),
  },
  { $id: 'HelmSnapshot' },
);

/** A field that differs between two revisions. */
export const HelmChangeSchema = Type.Object(
  {
    field: Type.Union([
      Type.Literal('chartName'),
      Type.Literal('chartVersion'),
      Type.Literal('appVersion'),
      Type.Literal('configDigest'),
      Type.Literal('ociDigest'),
    ]),
    /** What it is called on screen: "chart version", "values"... */
    label: Type.String(),
    from: Type.String(),
    to: Type.String(),
  },
  { $id: 'HelmChange' },
);

export const HelmRevisionSchema = Type.Object(
  {
    snapshot: HelmSnapshotSchema,
    /** The revision running in the cluster now: the newest `deployed`, not deleted. */
    live: Type.Boolean(),
    /** Test hooks summed up: none (not tested), passed, failed, running, no-tests. */
    tests: Type.Union([
      Type.Literal('not-run'),
      Type.Literal('no-tests'),
      Type.Literal('passed'),
      Type.Literal('failed'),
      Type.Literal('running'),
    ]),
    /** What changed against the next older revision in the history (empty for the oldest). */
    changes: Type.Array(HelmChangeSchema),
  },
  { $id: 'HelmRevision' },
);

export const HelmHistorySchema = Type.Object(
  {
    release: Type.String(),
    /** Newest first. */
    revisions: Type.Array(HelmRevisionSchema),
    liveVersion: Type.Optional(Type.Integer()),
    lastAttemptedRevision: Type.Optional(Type.String()),
    lastAttemptedConfigDigest: Type.Optional(Type.String()),
    lastAttemptedReleaseAction: Type.Optional(Type.String()),
  },
  { $id: 'HelmHistory' },
);

export const HelmCompareSchema = Type.Object(
  {
    from: HelmSnapshotSchema,
    to: HelmSnapshotSchema,
    changes: Type.Array(HelmChangeSchema),
  },
  { $id: 'HelmCompare' },
);

export type HelmTestHook = Static<typeof HelmTestHookSchema>;
export type HelmSnapshot = Static<typeof HelmSnapshotSchema>;
export type HelmChange = Static<typeof HelmChangeSchema>;
export type HelmRevision = Static<typeof HelmRevisionSchema>;
export type HelmHistory = Static<typeof HelmHistorySchema>;
export type HelmCompare = Static<typeof HelmCompareSchema>;

/** One entry of the merge, in helm-controller's order: each `valuesFrom` reference, then `spec.values`. */
export const HelmValuesSourceSchema = Type.Object(
  {
    kind: Type.Union([
      Type.Literal('inline'),
      Type.Literal('ConfigMap'),
      Type.Literal('Secret'),
      Type.String(),
    ]),
    name: Type.Optional(Type.String()),
    namespace: Type.Optional(Type.String()),
    valuesKey: Type.Optional(Type.String()),
    targetPath: Type.Optional(Type.String()),
    optional: Type.Optional(Type.Boolean()),
    literal: Type.Optional(Type.Boolean()),
    /** e.g. "ConfigMap apps/podinfo-values key values.yaml at replicaCount". */
    label: Type.String(),
    /**
     * merged: read and merged; not-read: a Secret (never read); skipped: optional and not found;
     * failed: helm-controller would stop here with `message`; not-reached: after a failure.
     */
    state: Type.Union([
      Type.Literal('merged'),
      Type.Literal('not-read'),
      Type.Literal('skipped'),
      Type.Literal('failed'),
      Type.Literal('not-reached'),
    ]),
    message: Type.Optional(Type.String()),
  },
  { $id: 'HelmValuesSource' },
);

/** One line of the merged values as YAML, with where its value came from. */
export const HelmValuesLineSchema = Type.Object(
  {
    depth: Type.Integer({ minimum: 0 }),
    /** The YAML text of the line without indentation: `key: value`, `key:`, `- value`. */
    text: Type.String(),
    /** Index into `sources` of the source that set this value (absent on lines that only open a map or list). */
    source: Type.Optional(Type.Integer()),
    /** Earlier sources whose value here this one replaced. */
    overrode: Type.Optional(Type.Array(Type.Integer())),
    /** Secrets merged at the root after this value's source: they may replace it, unseen. */
    mayBeOverriddenBy: Type.Optional(Type.Array(Type.Integer())),
    /** The value is a Secret's, not read. */
    secret: Type.Optional(Type.Boolean()),
  },
  { $id: 'HelmValuesLine' },
);

export const HelmValuesSchema = Type.Object(
  {
    sources: Type.Array(HelmValuesSourceSchema),
    lines: Type.Array(HelmValuesLineSchema),
    /** False when helm-controller would fail to compose the values (`error`); lines then hold what came before. */
    complete: Type.Boolean(),
    error: Type.Optional(Type.String()),
    /** Why Secret values are shown as placeholders, when any source is a Secret. */
    secretsNote: Type.Optional(Type.String()),
  },
  { $id: 'HelmValues' },
);

export type HelmValuesSource = Static<typeof HelmValuesSourceSchema>;
export type HelmValuesLine = Static<typeof HelmValuesLineSchema>;
export type HelmValues = Static<typeof HelmValuesSchema>;

/** A condition with what it means in plain words. */
export const HelmConditionWordsSchema = Type.Object(
  {
    type: Type.String(),
    status: Type.String(),
    reason: Type.Optional(Type.String()),
    message: Type.Optional(Type.String()),
    lastTransitionTime: Type.Optional(Type.String()),
    words: Type.String(),
  },
  { $id: 'HelmConditionWords' },
);

const HelmEventSummary = Type.Object({
  type: Type.String(),
  reason: Type.String(),
  message: Type.String(),
  at: Type.Optional(Type.String()),
});

export const HelmReleaseStateSchema = Type.Object(
  {
    drift: Type.Object({
      /** spec.driftDetection.mode; helm-controller's default is disabled. */
      mode: Type.Union([
        Type.Literal('enabled'),
        Type.Literal('warn'),
        Type.Literal('disabled'),
        Type.String(),
      ]),
      ignoreRules: Type.Integer(),
      /** The Drifted condition, when drift detection runs. */
      condition: Type.Optional(HelmConditionWordsSchema),
      /** The newest DriftDetected, DriftCorrected or DriftCorrectionFailed event. */
      last: Type.Optional(HelmEventSummary),
      words: Type.String(),
    }),
    tests: Type.Object({
      enabled: Type.Boolean(),
      ignoreFailures: Type.Boolean(),
      condition: Type.Optional(HelmConditionWordsSchema),
      /** Test hooks of the newest revision. */
      hooks: Type.Array(HelmTestHookSchema),
      words: Type.String(),
    }),
    remediation: Type.Object({
      /** Which remediation applies: that of the last attempted action (install or upgrade). */
      action: Type.Optional(Type.String()),
      /** RemediateOnFailure (rollback/uninstall after a failure) or RetryOnFailure (try again, no remediation). */
      strategy: Type.String(),
      failures: Type.Integer(),
      installFailures: Type.Integer(),
      upgradeFailures: Type.Integer(),
      /** Configured retries; -1 retries for ever. */
      retries: Type.Integer(),
      /** Retries left before helm-controller stops (Stalled, RetriesExceeded); -1 when unlimited. */
      retriesLeft: Type.Integer(),
      exhausted: Type.Boolean(),
      words: Type.String(),
    }),
    /** Released, TestSuccess, Remediated (and Ready, Stalled, Drifted when present) in plain words. */
    conditions: Type.Array(HelmConditionWordsSchema),
    /** When Stalled with RetriesExceeded: why Reset comes first. */
    stalled: Type.Optional(Type.Object({ message: Type.String(), advice: Type.String() })),
  },
  { $id: 'HelmReleaseState' },
);

export type HelmConditionWords = Static<typeof HelmConditionWordsSchema>;
export type HelmReleaseState = Static<typeof HelmReleaseStateSchema>;

/** Something that depends on the object, and through what. */
export const ImpactEntrySchema = Type.Object(
  {
    ref: Type.Object({
      group: Type.String(),
      kind: Type.String(),
      namespace: Type.String(),
      name: Type.String(),
    }),
    /** dependsOn: waits on it; source: uses it as source; chart: its chart comes from it; applied: it applies this. */
    via: Type.Union([
      Type.Literal('dependsOn'),
      Type.Literal('source'),
      Type.Literal('chart'),
      Type.Literal('applied'),
    ]),
    /** The object it depends on (the root or another dependent). */
    from: Type.Object({
      group: Type.String(),
      kind: Type.String(),
      namespace: Type.String(),
      name: Type.String(),
    }),
    depth: Type.Integer({ minimum: 1 }),
  },
  { $id: 'ImpactEntry' },
);

export const ImpactSchema = Type.Object(
  {
    /** Flux objects that depend on it, nearest first. */
    dependents: Type.Array(ImpactEntrySchema),
    counts: Type.Object({
      kustomizations: Type.Integer(),
      helmReleases: Type.Integer(),
      /** Other Flux objects (HelmCharts, Terraform, image automation...). */
      otherFlux: Type.Integer(),
      /** Deployments, StatefulSets, DaemonSets, Jobs and CronJobs applied under it and its dependents. */
      workloads: Type.Integer(),
      /** Every non-Flux object applied under it and its dependents. */
      objects: Type.Integer(),
    }),
  },
  { $id: 'Impact' },
);

export type ImpactEntry = Static<typeof ImpactEntrySchema>;
export type Impact = Static<typeof ImpactSchema>;

/** One reconciliation seen in what the API holds (status.history, the status, or an Event). */
export const ReconcileSampleSchema = Type.Object(
  {
    at: Type.String(),
    /** Absent when only the outcome is known (a failure Event). */
    durationMs: Type.Optional(Type.Number()),
    ok: Type.Boolean(),
    reason: Type.String(),
    from: Type.Union([Type.Literal('history'), Type.Literal('status'), Type.Literal('event')]),
  },
  { $id: 'ReconcileSample' },
);

export const ReconcileStatsSchema = Type.Object(
  {
    ref: Type.Object({
      group: Type.String(),
      kind: Type.String(),
      namespace: Type.String(),
      name: Type.String(),
    }),
    /** Oldest first. */
    samples: Type.Array(ReconcileSampleSchema),
    timed: Type.Integer(),
    p50Ms: Type.Optional(Type.Number()),
    p95Ms: Type.Optional(Type.Number()),
    lastMs: Type.Optional(Type.Number()),
    /** Failures among the last `window` samples. */
    failures: Type.Integer(),
    window: Type.Integer(),
  },
  { $id: 'ReconcileStats' },
);

export type ReconcileSample = Static<typeof ReconcileSampleSchema>;
export type ReconcileStats = Static<typeof ReconcileStatsSchema>;
