/**
 * Results of the costlier views kept per index version: 20 dashboards asking for the same graph or tree of
 * an unchanged cluster cost one build. Only the current version's results are kept (any change to the index
 * drops them all), and callers must treat results as read-only (they are shared).
 */
import type { ClusterIndex } from '../index/cluster-index.js';

interface VersionCache {
  version: number;
  results: Map<string, unknown>;
}

const caches = new WeakMap<ClusterIndex, VersionCache>();

/** `compute()` once per index version and key; `keep` may refuse to cache a result (e.g. a huge one). */
export function memoOnVersion<T>(
  index: ClusterIndex,
  key: string,
  compute: () => T,
  keep: (value: T) => boolean = () => true,
): T {
  let cache = caches.get(index);
  if (!cache || cache.version !== index.version) {
    cache = { version: index.version, results: new Map() };
    caches.set(index, cache);
  }
  if (cache.results.has(key)) return cache.results.get(key) as T;
  const value = compute();
  if (keep(value)) cache.results.set(key, value);
  return value;
}
