/**
 * The API server's store goes back in time (etcd restored from a backup): resourceVersions go backwards.
 * Resuming watches would then miss every object that differs from the backup, so the server must notice
 * (a resume refused as "too large", or an event older than one seen) and relist, every kind.
 */
import type { ClusterObject, Snapshot } from '@fluxscope/shared';
import { afterEach, describe, expect, it } from 'vitest';
import { CORE_RESOURCES, FLUX_RESOURCES, FakeApiServer } from '../test-support/fake-apiserver.js';
import { type RunningServer, startServer, testConfig, waitFor, writeTemp } from '../test-support/harness.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const ks = (name: string, note: string): ClusterObject => ({
  apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
  kind: 'Kustomization',
  metadata: { name, namespace: 'flux-system', annotations: { note } },
});
const cm = (name: string): ClusterObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace: 'default' },
});

interface Relists {
  watches: Array<{ kind: string; relists: number }>;
}

/** A cluster with a backup taken, then changed after it; the server synced to the changed state. */
async function changedSinceBackup(bookmarkMs = 200) {
  const api = await new FakeApiServer({ bookmarkMs }).start();
  cleanups.push(() => api.stop());
  for (const r of [...CORE_RESOURCES, ...FLUX_RESOURCES]) api.serve(r);
  api.apply(ks('apps', 'v1'));
  api.apply(ks('infra', 'v1'));
  const backup = api.backup();
  api.apply(ks('apps', 'v2'));
  api.apply(ks('added-later', 'v1'));
  api.delete('kustomize.toolkit.fluxcd.io/v1', 'Kustomization', 'flux-system', 'infra');
  const server = await startServer(testConfig({ kubeconfig: writeTemp('kubeconfig', api.kubeconfig) }));
  cleanups.push(() => server.close());
  await waitFor(async () => (await server.get('/readyz')).status === 200, 10_000, 'ready');
  return { api, server, backup };
}

/** The server's Kustomizations as name=note. */
async function kustomizations(server: RunningServer): Promise<string[]> {
  const snap = await server.json<Snapshot>('/api/v1/snapshot');
  return snap.objects
    .filter(o => o.kind === 'Kustomization')
    .map(o => `${o.metadata.name}=${o.metadata.annotations?.['note'] ?? ''}`)
    .sort();
}

const relists = async (server: RunningServer, kind: string) =>
  (await server.json<Relists>('/api/v1/status')).watches.find(w => w.kind === kind)!.relists;

describe('resourceVersions going backwards', () => {
  it('restored and restarted: resumes refused as too large, every kind relists and shows the backup', async () => {
    const { api, server, backup } = await changedSinceBackup();
    expect(await kustomizations(server)).toEqual(['added-later=v1', 'apps=v2']);
    const before = await relists(server, 'ConfigMap');
    api.restore(backup);
    api.cutWatches();
    await waitFor(
      async () => (await kustomizations(server)).join() === 'apps=v1,infra=v1',
      5000,
      'the restored Kustomizations',
    );
    await waitFor(async () => (await relists(server, 'ConfigMap')) > before, 5000, 'ConfigMap relisted');
  });

  it('restored under open watches without bookmarks: the first event older than one seen makes every kind relist', async () => {
    const { api, server, backup } = await changedSinceBackup(0);
    const before = await relists(server, 'Kustomization');
    api.restore(backup);
    // Nothing is cut and no bookmark comes: only a new change, on another kind, shows the store went back.
    await new Promise(r => setTimeout(r, 500));
    expect(await kustomizations(server)).toEqual(['added-later=v1', 'apps=v2']);
    api.apply(cm('after-restore'));
    await waitFor(
      async () => (await kustomizations(server)).join() === 'apps=v1,infra=v1',
      5000,
      'the restored Kustomizations',
    );
    expect(await relists(server, 'Kustomization')).toBeGreaterThan(before);
    const snap = await server.json<Snapshot>('/api/v1/snapshot');
    expect(snap.objects.some(o => o.kind === 'ConfigMap' && o.metadata.name === 'after-restore')).toBe(true);
  });

  it('restored under open watches: the next bookmark (older than the last seen) is enough', async () => {
    const { api, server, backup } = await changedSinceBackup(200);
    api.restore(backup);
    const restored = Date.now();
    await waitFor(
      async () => (await kustomizations(server)).join() === 'apps=v1,infra=v1',
      5000,
      'the restored Kustomizations',
    );
    expect(Date.now() - restored).toBeLessThan(2000);
  });
});
