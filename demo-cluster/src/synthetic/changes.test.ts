import { afterEach, describe, expect, it } from 'vitest';
import { startDemoCluster } from '../index.js';
import type { DemoCluster } from '../index.js';
import { ObjectStore } from '../store/store.js';
import { ChangeGenerator } from './changes.js';
import { loadSynthetic } from './index.js';

describe('ChangeGenerator', () => {
  it('rotates over kinds and bumps generation on Deployment rollouts', () => {
    const store = new ObjectStore();
    loadSynthetic(store, { objects: 600, kustomizations: 5, helmReleases: 5 });
    const before = store.resourceVersion;
    const seen: string[] = [];
    const gen = new ChangeGenerator(store, { perSecond: 0, onWrite: o => seen.push(o.kind) });
    for (let i = 0; i < 8; i++) gen.writeOne();
    expect(store.resourceVersion).toBe(before + 8);
    expect(seen).toEqual([
      ...['Deployment', 'ConfigMap', 'Kustomization', 'HelmRelease'],
      ...['Deployment', 'ConfigMap', 'Kustomization', 'HelmRelease'],
    ]);
    const dep = store.list('apps/Deployment')[0];
    expect(dep?.metadata.generation).toBe(2);
  });

  it('holds its rate', async () => {
    const store = new ObjectStore();
    loadSynthetic(store, { objects: 300, kustomizations: 3, helmReleases: 2 });
    const gen = new ChangeGenerator(store, { perSecond: 200 });
    gen.start();
    await new Promise(r => setTimeout(r, 300));
    gen.stop();
    expect(gen.count).toBeGreaterThanOrEqual(40);
    expect(gen.count).toBeLessThanOrEqual(70);
  });
});

describe('startDemoCluster({ synthetic })', () => {
  let cluster: DemoCluster | undefined;
  afterEach(async () => cluster?.stop());

  it('serves the generated cluster instead of the seed', async () => {
    cluster = await startDemoCluster({ synthetic: { objects: 500, kustomizations: 4, helmReleases: 3 } });
    expect(cluster.store.size).toBe(500);
    await cluster.settled();
    expect(cluster.syntheticChanges?.count).toBe(0);
  });
});
