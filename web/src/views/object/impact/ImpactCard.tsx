/** "What depends on this" on a Flux object's overview: counts, then the dependents nearest first. */
import type { Impact, ImpactEntry } from '@fluxscope/shared';
import { impactSummary } from '@fluxscope/shared';
import { useState } from 'react';
import { ObjectLink } from '../../../components/ObjectLink';
import './impact.css';

const VIA: Record<ImpactEntry['via'], string> = {
  dependsOn: 'depends on',
  source: 'uses as source',
  chart: 'takes its chart from',
  applied: 'is applied by',
};

const SHOWN = 12;

export function ImpactCounts({ impact }: { impact: Impact }) {
  const c = impact.counts;
  const items: Array<[number, string]> = [
    [c.kustomizations, 'Kustomizations'],
    [c.helmReleases, 'HelmReleases'],
    [c.otherFlux, 'other Flux'],
    [c.workloads, 'workloads'],
  ];
  return (
    <dl className="impact-counts">
      {items.map(([n, label]) => (
        <div key={label} className={n ? undefined : 'faint'}>
          <dt>{label}</dt>
          <dd>{n}</dd>
        </div>
      ))}
    </dl>
  );
}

export function ImpactList({ impact, limit = SHOWN }: { impact: Impact; limit?: number }) {
  const [all, setAll] = useState(false);
  const shown = all ? impact.dependents : impact.dependents.slice(0, limit);
  return (
    <>
      <ul className="impact-list">
        {shown.map(d => (
          <li
            key={`${d.ref.kind}/${d.ref.namespace}/${d.ref.name}`}
            style={{ paddingLeft: `${(d.depth - 1) * 16}px` }}
          >
            <ObjectLink objRef={d.ref} />{' '}
            <span className="faint">
              {VIA[d.via]} {d.from.kind}/{d.from.name}
            </span>
          </li>
        ))}
      </ul>
      {!all && impact.dependents.length > limit && (
        <button type="button" className="btn btn--sm btn--ghost" onClick={() => setAll(true)}>
          All {impact.dependents.length}
        </button>
      )}
    </>
  );
}

export function ImpactCard({ impact }: { impact: Impact }) {
  return (
    <section className="card span-2" aria-label="What depends on this">
      <div className="card__head">
        <h2>What depends on this</h2>
        <span className="count">{impactSummary(impact)}</span>
      </div>
      <div className="card__body">
        <ImpactCounts impact={impact} />
        {impact.dependents.length > 0 ? (
          <ImpactList impact={impact} />
        ) : (
          <p className="faint">
            No Flux object depends on it (no dependsOn, no source or chart users).
            {impact.counts.objects > 0 &&
              ` It applies ${impact.counts.objects} object(s), ${impact.counts.workloads} of them workloads.`}
          </p>
        )}
      </div>
    </section>
  );
}
