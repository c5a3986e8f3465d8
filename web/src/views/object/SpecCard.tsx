/** Spec summary (source, path, interval, dependsOn, chart and version, revision) from the object detail. */
import type { ClusterObject, ObjRef } from '@fluxscope/shared';
import { dependsOnOf } from '@fluxscope/shared';
import { ObjectLink } from '../../components/ObjectLink';
import { useObjectDetail } from './useObjectDetail';

export function SpecCard({ objRef, obj }: { objRef: ObjRef; obj: ClusterObject }) {
  const detail = useObjectDetail(objRef, obj);
  const dependsOn = dependsOnOf(obj);
  return (
    <section className="card" aria-label="Spec">
      <div className="card__head">
        <h2>Spec</h2>
      </div>
      <div className="card__body">
        {detail.isPending && <p className="faint">Loading…</p>}
        {detail.isError && <p className="faint">Spec summary unavailable: {detail.error.message}</p>}
        <dl className="facts">
          {detail.data?.summary
            .filter(f => !(dependsOn.length > 0 && /^depends on$/i.test(f.label)))
            .map(f => (
              <div key={f.label} className="facts__row">
                <dt>{f.label}</dt>
                <dd className="mono">{f.value}</dd>
              </div>
            ))}
          {dependsOn.length > 0 && (
            <div className="facts__row">
              <dt>Depends on</dt>
              <dd className="deps">
                {dependsOn.map(ref => (
                  <ObjectLink key={`${ref.namespace}/${ref.name}`} objRef={ref} />
                ))}
              </dd>
            </div>
          )}
        </dl>
      </div>
    </section>
  );
}
