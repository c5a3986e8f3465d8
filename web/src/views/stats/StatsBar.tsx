/**
 * `flux stats` as a strip under the header, always visible: per kind, running / failing / suspended.
 * Each number is a link that filters the map to that kind (and state).
 */
import type { ClusterIndex } from '@fluxscope/shared';
import {
  STATS_ORDER,
  computeStats,
  fluxObjectsOfKind,
  fluxStatus,
  kindShortName,
  refKey,
  refOf,
} from '@fluxscope/shared';
import { useEffect, useRef, useState } from 'react';
import { CopyTextButton } from '../../components/CopyTextButton';
import { apiPaths } from '../../data/api';
import { useCluster, useClusterMaybe, useFluxMemo } from '../../data/cluster-context';
import { age, useNow } from '../../components/time';
import { Link } from '../../router/router';
import { hrefs } from '../../router/routes';
import { type StateCounts, SteadyStates, emptyCounts, summarize } from './model/summary';

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
  const now = useNow(1000);
  // Counts follow the steady states (model/summary.ts): recomputed on a change, and each second only while
  // some short-lived state is being held back.
  const steady = useRef(new SteadyStates());
  const [holding, setHolding] = useState(false);
  const tick = holding ? now : 0;
  const counts = useFluxMemo(idx => stateCounts(idx, steady.current, Date.now()), [tick], throttle);
  useEffect(() => setHolding(counts.holding ?? false), [counts]);
  const summary = summarize(state.connection, counts, rows, since => age(since, now));
  return (
    <nav className="statsbar" aria-label="Flux stats">
      {summary.notReady.length ? (
        <Link
          href={hrefs.map({ status: summary.notReady.join(',') })}
          className={`statsbar__total ${summary.className}`}
          title="Show these objects on the map"
        >
          <span className="dot" aria-hidden="true" />
          {summary.text}
        </Link>
      ) : (
        <span className={`statsbar__total ${summary.className}`} title={summary.title}>
          <span className="dot" aria-hidden="true" />
          {summary.text}
        </span>
      )}
      <ul className="statsbar__list">
        {rows.map(row => (
          <li key={row.kind} className="stat">
            <Link
              href={hrefs.map({ kind: row.kind })}
              className="stat__kind"
              title={`${row.kind}: ${row.running} running, ${row.failing} failing, ${row.suspended} suspended`}
              aria-label={`${kindShortName(row.kind)} ${row.running}: ${row.kind}, ${row.running} running, ${row.failing} failing, ${row.suspended} suspended`}
            >
              <span className="stat__abbr">{kindShortName(row.kind)}</span>{' '}
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

interface Counts extends StateCounts {
  brokenByKind: Map<string, number>;
  /** Some object's count is held back for a moment (steady states). */
  holding?: boolean;
}

/** The map's vocabulary (fluxStatus) rather than flux stats' Ready=False, so the bar and the map agree. */
function stateCounts(index: ClusterIndex, steady: SteadyStates, now: number): Counts {
  const counts: Counts = { ...emptyCounts(), brokenByKind: new Map() };
  const seen = new Set<string>();
  for (const kind of STATS_ORDER) {
    for (const obj of fluxObjectsOfKind(index, kind, {})) {
      const key = refKey(refOf(obj));
      seen.add(key);
      const state = steady.shown(key, fluxStatus(obj).state, now);
      counts[state]++;
      if (state === 'failed' || state === 'stalled')
        counts.brokenByKind.set(kind, (counts.brokenByKind.get(kind) ?? 0) + 1);
    }
  }
  steady.retain(seen);
  counts.holding = steady.pending();
  return counts;
}
