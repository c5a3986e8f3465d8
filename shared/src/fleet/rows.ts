/**
 * A fleet row per cluster and the failing objects across the fleet, from object summaries alone, so the same
 * functions serve clusters watched in this process and clusters whose agents report to a hub.
 */
import { FLUX_STATES, type FluxState, STATES_WORST_FIRST, isBroken } from '../status/states.js';
import type {
  FleetCluster,
  FleetClusterInfo,
  FleetConnection,
  FleetObject,
  FleetStateCounts,
  FluxObjectSummary,
} from '../wire/fleet.js';

/** How many failing objects a row carries: enough to say what is wrong, small enough for 1,000 rows. */
export const TOP_FAILING = 3;

const RANK = new Map<FluxState, number>(STATES_WORST_FIRST.map((s, i) => [s, i] as const));
/**
 * Kubernetes writes condition times as RFC 3339 in UTC to the second (`2026-12-03T10:00:00Z`), so they order as
 * strings; comparing strings spares a Date.parse per object per row (a fleet row is made on every fleet poll).
 */
const since = (s: FluxObjectSummary): string => s.since ?? '';

/** Worst state first; within a state the newest change first; then by kind, namespace, name (stable). */
export function compareSummaries(a: FluxObjectSummary, b: FluxObjectSummary): number {
  return (
    (RANK.get(a.state) ?? 0) - (RANK.get(b.state) ?? 0) ||
    (since(a) < since(b) ? 1 : since(a) > since(b) ? -1 : 0) ||
    (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0) ||
    (a.namespace < b.namespace ? -1 : a.namespace > b.namespace ? 1 : 0) ||
    (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)
  );
}

export function emptyStateCounts(): FleetStateCounts {
  return Object.fromEntries(FLUX_STATES.map(s => [s, 0])) as FleetStateCounts;
}

/** One fleet row. O(summaries), plus sorting only the failing ones. */
export function fleetRow(
  cluster: Omit<FleetClusterInfo, 'connection'>,
  summaries: Iterable<FluxObjectSummary>,
  connection: FleetConnection,
): FleetCluster {
  const states = emptyStateCounts();
  const failing: FluxObjectSummary[] = [];
  let objects = 0;
  let lastChange = '';
  for (const s of summaries) {
    objects++;
    states[s.state]++;
    if (isBroken(s.state)) failing.push(s);
    if (s.since && s.since > lastChange) lastChange = s.since;
  }
  failing.sort(compareSummaries);
  const row: FleetCluster = {
    name: cluster.name,
    connection,
    objects,
    states,
    failing: failing.length,
    topFailing: failing.slice(0, TOP_FAILING),
  };
  if (cluster.fluxVersion) row.fluxVersion = cluster.fluxVersion;
  if (cluster.demo) row.demo = true;
  if (lastChange) row.lastChange = lastChange;
  return row;
}

/** Rows in the order the fleet page lists them: clusters with failures first, then by name. */
export function sortFleetRows(rows: FleetCluster[]): FleetCluster[] {
  const down = (r: FleetCluster) => (r.connection.state === 'connected' && !r.connection.staleSince ? 0 : 1);
  return rows.sort(
    (a, b) =>
      (b.failing > 0 ? 1 : 0) - (a.failing > 0 ? 1 : 0) ||
      down(b) - down(a) ||
      (a.name < b.name ? -1 : a.name > b.name ? 1 : 0),
  );
}

/**
 * Failed and stalled objects across the fleet, worst first, newest change first within a state, then by
 * cluster. `limit` cuts the list; `total` says how many there were.
 */
export function fleetFailing(
  clusters: Iterable<{ cluster: string; summaries: Iterable<FluxObjectSummary> }>,
  limit = 200,
): { items: FleetObject[]; total: number } {
  const all: FleetObject[] = [];
  for (const { cluster, summaries } of clusters)
    for (const object of summaries) if (isBroken(object.state)) all.push({ cluster, object });
  all.sort(
    (a, b) =>
      compareSummaries(a.object, b.object) || (a.cluster < b.cluster ? -1 : a.cluster > b.cluster ? 1 : 0),
  );
  return { items: all.slice(0, limit), total: all.length };
}
