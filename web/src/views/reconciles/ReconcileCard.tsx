/** A Kustomization's or HelmRelease's reconciles on its overview: durations charted, p50/p95, failures. */
import type { ObjRef } from '@fluxscope/shared';
import { objectReconcileStats } from '@fluxscope/shared';
import { useClusterMemo } from '../../data/cluster-context';
import { DurationBars } from './DurationBars';
import { formatMs } from './format';
import './reconciles.css';

export function ReconcileCard({ objRef }: { objRef: ObjRef }) {
  const stats = useClusterMemo(idx => objectReconcileStats(idx, objRef), [objRef]);
  if (!stats) return null;
  const figures: Array<[string, string]> = [
    ['p50', stats.p50Ms !== undefined ? formatMs(stats.p50Ms) : '—'],
    ['p95', stats.p95Ms !== undefined ? formatMs(stats.p95Ms) : '—'],
    ['last', stats.lastMs !== undefined ? formatMs(stats.lastMs) : '—'],
    [`failures in last ${stats.window}`, String(stats.failures)],
  ];
  return (
    <section className="card span-2" aria-label="Reconciles">
      <div className="card__head">
        <h2>Reconciles</h2>
        <span className="count">
          {stats.samples.length} seen · {stats.timed} timed
        </span>
      </div>
      <div className="card__body">
        {stats.samples.length === 0 ? (
          <p className="faint">
            No reconcile recorded yet: durations come from status.history, the status and the object&apos;s
            Events, which the API server keeps for about an hour.
          </p>
        ) : (
          <div className="reconciles-figures">
            <DurationBars
              samples={stats.samples}
              width={280}
              height={40}
              label={`Reconcile durations, oldest first: ${stats.timed} timed, ${stats.failures} failed`}
            />
            <dl>
              {figures.map(([label, value]) => (
                <div key={label}>
                  <dt>{label}</dt>
                  <dd className={label.startsWith('failures') && stats.failures ? 'cond-False' : undefined}>
                    {value}
                  </dd>
                </div>
              ))}
            </dl>
          </div>
        )}
      </div>
    </section>
  );
}
