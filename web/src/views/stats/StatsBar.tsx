/**
 * `flux stats` as a strip under the header, always visible: per kind, running / failing / suspended.
 * Each number is a link that filters the map to that kind (and state).
 */
import type { ClusterIndex, ConnectionState, StatsRow } from '@fluxscope/shared';
import {
  STATS_ORDER,
  computeStats,
  fluxObjectsOfKind,
  fluxStatus,
  isBroken,
  kindShortName,
} from '@fluxscope/shared';
import { CopyTextButton } from '../../components/CopyTextButton';
import { apiPaths } from '../../data/api';
import { useCluster, useClusterMaybe, useFluxMemo } from '../../data/cluster-context';
import { age, useNow } from '../../components/time';
import { Link } from '../../router/router';
import { hrefs } from '../../router/routes';

export function StatsBar() {
  const view = useClusterMaybe();
  if (!view) return <div className="statsbar" aria-hidden="true" />;
  return <LoadedStatsBar />;
}

function LoadedStatsBar() {
  const { index, state } = useCluster();
  // Stats are a glance: on big clusters a refresh every half second is plenty.
  const throttle = { throttleMs: index.size > 5000 ? 500 : 0 };
  const rows = useFluxMemo(
    idx => computeStats(idx).filter(r => r.running + r.failing + r.suspended > 0),
    [],
    throttle,
  );
  const counts = useFluxMemo(stateCounts, [], throttle);
  const now = useNow(1000);
  const summary = summarize(state.connection, counts, rows, now);
  return (
    <nav className="statsbar" aria-label="Flux stats">
      <span className={`statsbar__total ${summary.className}`} title={summary.title}>
        <span className="dot" aria-hidden="true" />
        {summary.text}
      </span>
      <ul className="statsbar__list">
        {rows.map(row => (
          <li key={row.kind} className="stat">
            <Link
              href={hrefs.map({ kind: row.kind })}
              className="stat__kind"
              title={`${row.kind}: ${row.running} running, ${row.failing} failing, ${row.suspended} suspended`}
              aria-label={`${row.kind}: ${row.running} running, ${row.failing} failing, ${row.suspended} suspended`}
            >
              <span className="stat__abbr">{kindShortName(row.kind)}</span>
              <span className="stat__n st-ready num">{row.running}</span>
            </Link>
            {row.failing > 0 && (
              <Link
                href={hrefs.map({ kind: row.kind, status: 'failed,stalled,waiting' })}
                className={`stat__n stat__bad num ${(counts.brokenByKind.get(row.kind) ?? 0) > 0 ? 'st-failed' : 'st-waiting'}`}
                aria-label={`${row.failing} ${row.kind} failing`}
              >
                {row.failing}
              </Link>
            )}
            {row.suspended > 0 && (
              <Link
                href={hrefs.map({ kind: row.kind, status: 'suspended' })}
                className="stat__n stat__bad st-suspended num"
                aria-label={`${row.suspended} ${row.kind} suspended`}
              >
                {row.suspended}
              </Link>
            )}
          </li>
        ))}
      </ul>
      <CopyTextButton path={apiPaths.statsText} what="flux stats" label="Copy stats" />
    </nav>
  );
}

interface StateCounts {
  /** Failed or stalled: needs a human. */
  broken: number;
  /** Waiting on a dependency or its source: Ready=False for flux, amber on the map. */
  waiting: number;
  brokenByKind: Map<string, number>;
}

/** The map's vocabulary (fluxStatus) rather than flux stats' Ready=False, so the bar and the map agree. */
function stateCounts(index: ClusterIndex): StateCounts {
  const counts: StateCounts = { broken: 0, waiting: 0, brokenByKind: new Map() };
  for (const kind of STATS_ORDER) {
    for (const obj of fluxObjectsOfKind(index, kind, {})) {
      const state = fluxStatus(obj).state;
      if (state === 'waiting') counts.waiting++;
      else if (isBroken(state)) {
        counts.broken++;
        counts.brokenByKind.set(kind, (counts.brokenByKind.get(kind) ?? 0) + 1);
      }
    }
  }
  return counts;
}

interface Summary {
  text: string;
  className: string;
  title?: string;
}

/** One truthful line: never "All healthy" when the data is stale or there is no Flux to be healthy. */
export function summarize(
  connection: ConnectionState,
  counts: Pick<StateCounts, 'broken' | 'waiting'>,
  rows: readonly StatsRow[],
  now: number,
): Summary {
  if (connection.state === 'unreachable' || connection.state === 'misconfigured') {
    const since = connection.lastUpdate ?? connection.since;
    return {
      text: connection.lastUpdate ? `Data from ${age(since, now)} ago` : 'No live data',
      className: 'st-unknown',
      title: 'The API server cannot be reached: these counts are the last known state',
    };
  }
  if (connection.fluxMissing && rows.length === 0)
    return { text: 'Flux not installed', className: 'st-unknown' };
  const parts: string[] = [];
  if (counts.broken) parts.push(`${counts.broken} failed`);
  if (counts.waiting) parts.push(`${counts.waiting} waiting`);
  if (parts.length) return { text: parts.join(' · '), className: counts.broken ? 'st-failed' : 'st-waiting' };
  if (rows.length === 0) return { text: 'No Flux objects', className: 'st-unknown' };
  return { text: 'All healthy', className: 'st-ready' };
}
