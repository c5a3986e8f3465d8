/** Synthetic clusters for benchmarks: the generator, the change generator, and loading one into a store. */
import type { ObjectStore } from '../store/store.js';
import { ChangeGenerator } from './changes.js';
import type { SyntheticCluster, SyntheticOptions } from './generate.js';
import { generateSyntheticCluster } from './generate.js';

export { ChangeGenerator } from './changes.js';
export type { ChangeGeneratorOptions } from './changes.js';
export { ROOT_KUSTOMIZATION, generateSyntheticCluster } from './generate.js';
export type { SyntheticCluster, SyntheticOptions } from './generate.js';

export interface SyntheticClusterOptions extends SyntheticOptions {
  /** Object updates per second once loaded (0 or absent: a quiet cluster). */
  changesPerSecond?: number;
}

/** Fills the store with a generated cluster and starts the change stream; returns the cluster and the stream. */
export function loadSynthetic(
  store: ObjectStore,
  opts: SyntheticClusterOptions,
): { cluster: SyntheticCluster; changes: ChangeGenerator } {
  const cluster = generateSyntheticCluster({ ...opts, now: store.now() });
  for (const obj of cluster.objects) store.put(obj);
  const changes = new ChangeGenerator(store, { perSecond: opts.changesPerSecond ?? 0 });
  changes.start();
  return { cluster, changes };
}
