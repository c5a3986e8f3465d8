import { get as httpGet } from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTree } from '@fluxscope/shared';
import { CORE_RESOURCES, FLUX_RESOURCES, FakeApiServer } from '../test-support/fake-apiserver.js';
import { preferredCoding } from './view-cache.js';
import { type RunningServer, startServer, testConfig, waitFor, writeTemp } from '../test-support/harness.js';

interface Raw {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** node:http, not fetch: fetch would ask for gzip and inflate it, hiding what was sent. */
function raw(url: string, headers: Record<string, string> = {}): Promise<Raw> {
  return new Promise((resolve, reject) => {
    httpGet(url, { headers }, res => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
      );
      res.on('error', reject);
    }).on('error', reject);
  });
}

const configMap = (i: number) => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: {
    name: `settings-${i}`,
    namespace: 'apps',
    labels: {
      'kustomize.toolkit.fluxcd.io/name': 'apps',
      'kustomize.toolkit.fluxcd.io/namespace': 'flux-system',
    },
  },
  data: { key: 'x'.repeat(40) },
});

const apps = (ready: 'True' | 'False', count: number) => ({
  apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
  kind: 'Kustomization',
  metadata: { name: 'apps', namespace: 'flux-system' },
  spec: { path: './apps', sourceRef: { kind: 'GitRepository', name: 'flux-system' } },
  status: {
    conditions: [{ type: 'Ready', status: ready, reason: 'ReconciliationSucceeded', message: 'Applied' }],
    inventory: {
      entries: Array.from({ length: count }, (_, i) => ({ id: `apps_settings-${i}__ConfigMap`, v: 'v1' })),
    },
  },
});

describe('view responses cached per index version', () => {
  let api: FakeApiServer;
  let server: RunningServer;
  const treePath = '/api/v1/tree/Kustomization/flux-system/apps';

  beforeAll(async () => {
    api = await new FakeApiServer().start();
    for (const r of [...CORE_RESOURCES, ...FLUX_RESOURCES]) api.serve(r);
    for (let i = 0; i < 40; i++) api.apply(configMap(i));
    api.apply(apps('True', 40));
    server = await startServer(testConfig({ kubeconfig: writeTemp('kubeconfig', api.kubeconfig) }));
    await waitFor(async () => (await server.get('/readyz')).status === 200, 10_000, 'ready');
  });
  afterAll(async () => {
    await server?.close();
    await api?.stop();
  });

  it('serves the same bytes the view would, gzipped when asked, with a content ETag', async () => {
    const plain = await raw(server.url + treePath);
    expect(plain.status).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers['content-type']).toMatch(/^application\/json/);
    expect(JSON.parse(plain.body.toString())).toEqual(
      JSON.parse(
        JSON.stringify(
          buildTree(server.app.cache.index, {
            group: 'kustomize.toolkit.fluxcd.io',
            kind: 'Kustomization',
            namespace: 'flux-system',
            name: 'apps',
          }),
        ),
      ),
    );
    const zipped = await raw(server.url + treePath, { 'accept-encoding': 'gzip, deflate' });
    expect(zipped.headers['content-encoding']).toBe('gzip');
    const brotli = await raw(server.url + treePath, { 'accept-encoding': 'gzip, deflate, br, zstd' });
    expect(brotli.headers['content-encoding']).toBe('br');
    expect(brotliDecompressSync(brotli.body).equals(plain.body)).toBe(true);
    expect(zipped.headers['vary']).toMatch(/accept-encoding/i);
    expect(gunzipSync(zipped.body).equals(plain.body)).toBe(true);
    expect(zipped.headers['etag']).toBe(plain.headers['etag']);
    expect(plain.headers['etag']).toMatch(/^W\/".+"$/);
  });

  it('answers repeats from the cache and If-None-Match with 304', async () => {
    const before = server.app.viewCache.stats();
    const first = await raw(server.url + treePath);
    const again = await raw(server.url + treePath);
    expect(again.body.equals(first.body)).toBe(true);
    expect(server.app.viewCache.stats().hits).toBeGreaterThanOrEqual(before.hits + 2);
    const revalidated = await raw(server.url + treePath, { 'if-none-match': String(first.headers['etag']) });
    expect(revalidated.status).toBe(304);
    expect(revalidated.body.length).toBe(0);
    expect(await (await server.get('/metrics')).text()).toMatch(
      /fluxscope_view_cache_requests_total\{result="not_modified"\} [1-9]/,
    );
    const text = await raw(`${server.url}${treePath}?format=text`);
    expect(text.headers['content-type']).toMatch(/^text\/plain/);
    expect(text.body.toString()).toMatch(/^Kustomization\/flux-system\/apps\n/);
  });

  it('a change to the cluster is in the next response, and the old ETag no longer matches', async () => {
    const first = await raw(server.url + treePath);
    api.apply(apps('True', 12));
    const changed = await waitFor(
      async () => {
        const r = await raw(server.url + treePath, { 'if-none-match': String(first.headers['etag']) });
        return r.status === 200 ? r : undefined;
      },
      10_000,
      'the smaller inventory',
    );
    expect(changed.headers['etag']).not.toBe(first.headers['etag']);
    const tree = JSON.parse(changed.body.toString()) as { children?: unknown[] };
    expect(tree.children).toHaveLength(12);
    // An unrelated change drops the cache but not the ETag: the content is the same.
    api.apply(configMap(99));
    const version = server.app.cache.index.version;
    await waitFor(() => server.app.cache.index.version > version, 10_000, 'the new ConfigMap');
    const same = await raw(server.url + treePath, { 'if-none-match': String(changed.headers['etag']) });
    expect(same.status).toBe(304);
  });

  it('keeps graph and stats through non-Flux churn, drops them when a Flux object changes', async () => {
    const ask = async () => {
      const before = server.app.viewCache.stats();
      for (const path of ['/api/v1/graph', '/api/v1/stats', treePath])
        expect((await raw(server.url + path)).status).toBe(200);
      const after = server.app.viewCache.stats();
      return { hits: after.hits - before.hits, misses: after.misses - before.misses };
    };
    await ask();
    expect(await ask()).toEqual({ hits: 3, misses: 0 });

    const version = server.app.cache.index.version;
    const fluxVersion = server.app.cache.index.fluxVersion;
    api.apply(configMap(100));
    await waitFor(() => server.app.cache.index.version > version, 10_000, 'the new ConfigMap');
    expect(server.app.cache.index.fluxVersion).toBe(fluxVersion);
    // The tree shows ConfigMaps, so it is rebuilt; graph and stats are not.
    expect(await ask()).toEqual({ hits: 2, misses: 1 });

    api.apply(apps('False', 12));
    await waitFor(
      () => server.app.cache.index.fluxVersion > fluxVersion,
      10_000,
      'the changed Kustomization',
    );
    expect(await ask()).toEqual({ hits: 0, misses: 3 });
    const stats = JSON.parse((await raw(`${server.url}/api/v1/stats`)).body.toString()) as Array<{
      kind: string;
      failing: number;
    }>;
    expect(stats.find(row => row.kind === 'Kustomization')?.failing).toBe(1);
  });

  it('errors are not cached: an unknown root is a 404 every time', async () => {
    for (let i = 0; i < 2; i++) {
      const missing = await raw(`${server.url}/api/v1/tree/Kustomization/flux-system/nope`);
      expect(missing.status).toBe(404);
    }
  });
});

describe('preferredCoding', () => {
  it('takes br over gzip, honours q=0 and the wildcard', () => {
    expect(preferredCoding('gzip, deflate, br, zstd')).toBe('br');
    expect(preferredCoding('gzip;q=0.5, br;q=0')).toBe('gzip');
    expect(preferredCoding('*')).toBe('br');
    expect(preferredCoding('*;q=0, gzip')).toBe('gzip');
    expect(preferredCoding('deflate')).toBeUndefined();
    expect(preferredCoding('identity')).toBeUndefined();
    expect(preferredCoding(undefined)).toBeUndefined();
  });
});
