/**
 * Every view and every object has a URL. Object paths use the API's conventions: `core` for the empty
 * group and `_` for "no namespace", so a path segment is never empty. A per-cluster view of a cluster other
 * than the default one is under `/c/{cluster}/...`; `/fleet` is the fleet page.
 */
import type { ObjRef } from '@fluxscope/shared';
import { refFromPathSegments, refPathSegments } from '@fluxscope/shared';

export type Route =
  | { name: 'fleet' }
  | { name: 'map' }
  | { name: 'objects' }
  | { name: 'events' }
  | { name: 'timeline' }
  | { name: 'flux' }
  | { name: 'reconciles' }
  | { name: 'object'; ref: ObjRef }
  | { name: 'trace'; ref: ObjRef }
  | { name: 'not-found'; path: string };

const enc = encodeURIComponent;

function dec(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/**
 * Dots in the last segment are written %2E: a path ending in `eventbus.argoproj.io` looks like a file to
 * static servers (an extension), which then answer 404 instead of the app on reload.
 */
export function refPath(ref: ObjRef): string {
  const [group, kind, namespace, name] = refPathSegments(ref).map(enc) as [string, string, string, string];
  return `${group}/${kind}/${namespace}/${name.replaceAll('.', '%2E')}`;
}

function refFromSegments(segments: string[]): ObjRef | undefined {
  if (segments.length !== 4) return undefined;
  const [group, kind, namespace, name] = segments.map(dec) as [string, string, string, string];
  if (!kind || !name) return undefined;
  return refFromPathSegments({ group, kind, namespace, name });
}

/** `/c/{cluster}/rest` → the cluster (decoded) and `/rest`; any other path has no cluster. */
export function splitCluster(pathname: string): { cluster?: string; path: string } {
  const match = /^\/c\/([^/]+)(\/.*)?$/.exec(pathname);
  if (!match) return { path: pathname };
  const cluster = dec(match[1]!);
  return cluster ? { cluster, path: match[2] || '/' } : { path: pathname };
}

/** An app path in a cluster: `/objects` → `/c/{cluster}/objects`; the fleet page and cluster paths as they are. */
export function inCluster(cluster: string | undefined, href: string): string {
  if (
    !cluster ||
    !href.startsWith('/') ||
    href.startsWith('/c/') ||
    href === '/fleet' ||
    href.startsWith('/fleet?')
  )
    return href;
  return `/c/${enc(cluster)}${href}`;
}

/** The same view in another cluster (the cluster switcher): the path and query without the cluster segment. */
export function switchClusterHref(cluster: string, pathname: string, search = ''): string {
  const { path } = splitCluster(pathname);
  return inCluster(cluster, `${path === '/fleet' ? '/' : path}${search}`);
}

export function parseRoute(pathname: string): Route {
  const segments = splitCluster(pathname).path.split('/').filter(Boolean);
  const [head, ...rest] = segments;
  if (!head) return { name: 'map' };
  if (rest.length === 0) {
    if (head === 'fleet') return { name: 'fleet' };
    if (head === 'objects') return { name: 'objects' };
    if (head === 'events') return { name: 'events' };
    if (head === 'timeline') return { name: 'timeline' };
    if (head === 'flux') return { name: 'flux' };
    if (head === 'reconciles') return { name: 'reconciles' };
  }
  if (head === 'object' || head === 'trace') {
    const ref = refFromSegments(rest);
    if (ref) return { name: head, ref };
  }
  return { name: 'not-found', path: pathname };
}

/**
 * The URL parameters of filters, the same in every view (map, Objects, Events), so a link that filters one
 * view means the same in another.
 */
export const FILTER_PARAMS = { namespace: 'ns', kind: 'kind', status: 'status', text: 'q' } as const;

export const hrefs = {
  fleet: (params?: Record<string, string | undefined>) => withQuery('/fleet', params),
  map: (params?: Record<string, string | undefined>) => withQuery('/', params),
  objects: (params?: Record<string, string | undefined>) => withQuery('/objects', params),
  events: (params?: Record<string, string | undefined>) => withQuery('/events', params),
  timeline: () => '/timeline',
  flux: () => '/flux',
  reconciles: () => '/reconciles',
  object: (ref: ObjRef, tab?: string) => withQuery(`/object/${refPath(ref)}`, { tab }),
  trace: (ref: ObjRef) => `/trace/${refPath(ref)}`,
};

export function withQuery(path: string, params?: Record<string, string | undefined>): string {
  if (!params) return path;
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value) search.set(key, value);
  const query = search.toString();
  return query ? `${path}?${query}` : path;
}
