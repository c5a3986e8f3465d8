/**
 * `flux stats` as a strip under the header, always visible: per kind, running / failing / suspended.
 * Each number is a link that filters the map to that kind (and state).
 */
import { computeStats } from '@fluxscope/shared';
import { useMemo } from 'react';
import { CopyTextButton } from '../../components/CopyTextButton';
import { kindAbbreviation } from '../../components/kinds';
import { apiPaths } from '../../data/api';
import { useClusterMaybe } from '../../data/cluster-context';
import { useThrottled } from '../../data/use-throttled';
import { Link } from '../../router/router';
import { hrefs } from '../../router/routes';

export function StatsBar() {
  const view = useClusterMaybe();
  const index = view?.index;
  // Stats are a glance: on big clusters a refresh every half second is plenty.
  const version = useThrottled(view?.fluxVersion, (view?.state.objects.size ?? 0) > 5000 ? 500 : 0);
  const rows = useMemo(
    () => (index ? computeStats(index).filter(r => r.running + r.failing + r.suspended > 0) : []),
    [index, version], // eslint-disable-line react-hooks/exhaustive-deps
  );
  if (!view) return <div className="statsbar" aria-hidden="true" />;
  const failing = rows.reduce((sum, r) => sum + r.failing, 0);
  return (
    <nav className="statsbar" aria-label="Flux stats">
      <span className={`statsbar__total ${failing ? 'st-failed' : 'st-ready'}`}>
        <span className="dot" aria-hidden="true" />
        {failing ? `${failing} failing` : 'All healthy'}
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
              <span className="stat__abbr">{kindAbbreviation(row.kind)}</span>
              <span className="stat__n st-ready num">{row.running}</span>
            </Link>
            {row.failing > 0 && (
              <Link
                href={hrefs.map({ kind: row.kind, status: 'failed,stalled,waiting' })}
                className="stat__n stat__bad st-failed num"
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
