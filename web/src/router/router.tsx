/**
 * A small router over the history API: the location is an external store (popstate + our own pushes), links
 * are real <a href> so middle-click and copy-link work, and plain clicks navigate without a reload.
 */
import {
  type AnchorHTMLAttributes,
  type MouseEvent,
  useCallback,
  useMemo,
  useSyncExternalStore,
} from 'react';
import type { Route } from './routes';
import { inCluster, parseRoute, splitCluster } from './routes';

const NAVIGATE_EVENT = 'fluxscope:navigate';

function subscribe(listener: () => void): () => void {
  window.addEventListener('popstate', listener);
  window.addEventListener(NAVIGATE_EVENT, listener);
  return () => {
    window.removeEventListener('popstate', listener);
    window.removeEventListener(NAVIGATE_EVENT, listener);
  };
}

const getHref = () => window.location.pathname + window.location.search;

/**
 * App paths are written without a cluster (`hrefs.object(ref)`); inside `/c/{cluster}/...` they stay in that
 * cluster, so every view's links follow the cluster in the URL without knowing about it.
 */
export function navigate(to: string, options: { replace?: boolean } = {}): void {
  to = inCluster(splitCluster(window.location.pathname).cluster, to);
  if (to === getHref()) return;
  if (options.replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  window.dispatchEvent(new Event(NAVIGATE_EVENT));
  if (!options.replace) window.scrollTo(0, 0);
}

export interface Location {
  /** The cluster named in the URL (`/c/{cluster}/...`); undefined means the default cluster. */
  cluster?: string;
  pathname: string;
  search: URLSearchParams;
  route: Route;
}

export function useLocation(): Location {
  const href = useSyncExternalStore(subscribe, getHref);
  return useMemo(() => {
    const url = new URL(href, window.location.origin);
    const { cluster } = splitCluster(url.pathname);
    return {
      ...(cluster ? { cluster } : {}),
      pathname: url.pathname,
      search: url.searchParams,
      route: parseRoute(url.pathname),
    };
  }, [href]);
}

/** Reads and writes one query parameter (filters live in the URL so they survive reloads and links). */
export function useQueryParam(name: string): [string, (value: string | undefined) => void] {
  const { search, pathname } = useLocation();
  const value = search.get(name) ?? '';
  const set = useCallback(
    (next: string | undefined) => {
      const params = new URLSearchParams(window.location.search);
      if (next) params.set(name, next);
      else params.delete(name);
      const query = params.toString();
      navigate(query ? `${pathname}?${query}` : pathname, { replace: true });
    },
    [name, pathname],
  );
  return [value, set];
}

export function Link({
  href: to,
  onClick,
  ...rest
}: AnchorHTMLAttributes<HTMLAnchorElement> & { href: string }) {
  const href = inCluster(useLocation().cluster, to);
  const handle = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event);
    if (event.defaultPrevented || event.button !== 0) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(href);
  };
  return <a href={href} onClick={handle} {...rest} />;
}
