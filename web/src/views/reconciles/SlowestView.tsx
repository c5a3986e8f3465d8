/**
 * The slowest reconcilers of the cluster: Kustomizations and HelmReleases by p95 duration, with p50, the
 * last duration, failures in the last N reconciles and a small chart each. Live from the index.
 */
import { slowestObjects } from '@fluxscope/shared';
import { EmptyState } from '../../components/EmptyState';
import { ObjectLink } from '../../components/ObjectLink';
import { useClusterMemo } from '../../data/cluster-context';
import { useQueryParam } from '../../router/router';
import { DurationBars } from './DurationBars';
import { formatMs } from './format';
import './reconciles.css';

const WINDOWS = ['10', '20', '50'];

export default function SlowestView() {
  const [windowParam, setWindow] = useQueryParam('last');
  const window = WINDOWS.includes(windowParam) ? Number(windowParam) : 20;
  const rows = useClusterMemo(idx => slowestObjects(idx, { window, limit: 100 }), [window]);
  const picker = (
    <div className="segmented" role="group" aria-label="Failures counted in the last">
      {WINDOWS.map(w => (
        <button
          key={w}
          type="button"
          className="btn btn--sm"
          aria-pressed={window === Number(w)}
          onClick={() => setWindow(w === '20' ? undefined : w)}
        >
          Last {w}
        </button>
      ))}
    </div>
  );
  return (
    <div className="page">
      <div className="page__head">
        <h1>Slowest reconciles</h1>
        {picker}
      </div>
      {rows.length === 0 ? (
        <EmptyState title="No reconciles recorded" icon="⏱">
          <p>
            Durations come from Kustomizations&apos; status.history, HelmReleases&apos; last release duration
            and the controllers&apos; Events. None is known yet.
          </p>
        </EmptyState>
      ) : (
        <section className="card table-wrap" aria-label="Slowest reconciles">
          <table className="table">
            <thead>
              <tr>
                <th>Object</th>
                <th className="num">p50</th>
                <th className="num">p95</th>
                <th className="num">Last</th>
                <th className="num">Failures (last {window})</th>
                <th className="num">Seen</th>
                <th>Durations, oldest first</th>
              </tr>
            </thead>
            <tbody>
              {rows.map(r => (
                <tr key={`${r.ref.kind}/${r.ref.namespace}/${r.ref.name}`}>
                  <td className="cell-nowrap">
                    <ObjectLink objRef={r.ref} />
                  </td>
                  <td className="num mono">{r.p50Ms !== undefined ? formatMs(r.p50Ms) : '—'}</td>
                  <td className="num mono">{r.p95Ms !== undefined ? formatMs(r.p95Ms) : '—'}</td>
                  <td className="num mono">{r.lastMs !== undefined ? formatMs(r.lastMs) : '—'}</td>
                  <td className={`num${r.failures ? ' cond-False' : ''}`}>{r.failures}</td>
                  <td className="num faint">{r.samples.length}</td>
                  <td>
                    <DurationBars samples={r.samples} label={`${r.ref.name}: reconcile durations`} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </div>
  );
}
