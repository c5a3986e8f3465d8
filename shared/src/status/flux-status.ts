/**
 * The status of a Flux object, read as `flux get` reads it (Ready condition, or "waiting to be reconciled"),
 * plus the one-word state the UI colours by.
 */
import type { ClusterObject, Condition } from '../kube/types.js';
import { conditionOf } from '../kube/types.js';
import type { FluxStatus } from '../wire/views.js';
import type { FluxState } from './states.js';

// The state words are status/states.ts's; FluxStatus is the wire contract's (wire/views.ts).
export type { FluxState } from './states.js';
export type { FluxStatus } from '../wire/views.js';

const WAITING_REASONS = new Set(['DependencyNotReady', 'SourceNotReady']);

/** Static kinds that have no status: flux prints them as always ready. */
function staticStatus(obj: ClusterObject): { ready: 'True'; message: string } | undefined {
  if (obj.kind === 'Provider') return { ready: 'True', message: 'Provider is Ready' };
  if (obj.kind === 'Alert') return { ready: 'True', message: 'Alert is Ready' };
  if (obj.kind === 'HelmRepository' && obj.spec?.['type'] === 'oci') {
    return { ready: 'True', message: 'Helm repository is Ready' };
  }
  return undefined;
}

export function isSuspended(obj: ClusterObject): boolean {
  return obj.spec?.['suspend'] === true;
}

export function fluxStatus(obj: ClusterObject): FluxStatus {
  const suspended = isSuspended(obj);
  const fixed = staticStatus(obj);
  if (fixed) {
    return { ...fixed, reason: '', state: suspended ? 'suspended' : 'ready', suspended };
  }
  const ready: Condition | undefined = conditionOf(obj, 'Ready');
  if (!ready) {
    return {
      ready: 'False',
      message: 'waiting to be reconciled',
      reason: '',
      state: suspended ? 'suspended' : 'unknown',
      suspended,
    };
  }
  const readyStatus = ready.status === 'True' || ready.status === 'False' ? ready.status : 'Unknown';
  const reason = ready.reason ?? '';
  const stalled = conditionOf(obj, 'Stalled')?.status === 'True';
  const reconciling = conditionOf(obj, 'Reconciling')?.status === 'True';
  let state: FluxState;
  if (suspended) state = 'suspended';
  else if (stalled) state = 'stalled';
  else if (readyStatus === 'True') state = reconciling ? 'progressing' : 'ready';
  else if (readyStatus === 'Unknown') state = 'progressing';
  else if (WAITING_REASONS.has(reason)) state = 'waiting';
  else state = 'failed';
  const status: FluxStatus = { ready: readyStatus, message: ready.message ?? '', reason, state, suspended };
  if (ready.lastTransitionTime) status.since = ready.lastTransitionTime;
  return status;
}
