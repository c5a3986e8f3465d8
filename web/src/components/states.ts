/**
 * One vocabulary for colour: every Flux state and every kstatus health maps to a `st-*` class (tokens.css)
 * and a word. Health of ordinary objects is folded into the Flux states so trees and graphs read alike.
 */
import type { ClusterObject, FluxState, Health, HealthStatus } from '@fluxscope/shared';
import { fluxStatus, healthOf, isFluxKind, splitApiVersion } from '@fluxscope/shared';

export const STATE_LABELS: Record<FluxState, string> = {
  ready: 'Ready',
  progressing: 'Progressing',
  waiting: 'Waiting',
  failed: 'Failed',
  stalled: 'Stalled',
  suspended: 'Suspended',
  unknown: 'Unknown',
};

export const STATE_HINTS: Record<FluxState, string> = {
  ready: 'Ready: the last reconciliation succeeded',
  progressing: 'Progressing: reconciliation in progress',
  waiting: 'Waiting on a dependency or its source',
  failed: 'Failed: the last reconciliation failed',
  stalled: 'Stalled: Flux stopped retrying',
  suspended: 'Suspended: reconciliation is paused',
  unknown: 'Unknown: not reconciled yet',
};

const HEALTH_STATES: Record<HealthStatus, FluxState> = {
  Current: 'ready',
  InProgress: 'progressing',
  Failed: 'failed',
  Terminating: 'suspended',
  Unknown: 'unknown',
  Exists: 'unknown',
};

export const HEALTH_LABELS: Record<HealthStatus, string> = {
  Current: 'Current',
  InProgress: 'In progress',
  Failed: 'Failed',
  Terminating: 'Terminating',
  Unknown: 'Unknown',
  Exists: 'Exists',
};

export function healthState(health: Health | undefined): FluxState {
  return health ? HEALTH_STATES[health.status] : 'unknown';
}

export interface ObjectState {
  state: FluxState;
  label: string;
  message: string;
  reason?: string;
  flux: boolean;
}

/** State of any object: Flux status for Flux kinds, kstatus health for the rest. */
export function objectState(obj: ClusterObject): ObjectState {
  if (isFluxKind(splitApiVersion(obj.apiVersion).group, obj.kind)) {
    const status = fluxStatus(obj);
    return {
      state: status.state,
      label: STATE_LABELS[status.state],
      message: status.message,
      reason: status.reason,
      flux: true,
    };
  }
  const health = healthOf(obj);
  return {
    state: healthState(health),
    label: HEALTH_LABELS[health.status],
    message: health.message,
    flux: false,
  };
}
