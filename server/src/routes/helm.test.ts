/** The HelmRelease routes over real HTTP against the demo cluster (steady), reached through client-node. */
import { startDemoCluster, type DemoCluster } from '@fluxscope/demo-cluster';
import type { HelmCompare, HelmHistory } from '@fluxscope/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stopWithin } from '../kube/demo.js';
import { type RunningServer, startServer, testConfig, waitFor, writeTemp } from '../test-support/harness.js';

describe('helm routes against the demo cluster', () => {
  let demo: DemoCluster;
  let server: RunningServer;

  beforeAll(async () => {
    demo = await startDemoCluster({ scenario: 'steady', periodic: false });
    server = await startServer(testConfig({ kubeconfig: writeTemp('kubeconfig', demo.kubeconfig) }));
    await waitFor(async () => (await server.get('/readyz')).status === 200, 20_000, 'ready');
  });
  afterAll(async () => {
    await server?.close();
    await stopWithin(demo, 5000);
  });

  it('answers the release history, newest first, the live revision marked', async () => {
    const h = await server.json<HelmHistory>('/api/v1/helm/flux-system/argo-workflows/history');
    expect(h.release).toBe('argo-workflows');
    expect(h.revisions.map(r => [r.snapshot.version, r.snapshot.status, r.live])).toEqual([
      [4, 'deployed', true],
      [3, 'superseded', false],
    ]);
    expect(h.revisions[0]!.tests).toBe('passed');
    expect(h.revisions[0]!.changes.map(c => c.field)).toEqual(['chartVersion', 'appVersion', 'configDigest']);
  });

  it('prints it as text', async () => {
    const res = await server.get('/api/v1/helm/flux-system/karpenter/history?format=text');
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    const lines = (await res.text()).trimEnd().split('\n');
    expect(lines[0]).toMatch(/^REVISION\tUPDATED/);
    expect(lines[1]).toMatch(
      /^3\s.*deployed \(live\).*karpenter-1\.4\.0.*upgrade.*chart version 1\.3\.3 -> 1\.4\.0/,
    );
    expect(lines[2]).toMatch(/^2\s.*superseded.*karpenter-1\.3\.3/);
  });

  it('compares two revisions, 404 for one not in the history or an unknown release', async () => {
    const c = await server.json<HelmCompare>('/api/v1/helm/flux-system/argo-workflows/compare?from=3&to=4');
    expect(c.changes.map(x => [x.field, x.from, x.to])).toContainEqual([
      'chartVersion',
      '0.40.10',
      '0.40.11',
    ]);
    expect((await server.get('/api/v1/helm/flux-system/argo-workflows/compare?from=1&to=4')).status).toBe(
      404,
    );
    expect((await server.get('/api/v1/helm/flux-system/nope/history')).status).toBe(404);
    expect((await server.get('/api/v1/helm/flux-system/argo-workflows/compare?from=x&to=4')).status).toBe(
      400,
    );
  });
});
