import { KubeConfig, KubernetesObjectApi, PatchStrategy } from '@kubernetes/client-node';
import type { ChangeBatch } from '@fluxscope/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CORE_RESOURCES, FLUX_RESOURCES, FakeApiServer } from '../test-support/fake-apiserver.js';
import { type RunningServer, startServer, testConfig, waitFor, writeTemp } from '../test-support/harness.js';
import { openSse } from '../test-support/sse.js';

const gitRepo = {
  apiVersion: 'source.toolkit.fluxcd.io/v1',
  kind: 'GitRepository',
  metadata: { name: 'flux-system', namespace: 'flux-system' },
  spec: { url: 'https://example.com/repo.git', interval: '1m' },
};

describe('GET /api/v1/stream', () => {
  let api: FakeApiServer;
  let server: RunningServer;
  let objects: KubernetesObjectApi;

  const annotate = (value: string) =>
    objects.patch(
      { ...gitRepo, metadata: { ...gitRepo.metadata, annotations: { 'test/mark': value } } },
      undefined,
      undefined,
      undefined,
      undefined,
      PatchStrategy.MergePatch,
    );
  const marks = (data: string | undefined) =>
    ((JSON.parse(data ?? '{}') as ChangeBatch).changes ?? []).flatMap(c =>
      c.op === 'upsert'
        ? [(c.object.metadata as { annotations?: Record<string, string> }).annotations?.['test/mark']]
        : [],
    );

  beforeAll(async () => {
    api = await new FakeApiServer().start();
    for (const r of [...CORE_RESOURCES, ...FLUX_RESOURCES]) api.serve(r);
    api.apply(gitRepo);
    const kubeconfig = writeTemp('kubeconfig', api.kubeconfig);
    server = await startServer(testConfig({ kubeconfig, heartbeatMs: 200 }));
    await waitFor(async () => (await server.get('/readyz')).status === 200, 10_000, 'ready');
    const kc = new KubeConfig();
    kc.loadFromFile(kubeconfig);
    objects = KubernetesObjectApi.makeApiClient(kc);
  });
  afterAll(async () => {
    await server?.close();
    await api?.stop();
  });

  it('200 text/event-stream: a merge patch made through the API arrives as a change batch; heartbeats flow', async () => {
    const stream = await openSse(`${server.url}/api/v1/stream`);
    expect(stream.status).toBe(200);
    expect(stream.headers.get('content-type')).toContain('text/event-stream');
    expect(stream.headers.get('x-content-type-options')).toBe('nosniff');
    await annotate('one');
    const frame = await stream.next(f => f.event === 'changes' && marks(f.data).includes('one'));
    expect(Number(frame.id)).toBe((JSON.parse(frame.data!) as ChangeBatch).seq);
    await stream.next(f => f.comment === 'heartbeat', 2000);
    stream.close();
  });

  it('resumes with Last-Event-ID: only later batches', async () => {
    const first = await openSse(`${server.url}/api/v1/stream`);
    await annotate('two');
    const two = await first.next(f => marks(f.data).includes('two'));
    await annotate('three');
    await first.next(f => marks(f.data).includes('three'));
    first.close();

    const resumed = await openSse(`${server.url}/api/v1/stream`, { 'last-event-id': two.id! });
    const three = await resumed.next(f => marks(f.data).includes('three'));
    expect(Number(three.id)).toBeGreaterThan(Number(two.id));
    expect(resumed.frames.some(f => marks(f.data).includes('two'))).toBe(false);
    expect(resumed.frames.some(f => f.event === 'reset')).toBe(false);
    resumed.close();

    // The same through ?lastEventId= (what a client passes after loading the snapshot).
    const viaQuery = await openSse(`${server.url}/api/v1/stream?lastEventId=${two.id}`);
    await viaQuery.next(f => marks(f.data).includes('three'));
    viaQuery.close();
  });

  it('garbage or future Last-Event-ID gets event: reset', async () => {
    for (const id of ['garbage', '999999999']) {
      const stream = await openSse(`${server.url}/api/v1/stream`, { 'last-event-id': id });
      await stream.next(f => f.event === 'reset');
      stream.close();
    }
  });

  it('snapshot seq + stream from it sees exactly the later changes', async () => {
    const snapshot = await server.json<{ seq: number }>('/api/v1/snapshot');
    const stream = await openSse(`${server.url}/api/v1/stream?lastEventId=${snapshot.seq}`);
    await annotate('four');
    const frame = await stream.next(f => marks(f.data).includes('four'));
    expect(Number(frame.id)).toBeGreaterThan(snapshot.seq);
    expect(stream.frames.filter(f => f.event === 'changes')[0]).toBe(frame);
    stream.close();
  });
});
