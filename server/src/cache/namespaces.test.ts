/**
 * --namespaces against the demo cluster: one list+watch per namespaced kind per listed namespace, nothing
 * cluster-wide, no cluster-scoped kinds; ready once those lists are in, and the status says what it misses.
 */
import { startDemoCluster, type DemoCluster } from '@fluxscope/demo-cluster';
import type { ConnectionState, KindState, Snapshot } from '@fluxscope/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stopWithin } from '../kube/demo.js';
import { type RunningServer, startServer, testConfig, waitFor, writeTemp } from '../test-support/harness.js';

describe('--namespaces against the demo cluster', () => {
  let demo: DemoCluster;
  let server: RunningServer;
  const requests: Array<{ verb: string; path: string }> = [];
  const namespaces = ['flux-system', 'kube-system'];

  beforeAll(async () => {
    demo = await startDemoCluster({ scenario: 'steady', periodic: false });
    demo.server.addHook(info => {
      if (info.verb === 'list' || info.verb === 'watch') requests.push({ verb: info.verb, path: info.path });
      return undefined;
    });
    server = await startServer(
      testConfig({ kubeconfig: writeTemp('kubeconfig', demo.kubeconfig), namespaces }),
    );
  });
  afterAll(async () => {
    await server?.close();
    if (demo) await stopWithin(demo, 1000);
  });

  it('becomes ready, and lists and watches only inside the listed namespaces', async () => {
    await waitFor(async () => (await server.get('/readyz')).status === 200, 20_000, 'ready');
    expect(requests.length).toBeGreaterThan(0);
    for (const r of requests) expect(r.path).toMatch(/\/namespaces\/(flux-system|kube-system)\/[a-z]+$/);
    // One list and one watch per namespaced kind per namespace (the watches open right after the lists).
    const kustomizations = () =>
      new Set(requests.filter(r => r.path.endsWith('/kustomizations')).map(r => `${r.verb} ${r.path}`));
    await waitFor(() => kustomizations().size >= 4, 5000, 'watches');
    expect([...kustomizations()].sort()).toEqual(
      ['list', 'watch'].flatMap(verb =>
        namespaces.map(ns => `${verb} /apis/kustomize.toolkit.fluxcd.io/v1/namespaces/${ns}/kustomizations`),
      ),
    );
    for (const r of requests) expect(r.path).toMatch(/\/namespaces\/(flux-system|kube-system)\/[a-z]+$/);
    expect(
      requests.some(r => r.path.endsWith('/namespaces') || r.path.endsWith('/customresourcedefinitions')),
    ).toBe(false);
  });

  it('holds only those namespaces; kinds say where they are watched; cluster-scoped kinds are marked not watched', async () => {
    const snapshot = await server.json<Snapshot>('/api/v1/snapshot');
    expect(snapshot.objects.length).toBeGreaterThan(50);
    for (const obj of snapshot.objects) expect(namespaces).toContain(obj.metadata.namespace);
    for (const event of snapshot.events) expect(namespaces).toContain(event.namespace);
    expect(
      demo.store.list('apps/Deployment').some(d => !namespaces.includes(d.metadata.namespace ?? '')),
    ).toBe(true);
    const kind = (k: string): KindState | undefined => snapshot.kinds.find(s => s.kind === k);
    expect(kind('Kustomization')).toMatchObject({ served: true, synced: true, namespaces });
    expect(kind('Kustomization')?.count).toBe(
      demo.store.list('kustomize.toolkit.fluxcd.io/Kustomization').length,
    );
    expect(kind('Namespace')).toMatchObject({ served: false, errorCode: 'not-watched' });
    expect(kind('CustomResourceDefinition')).toMatchObject({ errorCode: 'not-watched' });
    expect(snapshot.connection.namespaces).toEqual(namespaces);
  });

  it('status says what it cannot see', async () => {
    const status = await server.json<{
      connection: ConnectionState;
      scope: { namespaces?: string[]; limits: string[] };
      watches: Array<{ kind: string }>;
    }>('/api/v1/status');
    expect(status.scope.namespaces).toEqual(namespaces);
    expect(status.scope.limits.join('\n')).toMatch(
      /cluster-scoped kinds are not watched: Namespace, CustomResourceDefinition/,
    );
    expect(status.scope.limits.join('\n')).toMatch(/events only from namespaces flux-system, kube-system/);
    expect(status.watches.map(w => w.kind)).toContain('Kustomization (kube-system)');
  });

  it('follows changes in a watched namespace', async () => {
    const ks = demo.store.get('kustomize.toolkit.fluxcd.io/Kustomization', 'flux-system', 'sources');
    if (!ks) throw new Error('no Kustomization flux-system/sources in the demo');
    demo.store.put({
      ...ks,
      metadata: { ...ks.metadata, labels: { ...ks.metadata.labels, touched: 'yes' } },
    });
    await waitFor(async () => {
      const detail = await server.json<{ object?: { metadata: { labels?: Record<string, string> } } }>(
        '/api/v1/objects/kustomize.toolkit.fluxcd.io/Kustomization/flux-system/sources',
      );
      return detail.object?.metadata.labels?.['touched'] === 'yes';
    });
  });
});
