/** What the fleet page says about a cluster's connection and states, in the app's one state vocabulary. */
import type { FleetCluster, FleetConnection, FluxState } from '@fluxscope/shared';
import { STATES_WORST_FIRST, STATE_LABELS } from '@fluxscope/shared';

export interface ConnectionLook {
  /** The colour, from the state words. */
  state: FluxState;
  label: string;
}

/** Connected and fresh is ready; stale waits; connecting progresses; unreachable and misconfigured fail. */
export function connectionLook(connection: FleetConnection): ConnectionLook {
  if (connection.state === 'connected')
    return connection.staleSince
      ? { state: 'waiting', label: 'Stale' }
      : { state: 'ready', label: 'Connected' };
  if (connection.state === 'connecting') return { state: 'progressing', label: 'Connecting' };
  return {
    state: 'failed',
    label: connection.state === 'unreachable' ? 'Unreachable' : 'Misconfigured',
  };
}

/** The non-zero states of a row, worst first: "2 failed · 84 ready". */
export function stateBreakdown(row: FleetCluster): Array<{ state: FluxState; count: number; label: string }> {
  return STATES_WORST_FIRST.filter(s => row.states[s] > 0).map(s => ({
    state: s,
    count: row.states[s],
    label: STATE_LABELS[s].toLowerCase(),
  }));
}

/** The fleet in one line: "3 clusters · 1 with failures · 1 not connected". */
export function fleetHeadline(rows: readonly FleetCluster[]): string {
  const failing = rows.filter(r => r.failing > 0).length;
  const down = rows.filter(r => connectionLook(r.connection).state !== 'ready').length;
  const objects = rows.reduce((n, r) => n + r.objects, 0);
  return [
    `${rows.length} cluster${rows.length === 1 ? '' : 's'}`,
    `${objects} Flux objects`,
    failing ? `${failing} with failures` : 'none failing',
    ...(down ? [`${down} not connected or stale`] : []),
  ].join(' · ');
}
