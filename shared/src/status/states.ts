/**
 * The one vocabulary of states: the words a Flux object's state and an ordinary object's health take, what
 * the UI calls them, and how health folds into the Flux states so trees, traces and the map read alike.
 * The wire schemas (`wire/views.ts`) take their literals from the lists here.
 */

/**
 * - ready: Ready=True
 * - progressing: Ready=Unknown, or Reconciling=True while not failed
 * - waiting: Ready=False because a dependency or the source is not ready (DependencyNotReady, SourceNotReady)
 * - failed: Ready=False for any other reason
 * - stalled: Stalled=True (retries exhausted; Flux will not try again on its own)
 * - suspended: spec.suspend=true, whatever the conditions say
 * - unknown: no Ready condition yet ("waiting to be reconciled")
 */
export const FLUX_STATES = [
  'ready',
  'progressing',
  'waiting',
  'failed',
  'stalled',
  'suspended',
  'unknown',
] as const;
export type FluxState = (typeof FLUX_STATES)[number];

/** Health of an ordinary (non-Flux) object, in kstatus' words plus `Exists` for kinds without a status model. */
export const HEALTH_STATUSES = [
  'Current',
  'InProgress',
  'Failed',
  'Terminating',
  'Unknown',
  'Exists',
] as const;
export type HealthStatus = (typeof HEALTH_STATUSES)[number];

/** Worst first: the order people scan a list in (failing on top). */
export const STATES_WORST_FIRST: readonly FluxState[] = [
  'stalled',
  'failed',
  'waiting',
  'progressing',
  'unknown',
  'suspended',
  'ready',
];

/** Failed or stalled: broken in itself. */
export function isBroken(state: FluxState): boolean {
  return state === 'failed' || state === 'stalled';
}

/** Broken, or waiting on something that may be: where a root cause is worth looking for. */
export function isBlocked(state: FluxState): boolean {
  return isBroken(state) || state === 'waiting';
}

/** A state's name as a label or a column shows it. */
export const STATE_LABELS: Record<FluxState, string> = {
  ready: 'Ready',
  progressing: 'Progressing',
  waiting: 'Waiting',
  failed: 'Failed',
  stalled: 'Stalled',
  suspended: 'Suspended',
  unknown: 'Unknown',
};

/** A state explained in one line (tooltips). */
export const STATE_HINTS: Record<FluxState, string> = {
  ready: 'Ready: the last reconciliation succeeded',
  progressing: 'Progressing: reconciliation in progress',
  waiting: 'Waiting on a dependency or its source',
  failed: 'Failed: the last reconciliation failed',
  stalled: 'Stalled: Flux stopped retrying',
  suspended: 'Suspended: reconciliation is paused',
  unknown: 'Unknown: not reconciled yet',
};

/** A state as words in a sentence ("Kustomization flux-system/apps, waiting on a dependency"). */
export const STATE_PHRASES: Record<FluxState, string> = {
  ready: 'ready',
  progressing: 'progressing',
  waiting: 'waiting on a dependency',
  failed: 'failed',
  stalled: 'stalled',
  suspended: 'suspended',
  unknown: 'unknown',
};

export const HEALTH_LABELS: Record<HealthStatus, string> = {
  Current: 'Current',
  InProgress: 'In progress',
  Failed: 'Failed',
  Terminating: 'Terminating',
  Unknown: 'Unknown',
  Exists: 'Exists',
};

/** Health folded into the Flux states: Terminating reads as paused, Exists (no status model) as unknown. */
const HEALTH_STATES: Record<HealthStatus, FluxState> = {
  Current: 'ready',
  InProgress: 'progressing',
  Failed: 'failed',
  Terminating: 'suspended',
  Unknown: 'unknown',
  Exists: 'unknown',
};

export function healthState(health: { status: HealthStatus } | undefined): FluxState {
  return health ? HEALTH_STATES[health.status] : 'unknown';
}
