/**
 * The cluster the views show, when the server holds more than one: a select that keeps the view (and its
 * filters) and changes the cluster segment of the URL; on the fleet page it reads "All clusters".
 */
import type { FleetResponse } from '@fluxscope/shared';
import { navigate, useLocation } from '../router/router';
import { hrefs, switchClusterHref } from '../router/routes';

export function ClusterSwitcher({ fleet }: { fleet: FleetResponse }) {
  const { cluster, pathname, search, route } = useLocation();
  const onFleet = route.name === 'fleet';
  const current = onFleet ? '' : (cluster ?? fleet.defaultCluster);
  const names = fleet.clusters.map(c => c.name).sort();
  const query = search.toString();
  return (
    <label className="cluster-switch">
      <span className="cluster-switch__label">Cluster</span>
      <select
        className="select"
        value={current}
        onChange={event => {
          const next = event.target.value;
          navigate(next ? switchClusterHref(next, pathname, query ? `?${query}` : '') : hrefs.fleet());
        }}
      >
        <option value="">All clusters (fleet)</option>
        {names.map(name => (
          <option key={name} value={name}>
            {name}
            {name === fleet.defaultCluster ? ' (default)' : ''}
          </option>
        ))}
      </select>
    </label>
  );
}
