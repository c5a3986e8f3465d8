/** `flux stats` (cmd/flux/stats.go): per reconciler kind, running/failing/suspended counts and artifact storage. */
import { STATS_ORDER } from '../kinds/registry.js';
import type { ClusterIndex } from '../index/cluster-index.js';
import { conditionOf } from '../kube/types.js';
import { isSuspended } from '../status/flux-status.js';
import { rec } from './refs.js';
import type { NamespaceScope } from './scope.js';
import { fluxObjectsOfKind } from './scope.js';
import type { StatsRow } from './types.js';
import { memoOnFluxVersion } from './memo.js';

/**
 * One row per kind in flux's order, zero rows included (flux prints them even when the CRD is missing).
 * Reads Flux objects only, so it is kept per Flux version.
 */
export function computeStats(index: ClusterIndex, scope: NamespaceScope = {}): StatsRow[] {
  return memoOnFluxVersion(index, `stats|${scope.namespace ?? ''}`, () => statsRows(index, scope));
}

function statsRows(index: ClusterIndex, scope: NamespaceScope): StatsRow[] {
  return STATS_ORDER.map(kind => {
    const items = fluxObjectsOfKind(index, kind, scope);
    let failing = 0;
    let suspended = 0;
    let storageBytes = 0;
    for (const item of items) {
      if (conditionOf(item, 'Ready')?.status === 'False') failing++;
      if (isSuspended(item)) suspended++;
      const size = rec(item.status?.['artifact'])?.['size'];
      if (typeof size === 'number' && Number.isFinite(size)) storageBytes += size;
    }
    return { kind, running: items.length - suspended, failing, suspended, storageBytes };
  });
}
