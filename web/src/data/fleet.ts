/**
 * The fleet as react-query polls it. Rows are small and whole, so polling (fast on the fleet page, slow for the
 * header's cluster switcher) stays correct across drops with no resume logic; the open cluster's SSE stream
 * remains the tab's one live channel.
 */
import type { FleetFailingResponse, FleetResponse, FleetSearchResponse } from '@fluxscope/shared';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { fleetPaths, getJson } from './api';

/** How often the fleet page asks again; the switcher only needs the names. */
export const FLEET_POLL_MS = 2000;
const SWITCHER_POLL_MS = 30_000;

export function useFleet(options: { live?: boolean } = {}) {
  return useQuery({
    queryKey: ['fleet', 'rows'],
    queryFn: ({ signal }) => getJson<FleetResponse>(fleetPaths.fleet, { signal }),
    refetchInterval: options.live ? FLEET_POLL_MS : SWITCHER_POLL_MS,
    placeholderData: keepPreviousData,
    retry: 1,
  });
}

export function useFleetFailing() {
  return useQuery({
    queryKey: ['fleet', 'failing'],
    queryFn: ({ signal }) => getJson<FleetFailingResponse>(fleetPaths.failing, { signal }),
    refetchInterval: FLEET_POLL_MS,
    placeholderData: keepPreviousData,
    retry: 1,
  });
}

export function useFleetSearch(q: string) {
  const query = q.trim();
  return useQuery({
    queryKey: ['fleet', 'search', query],
    queryFn: ({ signal }) => getJson<FleetSearchResponse>(fleetPaths.search(query), { signal }),
    enabled: query !== '',
    refetchInterval: FLEET_POLL_MS * 2,
    placeholderData: keepPreviousData,
    retry: 1,
  });
}
