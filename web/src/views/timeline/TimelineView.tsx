/**
 * When each Kustomization and HelmRelease turned Ready, along the dependsOn chains, with the critical path
 * marked: the chain that decided how long the whole bootstrap took. Each bar is split into waiting (for its
 * dependsOn dependencies) and working, with a mark where each dependency turned Ready. Live: open bars grow.
 */
import { STATE_LABELS, buildTimeline, lastRollout } from '@fluxscope/shared';
import { useMemo } from 'react';
import { EmptyState } from '../../components/EmptyState';
import { ObjectLink } from '../../components/ObjectLink';
import { formatTime, useNow } from '../../components/time';
import { useClusterMemo } from '../../data/cluster-context';
import { useQueryParam } from '../../router/router';
import { formatDuration, timelineModel } from './model';
import './timeline.css';

/**
 * Windows offered: by default the last bootstrap or rollout (shared lastRollout; a steady cluster's creation
 * times would stretch 'all known' over hours), everything the cluster remembers, or a recent slice.
 */
const WINDOWS: Array<[string, string, number]> = [
  ['', 'Last rollout', 0],
  ['all', 'All known', 0],
  ['1h', 'Last hour', 3_600_000],
  ['15m', 'Last 15 min', 900_000],
];

export default function TimelineView() {
  const [windowParam, setWindow] = useQueryParam('window');
  const windowMs = WINDOWS.find(([id]) => id === windowParam)?.[2] ?? 0;
  const minute = useNow(60_000);
  const recent = windowMs ? new Date(minute - windowMs).toISOString() : undefined;
  const anchored = !windowParam;
  const bars = useClusterMemo(
    index => {
      const since = anchored ? lastRollout(index) : recent;
      return buildTimeline(index, since ? { since } : {});
    },
    [recent, anchored],
  );
  const live = bars.some(b => !b.ready);
  const now = useNow(live ? 1000 : 60_000);
  const model = useMemo(() => timelineModel(bars, now), [bars, now]);
  const critical = model.rows.filter(r => r.bar.critical);
  const total = critical.length
    ? Math.max(...critical.map(r => r.to)) * (model.end - model.start)
    : undefined;

  const windowPicker = (
    <div className="segmented" role="group" aria-label="Time window">
      {WINDOWS.map(([id, label]) => (
        <button
          key={label}
          type="button"
          className="btn btn--sm"
          aria-pressed={windowParam === id}
          onClick={() => setWindow(id)}
        >
          {label}
        </button>
      ))}
    </div>
  );
  if (model.rows.length === 0) {
    return (
      <div className="page">
        <div className="page__head">
          <h1>Timeline</h1>
          {windowPicker}
        </div>
        <EmptyState title="No timeline yet" icon="⏱">
          <p>
            No Kustomization or HelmRelease has a known reconcile time{windowMs ? ' in this window' : ''}.
            Bars appear as objects become ready.
          </p>
        </EmptyState>
      </div>
    );
  }
  return (
    <div className="page">
      <div className="page__head">
        <h1>Timeline</h1>
        {windowPicker}
        <span className="count">
          from {formatTime(new Date(model.start).toISOString())}
          {total ? ` · critical path ${formatDuration(total)}` : ''}
          {live ? ' · live' : ''}
        </span>
      </div>
      <div className="tl-legend faint" role="list" aria-label="Legend">
        <span role="listitem">
          <span className="tl-swatch tl-bar--waiting st-waiting" /> waiting for dependencies
        </span>
        <span role="listitem">
          <span className="tl-swatch st-ready" /> working → ready
        </span>
        <span role="listitem">
          <span className="tl-swatch tl-bar--open st-progressing" /> still going
        </span>
        <span role="listitem">
          <span className="tl-swatch st-failed" /> failed
        </span>
        <span role="listitem">
          <span className="tl-swatch tl-swatch--critical" /> critical path
        </span>
        <span role="listitem">
          <span className="tl-swatch tl-swatch--dep" /> a dependency turned Ready (dependsOn)
        </span>
      </div>
      <div className="card tl" role="table" aria-label="Readiness timeline">
        <div className="tl-row tl-row--axis" role="row">
          <div className="tl-label" role="columnheader">
            Object
          </div>
          <div className="tl-track" role="columnheader" aria-label="Time">
            {model.ticks.map(([f, ms]) => (
              <span key={ms} className="tl-tick" style={{ left: `${f * 100}%` }}>
                +{formatDuration(ms)}
              </span>
            ))}
          </div>
        </div>
        {model.rows.map(row => (
          <div key={row.key} className={`tl-row${row.bar.critical ? ' tl-row--critical' : ''}`} role="row">
            <div className="tl-label" role="cell">
              <ObjectLink objRef={row.bar.ref} />
            </div>
            <div
              className="tl-track"
              role="cell"
              aria-label={`${STATE_LABELS[row.bar.state]}${row.durationMs !== undefined ? `, took ${formatDuration(row.durationMs)}` : ''}${row.bar.critical ? ', on the critical path' : ''}`}
            >
              {model.ticks.map(([f, ms]) => (
                <span key={ms} className="tl-grid" style={{ left: `${f * 100}%` }} />
              ))}
              {row.waitTo !== undefined && (
                <span
                  className="tl-bar tl-bar--waiting st-waiting"
                  style={{ left: `${row.from * 100}%`, width: `${(row.waitTo - row.from) * 100}%` }}
                  title="waiting for its dependencies (dependsOn)"
                />
              )}
              <span
                className={`tl-bar st-${row.bar.state}${row.open ? ' tl-bar--open' : ''}`}
                style={{
                  left: `${(row.waitTo ?? row.from) * 100}%`,
                  width: `max(3px, ${(row.to - (row.waitTo ?? row.from)) * 100}%)`,
                }}
                title={`${row.bar.start ? `start ${formatTime(row.bar.start)}` : 'start unknown'}${row.bar.ready ? ` · ready ${formatTime(row.bar.ready)}` : ''}`}
              />
              {row.deps.map(dep => (
                <span
                  key={dep.name}
                  className="tl-dep"
                  style={{ left: `${dep.at * 100}%` }}
                  title={`depends on ${dep.name}: Ready here`}
                />
              ))}
              {row.durationMs !== undefined && (
                <span className="tl-dur" style={{ left: `calc(${row.to * 100}% + 6px)` }}>
                  {formatDuration(row.durationMs)}
                </span>
              )}
            </div>
          </div>
        ))}
      </div>
    </div>
  );
}
