/**
 * Results of the costlier views kept per index version: 20 dashboards asking for the same graph or tree of
 * an unchanged cluster cost one build. Only the current version's results are kept (a change drops them
 * all), and callers must treat results as read-only (they are shared). Views over Flux objects alone key on
 * `fluxVersion` (memoOnFluxVersion), so Pod and Event churn leaves them cached.
 */
import type { ClusterIndex } from '../index/cluster-index.js';

interface VersionCache {
  version: number;
  results: Map<string, unknown>;
}

const caches = new WeakMap<ClusterIndex, VersionCache>();
const fluxCaches = new WeakMap<ClusterIndex, VersionCache>();

/** `compute()` once per index version and key; `keep` may refuse to cache a result (e.g. a huge one). */
export function memoOnVersion<T>(
  index: ClusterIndex,
  key: string,
  compute: () => T,
  keep: (value: T) => boolean = () => true,
): T {
  return memoIn(caches, index, index.version, key, compute, keep);
}

/** Like memoOnVersion for views that read only Flux objects: kept until a Flux object changes. */
export function memoOnFluxVersion<T>(index: ClusterIndex, key: string, compute: () => T): T {
  return memoIn(fluxCaches, index, index.fluxVersion, key, compute, () => true);
}

function memoIn<T>(
  caches: WeakMap<ClusterIndex, VersionCache>,
  index: ClusterIndex,
  version: number,
  key: string,
  compute: () => T,
  keep: (value: T) => boolean,
): T {
  let cache = caches.get(index);
  if (!cache || cache.version !== version) {
    cache = { version, results: new Map() };
    caches.set(index, cache);
  }
  if (cache.results.has(key)) return cache.results.get(key) as T;
  const value = compute();
  if (keep(value)) cache.results.set(key, value);
  return value;
}
