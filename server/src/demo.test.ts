/**
 * Against the built-in demo cluster (steady scenario), reached through client-node with its kubeconfig
 * like any cluster: the views must print what flux prints for the seed (the workshop cluster the demo plays).
 */
import fs from 'node:fs';
import http from 'node:http';
import { gunzipSync } from 'node:zlib';
import { KubeConfig, KubernetesObjectApi, PatchStrategy } from '@kubernetes/client-node';
import { startDemoCluster, type DemoCluster } from '@fluxscope/demo-cluster';
import type { ChangeBatch, TraceResult } from '@fluxscope/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { stopWithin } from './kube/demo.js';
import { FaultProxy } from './test-support/fault-proxy.js';
import { type RunningServer, startServer, testConfig, waitFor, writeTemp } from './test-support/harness.js';
import { openSse } from './test-support/sse.js';

const GOLDEN = new URL('../../shared/src/text/__golden__/tree-flux-system.txt', import.meta.url);
/**
 * The workshop cluster's `flux tree kustomization flux-system` as its write-up prints it (tree drawing
 * partly lost, so compared without whitespace): see demo-cluster/src/__fixtures__/README.md.
 */
const SEED_TREE = new URL('../../demo-cluster/src/__fixtures__/flux-tree-flux-system.txt', import.meta.url);

const squash = (lines: string[]) => lines.map(l => l.replace(/\s+/g, '')).filter(Boolean);

describe('against the demo cluster (steady)', () => {
  let demo: DemoCluster;
  let server: RunningServer;
  let readyMs = 0;

  beforeAll(async () => {
    demo = await startDemoCluster({ scenario: 'steady', periodic: false });
    const started = Date.now();
    server = await startServer(testConfig({ kubeconfig: writeTemp('kubeconfig', demo.kubeconfig) }));
    await waitFor(async () => (await server.get('/readyz')).status === 200, 20_000, 'ready');
    readyMs = Date.now() - started;
  });
  afterAll(async () => {
    await server?.close();
    // The demo's HTTPS server can take ~15 s to close while keep-alive sockets linger; don't wait for that.
    if (demo) await stopWithin(demo, 1000);
  });

  it('200 snapshot: every kind synced, compressed', async () => {
    // node:http, not fetch: fetch would gunzip transparently and hide the size on the wire.
    const gzipped = await new Promise<Buffer>((resolve, reject) => {
      http
        .get(`${server.url}/api/v1/snapshot`, { headers: { 'accept-encoding': 'gzip' } }, res => {
          expect(res.headers['content-encoding']).toBe('gzip');
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve(Buffer.concat(chunks)));
        })
        .on('error', reject);
    });
    const json = gunzipSync(gzipped);
    const snapshot = JSON.parse(json.toString('utf8')) as {
      objects: unknown[];
      events: unknown[];
      kinds: Array<{ served: boolean; synced: boolean }>;
    };
    expect(snapshot.kinds.filter(k => k.served).every(k => k.synced)).toBe(true);
    expect(snapshot.objects.length).toBeGreaterThan(100);
    console.log(
      `demo steady: ready in ${readyMs} ms; snapshot ${snapshot.objects.length} objects, ${snapshot.events.length} events, ` +
        `${(json.length / 1024).toFixed(0)} KiB JSON, ${(gzipped.length / 1024).toFixed(0)} KiB gzip`,
    );
  });

  it('tree of Kustomization flux-system/flux-system is the seed flux tree', async () => {
    const res = await server.get('/api/v1/tree/Kustomization/flux-system/flux-system?format=text');
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toBe(fs.readFileSync(GOLDEN, 'utf8'));
    expect(squash(text.split('\n'))).toEqual(squash(fs.readFileSync(SEED_TREE, 'utf8').split('\n')));
    const json = await server.json<{ children: unknown[] }>(
      '/api/v1/tree/Kustomization/flux-system/flux-system?compact=true',
    );
    expect(json.children.length).toBeGreaterThan(0);
  });

  it('trace of Deployment kubecost/kubecost-cost-analyzer: HelmRelease -> HelmChart -> HelmRepository, up to GitRepository flux-system', async () => {
    const trace = await server.json<TraceResult>(
      '/api/v1/trace/apps/v1/Deployment/kubecost/kubecost-cost-analyzer',
    );
    expect(trace.managed).toBe(true);
    const names = [...trace.chain, ...trace.ancestors].map(l => `${l.ref.kind}/${l.ref.name}`);
    const order = [
      'HelmRelease/kubecost',
      'HelmChart/flux-system-kubecost',
      'HelmRepository/kubecost',
      'Kustomization/infrastructure',
      'Kustomization/flux-system',
      'GitRepository/flux-system',
    ].map(n => names.indexOf(n));
    expect(order.every(i => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    const text = await (
      await server.get('/api/v1/trace/apps/v1/Deployment/kubecost/kubecost-cost-analyzer?format=text')
    ).text();
    expect(text).toContain('HelmChart:      flux-system-kubecost');
  });

  it('stats, get all, events and graph over the seed', async () => {
    const stats = await (await server.get('/api/v1/stats?format=text')).text();
    expect(stats).toMatch(/Kustomization\s+\d+/);
    const all = await server.json<Array<{ kind: string; rows: unknown[] }>>('/api/v1/objects');
    expect(all.find(t => t.kind === 'HelmRelease')?.rows.length).toBeGreaterThan(5);
    const events = await server.json<Array<{ involvedObject: { kind: string } }>>(
      '/api/v1/events?kind=Kustomization',
    );
    expect(events.every(e => e.involvedObject.kind === 'Kustomization')).toBe(true);
    const graph = await server.json<{ nodes: Array<{ id: string }>; edges: unknown[] }>('/api/v1/graph');
    expect(graph.nodes.length).toBeGreaterThan(10);
    expect(graph.edges.length).toBeGreaterThan(0);
    const detail = await server.json<{ yaml: string }>(
      '/api/v1/objects/helm.toolkit.fluxcd.io/HelmRelease/flux-system/kubecost',
    );
    expect(detail.yaml).toContain('name: kubecost');
    expect((await server.get('/api/v1/demo/restart', { method: 'POST' })).status).toBe(404);
  });

  it('SSE: a merge patch made through the demo API arrives on the stream', async () => {
    const kc = new KubeConfig();
    kc.loadFromString(demo.kubeconfig);
    const objects = KubernetesObjectApi.makeApiClient(kc);
    const snapshot = await server.json<{ seq: number }>('/api/v1/snapshot');
    const stream = await openSse(`${server.url}/api/v1/stream?lastEventId=${snapshot.seq}`);
    const started = Date.now();
    await objects.patch(
      {
        apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
        kind: 'Kustomization',
        metadata: {
          name: 'infrastructure',
          namespace: 'flux-system',
          annotations: { 'fluxscope.test/mark': 'sse' },
        },
      },
      undefined,
      undefined,
      undefined,
      undefined,
      PatchStrategy.MergePatch,
    );
    const frame = await stream.next(f =>
      ((JSON.parse(f.data ?? '{}') as ChangeBatch).changes ?? []).some(
        c =>
          c.op === 'upsert' &&
          (c.object.metadata as { annotations?: Record<string, string> }).annotations?.[
            'fluxscope.test/mark'
          ] === 'sse',
      ),
    );
    console.log(`patch -> SSE frame in ${Date.now() - started} ms`);
    expect(Number(frame.id)).toBeGreaterThan(snapshot.seq);
    stream.close();
  });
});

describe('fault proxy in front of the demo cluster', () => {
  it('403 on HelmReleases and 410 on the first Kustomization resume: the rest keeps working', async () => {
    const demo = await startDemoCluster({ scenario: 'steady', periodic: false });
    const doc = parse(demo.kubeconfig) as {
      clusters: Array<{ cluster: { 'certificate-authority-data': string } }>;
      users: Array<{ user: { token: string } }>;
    };
    const ca = Buffer.from(doc.clusters[0]!.cluster['certificate-authority-data'], 'base64').toString('utf8');
    const proxy = await new FaultProxy(demo.url, ca).start();
    proxy.add({ match: r => r.path.endsWith('/helmreleases'), action: { status: 403 } });
    proxy.add({
      match: r => r.watch && r.path.endsWith('/kustomizations') && r.query.has('resourceVersion'),
      action: { gone: true },
      times: 1,
    });
    const server = await startServer(
      testConfig({ kubeconfig: writeTemp('kubeconfig', proxy.kubeconfig(doc.users[0]!.user.token)) }),
    );
    try {
      await waitFor(async () => (await server.get('/readyz')).status === 200, 20_000, 'ready');
      const status = await server.json<{ kinds: Array<{ kind: string; errorCode?: string; count: number }> }>(
        '/api/v1/status',
      );
      expect(status.kinds.find(k => k.kind === 'HelmRelease')?.errorCode).toBe('forbidden');
      expect(status.kinds.find(k => k.kind === 'Kustomization')?.count).toBeGreaterThan(5);
      const tree = await server.get('/api/v1/tree/Kustomization/flux-system/flux-system?format=text');
      expect(await tree.text()).toContain('HelmRelease/flux-system/kubecost');
    } finally {
      await server.close();
      await proxy.stop();
      await stopWithin(demo, 1000);
    }
  });
});

describe('--demo: the built-in demo cluster in-process', () => {
  it('starts it, connects through client-node, restarts the scenario', async () => {
    const server = await startServer(testConfig({ demo: true, demoScenario: 'steady' }));
    try {
      await waitFor(async () => (await server.get('/readyz')).status === 200, 20_000, 'ready');
      const status = await server.json<{
        connection: { demo: boolean; demoScenario: string; server: string };
      }>('/api/v1/status');
      expect(status.connection).toMatchObject({ demo: true, demoScenario: 'steady' });
      expect(status.connection.server).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      const restart = await server.get('/api/v1/demo/restart', { method: 'POST' });
      expect(restart.status).toBe(200);
    } finally {
      await server.close();
    }
  });
});
