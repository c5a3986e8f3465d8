/**
 * A HelmRelease's release state on its overview: remediation (failures, retries left), drift detection,
 * tests, and the release conditions in plain words. Live from the index and the object's events.
 */
import type { ClusterObject, FluxEvent } from '@fluxscope/shared';
import { helmReleaseState } from '@fluxscope/shared';
import type { ReactNode } from 'react';
import { age, formatTime, useNow } from '../../../components/time';
import './helm.css';

const condClass = (status: string) => `cond-${status === 'True' || status === 'False' ? status : 'Unknown'}`;

export function ReleaseStateCard({
  obj,
  events,
  stalledActions,
}: {
  obj: ClusterObject;
  events: readonly FluxEvent[];
  /** Offered in the Stalled callout (Reset first). */
  stalledActions?: ReactNode;
}) {
  const now = useNow(5000);
  const s = helmReleaseState(obj, events);
  const r = s.remediation;
  return (
    <section className="card span-2" aria-label="Release state">
      <div className="card__head">
        <h2>Release</h2>
      </div>
      {s.stalled && (
        <div className="helm-stalled" role="alert">
          <strong>Stalled: {s.stalled.message}</strong>
          <p>{s.stalled.advice}</p>
          {stalledActions}
        </div>
      )}
      <div className="helm-state">
        <div className="helm-state__col">
          <h3>Remediation</h3>
          <p>{r.words}</p>
          <dl className="facts">
            <div className="facts__row">
              <dt>Strategy</dt>
              <dd>{r.strategy}</dd>
            </div>
            <div className="facts__row">
              <dt>Failures</dt>
              <dd>
                {r.failures} total · {r.installFailures} install · {r.upgradeFailures} upgrade
              </dd>
            </div>
            {r.strategy !== 'RetryOnFailure' && (
              <div className="facts__row">
                <dt>Retries left</dt>
                <dd className={r.exhausted ? 'cond-False' : undefined}>
                  {r.retriesLeft < 0 ? 'unlimited' : `${r.retriesLeft} of ${r.retries}`}
                  {r.action ? ` (${r.action})` : ''}
                </dd>
              </div>
            )}
          </dl>
        </div>
        <div className="helm-state__col">
          <h3>
            Drift detection <span className="helm-mode">{s.drift.mode}</span>
          </h3>
          <p>{s.drift.words}</p>
          {s.drift.ignoreRules > 0 && <p className="faint">{s.drift.ignoreRules} ignore rule(s).</p>}
          {s.drift.condition && (
            <p className={condClass(s.drift.condition.status === 'True' ? 'False' : 'True')}>
              {s.drift.condition.words}
            </p>
          )}
          {s.drift.last ? (
            <div className="helm-drift-last">
              <span className={s.drift.last.type === 'Warning' ? 'cond-False' : 'cond-True'}>
                {s.drift.last.reason}
              </span>{' '}
              <span className="faint" title={formatTime(s.drift.last.at)}>
                {age(s.drift.last.at, now)} ago
              </span>
              <div className="clamp" tabIndex={0}>
                {s.drift.last.message}
              </div>
            </div>
          ) : (
            s.drift.mode !== 'disabled' && <p className="faint">No drift event in the events kept.</p>
          )}
        </div>
        <div className="helm-state__col">
          <h3>Tests</h3>
          <p>{s.tests.words}</p>
          {s.tests.hooks.length > 0 && (
            <ul className="helm-hooks">
              {s.tests.hooks.map(h => (
                <li key={h.name}>
                  <span className="mono">{h.name}</span>{' '}
                  <span
                    className={
                      h.phase === 'Failed' ? 'cond-False' : h.phase === 'Succeeded' ? 'cond-True' : 'faint'
                    }
                  >
                    {h.phase ?? 'unknown'}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </div>
      </div>
      {s.conditions.length > 0 && (
        <ul className="helm-conds" aria-label="Conditions in plain words">
          {s.conditions.map(c => (
            <li key={c.type}>
              <span className={`helm-conds__type ${condClass(c.status)}`}>{c.type}</span>
              <span>{c.words}</span>
              {c.lastTransitionTime && (
                <span className="faint" title={formatTime(c.lastTransitionTime)}>
                  {' '}
                  · {age(c.lastTransitionTime, now)} ago
                </span>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
