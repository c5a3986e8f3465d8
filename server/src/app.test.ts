import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KindState, Snapshot } from '@fluxscope/shared';
import { CORE_RESOURCES, FLUX_RESOURCES, FakeApiServer } from './test-support/fake-apiserver.js';
import { type RunningServer, startServer, testConfig, waitFor, writeTemp } from './test-support/harness.js';

const ks = (name: string, extra: Record<string, unknown> = {}) => ({
  apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
  kind: 'Kustomization',
  metadata: { name, namespace: 'flux-system', managedFields: [{ manager: 'kubectl' }] },
  spec: { path: './clusters', sourceRef: { kind: 'GitRepository', name: 'flux-system' } },
  status: {
    conditions: [
      {
        type: 'Ready',
        status: 'True',
        reason: 'ReconciliationSucceeded',
        message: 'Applied revision: main@sha1:1234',
      },
    ],
  },
  ...extra,
});

describe('server against a kubeconfig', () => {
  let api: FakeApiServer;
  let server: RunningServer;

  beforeAll(async () => {
    api = await new FakeApiServer().start();
    for (const r of [...CORE_RESOURCES, ...FLUX_RESOURCES]) api.serve(r);
    for (let i = 0; i < 7; i++) api.apply(ks(`ks-${i}`));
    api.apply({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'apps' },
      spec: { replicas: 1 },
      status: {},
    });
    server = await startServer(testConfig({ kubeconfig: writeTemp('kubeconfig', api.kubeconfig) }));
    await waitFor(async () => (await server.get('/readyz')).status === 200, 10_000, 'ready');
  });
  afterAll(async () => {
    await server?.close();
    await api?.stop();
  });

  it('200 /api/v1/status: connected, kinds served or not', async () => {
    const status = await server.json<{ connection: { state: string; server: string }; kinds: KindState[] }>(
      '/api/v1/status',
    );
    expect(status.connection.state).toBe('connected');
    expect(status.connection.server).toBe(api.url);
    const ksState = status.kinds.find(k => k.kind === 'Kustomization')!;
    expect(ksState).toMatchObject({ served: true, synced: true, version: 'v1', count: 7 });
    expect(status.kinds.find(k => k.kind === 'OCIRepository')).toMatchObject({
      served: false,
      errorCode: 'not-served',
    });
  });

  it('200 /api/v1/snapshot: Flux objects without managedFields, others slim with health', async () => {
    const res = await server.get('/api/v1/snapshot', { headers: { 'accept-encoding': 'gzip' } });
    expect(res.headers.get('content-encoding')).toBe('gzip');
    const snapshot = (await res.json()) as Snapshot;
    const kss = snapshot.objects.filter(o => o.kind === 'Kustomization');
    expect(kss).toHaveLength(7);
    expect(kss[0]!.metadata.managedFields).toBeUndefined();
    expect(kss[0]!.apiVersion).toBe('kustomize.toolkit.fluxcd.io/v1');
    const deploy = snapshot.objects.find(o => o.kind === 'Deployment')!;
    expect(deploy.spec).toBeUndefined();
    expect(deploy.health).toBeDefined();
    expect(snapshot.seq).toBeGreaterThan(0);
  });

  it('lists page by page with limit 500 and watches with bookmarks', () => {
    expect(api.requests.some(r => r.includes('/kustomizations?limit=500'))).toBe(true);
    expect(
      api.requests.some(
        r => /kustomizations\?.*watch=true/.test(r) && r.includes('allowWatchBookmarks=true'),
      ),
    ).toBe(true);
    expect(api.requests.some(r => r.includes('secrets'))).toBe(false);
  });

  it('security headers on every response', async () => {
    const res = await server.get('/healthz');
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(res.headers.get('content-security-policy')).not.toContain("script-src 'self' 'unsafe-inline'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
  });

  it('404 JSON for unknown /api paths, 400 JSON for bad params', async () => {
    const missing = await server.get('/api/v1/nope');
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ statusCode: 404, error: 'Not Found' });
    const bad = await server.get('/api/v1/objects/apps/Deploy$ment/apps/web');
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ statusCode: 400, error: 'Bad Request' });
  });

  it('200 object detail with YAML; core group and _ namespace in paths', async () => {
    const detail = await server.json<{ fluxStatus: { ready: string }; yaml: string; summary: unknown[] }>(
      '/api/v1/objects/kustomize.toolkit.fluxcd.io/Kustomization/flux-system/ks-1',
    );
    expect(detail.fluxStatus.ready).toBe('True');
    expect(detail.yaml).toContain('kind: Kustomization');
    expect(detail.yaml).not.toContain('managedFields');
    expect(detail.summary).toContainEqual({ label: 'Path', value: './clusters' });
    expect((await server.get('/api/v1/objects/core/Namespace/_/nothing')).status).toBe(404);
  });

  it('200 views as JSON and as flux text', async () => {
    const tables = await server.json<Array<{ kind: string; rows: unknown[] }>>('/api/v1/objects');
    expect(tables.find(t => t.kind === 'Kustomization')?.rows).toHaveLength(7);
    const text = await server.get('/api/v1/objects?format=text');
    expect(text.headers.get('content-type')).toContain('text/plain');
    expect(await text.text()).toContain('kustomization/ks-0');
    const stats = await (await server.get('/api/v1/stats?format=text')).text();
    expect(stats).toMatch(/^RECONCILERS\s+RUNNING\s+FAILING\s+SUSPENDED\s+STORAGE/);
    expect(await server.json('/api/v1/events?kind=Kustomization')).toEqual([]);
    const graph = await server.json<{ nodes: unknown[] }>('/api/v1/graph');
    expect(graph.nodes.length).toBeGreaterThanOrEqual(7);
    expect(
      await server.json('/api/v1/root-cause/kustomize.toolkit.fluxcd.io/Kustomization/flux-system/ks-0'),
    ).toBeNull();
    const tree = await (await server.get('/api/v1/tree/Kustomization/flux-system/ks-0?format=text')).text();
    expect(tree.trim()).toBe('Kustomization/flux-system/ks-0');
    expect((await server.get('/api/v1/tree/GitRepository/flux-system/x')).status).toBe(400);
    expect((await server.get('/api/v1/tree/Kustomization/flux-system/missing')).status).toBe(404);
  });

  it('serves OpenAPI', async () => {
    const doc = await server.json<{ openapi: string; paths: Record<string, unknown> }>(
      '/api/v1/openapi.json',
    );
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toContain('/api/v1/snapshot');
  });
});
