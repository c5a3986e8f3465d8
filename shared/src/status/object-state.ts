/** The state of any object in the UI's words: Flux status for Flux kinds, kstatus health folded in for the rest. */
import type { ClusterObject } from '../kube/types.js';
import { splitApiVersion } from '../kube/types.js';
import { isFluxKind } from '../kinds/registry.js';
import { fluxStatus } from './flux-status.js';
import { healthOf } from './health.js';
import { type FluxState, HEALTH_LABELS, STATE_LABELS, healthState } from './states.js';

export interface ObjectState {
  state: FluxState;
  label: string;
  message: string;
  reason?: string;
  flux: boolean;
}

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
