/** Status (state, reason, message, since) and the conditions table, live from the index. */
import type { ClusterObject, Condition } from '@fluxscope/shared';
import { objectState } from '@fluxscope/shared';
import { StatusBadge } from '../../components/Status';
import { age, formatTime, useNow } from '../../components/time';

export function StatusCard({ obj }: { obj: ClusterObject }) {
  const now = useNow(5000);
  const st = objectState(obj);
  const conditions = (
    Array.isArray(obj.status?.['conditions']) ? obj.status['conditions'] : []
  ) as Condition[];
  return (
    <section className="card" aria-label="Status">
      <div className="card__head">
        <h2>Status</h2>
        <StatusBadge state={st.state} label={st.label} />
      </div>
      <div className="card__body">
        <dl className="facts">
          {st.reason && (
            <div className="facts__row">
              <dt>Reason</dt>
              <dd>{st.reason}</dd>
            </div>
          )}
          <div className="facts__row">
            <dt>Message</dt>
            <dd className="status-msg">{st.message || '—'}</dd>
          </div>
        </dl>
      </div>
      {conditions.length > 0 && (
        // Scrolls inside its card: at 1024 px the card is half the page and must not spill into the next.
        <div className="table-wrap">
          <table className="table" aria-label="Conditions">
            <thead>
              <tr>
                <th>Type</th>
                <th>Status</th>
                <th>Reason</th>
                <th>Message</th>
                <th className="num">Since</th>
              </tr>
            </thead>
            <tbody>
              {conditions.map(c => (
                <tr key={c.type}>
                  <td className="cell-nowrap">{c.type}</td>
                  <td className={`cell-nowrap cond-${c.status}`}>{c.status}</td>
                  <td className="cell-nowrap">{c.reason}</td>
                  <td className="cell-msg">{c.message}</td>
                  <td className="num cell-nowrap faint" title={formatTime(c.lastTransitionTime)}>
                    {age(c.lastTransitionTime, now)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
