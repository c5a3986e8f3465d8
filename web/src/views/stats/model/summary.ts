/**
 * The stats bar's one-line summary, and counts that hold still: an object that leaves its state for a
 * moment (a Ready object refreshing on its interval goes Ready=Unknown for a second or two, a failing one
 * retries) keeps its old state in the counts until the new one has lasted GRACE_MS. A new failure, or a
 * progression that lasts, shows at once or after the grace. Pure: the caller passes the clock.
 */
import type { ConnectionState, FluxState, StatsRow } from '@fluxscope/shared';

/** How long a short-lived progressing/unknown state stays out of the counts. */
export const GRACE_MS = 3000;

/** States a reconcile passes through briefly. */
const PASSING = new Set<FluxState>(['progressing', 'unknown']);

interface Tracked {
  state: FluxState;
  shown: FluxState;
  since: number;
}

export class SteadyStates {
  private readonly tracked = new Map<string, Tracked>();

  /** The state to count for `key` at `now`, given its state now. */
  shown(key: string, state: FluxState, now: number): FluxState {
    const t = this.tracked.get(key);
    if (!t) {
      this.tracked.set(key, { state, shown: state, since: now });
      return state;
    }
    if (t.state !== state) {
      t.state = state;
      t.since = now;
      if (!PASSING.has(state)) t.shown = state;
    } else if (t.shown !== state && now - t.since >= GRACE_MS) t.shown = state;
    return t.shown;
  }

  /** Whether some count is held back (the caller then looks again within GRACE_MS). */
  pending(): boolean {
    for (const t of this.tracked.values()) if (t.shown !== t.state) return true;
    return false;
  }

  /** Forget objects that are gone. */
  retain(keys: ReadonlySet<string>): void {
    for (const key of this.tracked.keys()) if (!keys.has(key)) this.tracked.delete(key);
  }
}

export type StateCounts = Record<FluxState, number>;

export const emptyCounts = (): StateCounts => ({
  ready: 0,
  progressing: 0,
  waiting: 0,
  failed: 0,
  stalled: 0,
  suspended: 0,
  unknown: 0,
});

export interface Summary {
  text: string;
  className: string;
  title?: string;
  /** The states the summary counts as not ready: its link filters the map to them. */
  notReady: FluxState[];
}

const ORDER: Array<[FluxState[], string]> = [
  [['failed', 'stalled'], 'failed'],
  [['waiting'], 'waiting'],
  [['progressing'], 'progressing'],
  [['unknown'], 'unknown'],
  [['suspended'], 'suspended'],
];

/** One truthful line: "All healthy" only when every object is Ready and the data is live. */
export function summarize(
  connection: ConnectionState,
  counts: StateCounts,
  rows: readonly StatsRow[],
  ageOf: (since: string | undefined) => string,
): Summary {
  if (connection.state === 'unreachable' || connection.state === 'misconfigured') {
    const since = connection.lastUpdate ?? connection.since;
    return {
      text: connection.lastUpdate ? `Data from ${ageOf(since)} ago` : 'No live data',
      className: 'st-unknown',
      title: 'The API server cannot be reached: these counts are the last known state',
      notReady: [],
    };
  }
  if (connection.fluxMissing && rows.length === 0)
    return { text: 'Flux not installed', className: 'st-unknown', notReady: [] };
  const parts: string[] = [];
  const notReady: FluxState[] = [];
  let className = '';
  for (const [states, word] of ORDER) {
    const n = states.reduce((sum, s) => sum + counts[s], 0);
    if (!n) continue;
    parts.push(`${n} ${word}`);
    notReady.push(...states);
    className ||= `st-${states[0]}`;
  }
  if (parts.length) return { text: parts.join(' · '), className, notReady };
  if (rows.length === 0) return { text: 'No Flux objects', className: 'st-unknown', notReady: [] };
  return { text: 'All healthy', className: 'st-ready', notReady: [] };
}
