import net from 'node:net';
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

const marks = (data: string | undefined) =>
  ((JSON.parse(data ?? '{}') as ChangeBatch).changes ?? []).flatMap(c =>
    c.op === 'upsert'
      ? [(c.object.metadata as { annotations?: Record<string, string> }).annotations?.['test/mark']]
      : [],
  );

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

describe('GET /api/v1/stream: a client that stops reading', () => {
  const CAP = 256 * 1024;
  let api: FakeApiServer;
  let server: RunningServer;
  let objects: KubernetesObjectApi;

  const annotateBig = (i: number) =>
    objects.patch(
      {
        ...gitRepo,
        metadata: {
          ...gitRepo.metadata,
          annotations: { 'test/mark': `big-${i}`, 'test/pad': 'x'.repeat(200_000) },
        },
      },
      undefined,
      undefined,
      undefined,
      undefined,
      PatchStrategy.MergePatch,
    );
  const clients = async () =>
    Number(/^fluxscope_sse_clients (\d+)$/m.exec(await (await server.get('/metrics')).text())?.[1]);

  beforeAll(async () => {
    api = await new FakeApiServer().start();
    for (const r of [...CORE_RESOURCES, ...FLUX_RESOURCES]) api.serve(r);
    api.apply(gitRepo);
    const kubeconfig = writeTemp('kubeconfig', api.kubeconfig);
    server = await startServer(testConfig({ kubeconfig, sseMaxBufferedBytes: CAP }));
    await waitFor(async () => (await server.get('/readyz')).status === 200, 10_000, 'ready');
    const kc = new KubeConfig();
    kc.loadFromFile(kubeconfig);
    objects = KubernetesObjectApi.makeApiClient(kc);
  });
  afterAll(async () => {
    await server?.close();
    await api?.stop();
  });

  it('is dropped once its unread bytes pass the cap; a reader alongside keeps every batch and resumes without a gap', async () => {
    const { hostname, port } = new URL(server.url);
    const stalled = net.connect(Number(port), hostname);
    stalled.on('error', () => undefined);
    stalled.write(`GET /api/v1/stream HTTP/1.1\r\nHost: ${hostname}:${port}\r\n\r\n`);
    // Read nothing, ever: the kernel's buffers fill, then the server's.
    stalled.pause();
    const reader = await openSse(`${server.url}/api/v1/stream`);
    await waitFor(async () => (await clients()) === 2, 5000, 'two stream clients');

    let i = 0;
    await waitFor(
      async () => {
        await annotateBig(i++);
        return (await clients()) === 1;
      },
      30_000,
      'the stalled client dropped',
    );
    // Some tens of frames went out: the kernel buffers took megabytes before the server's buffer grew.
    expect(i).toBeGreaterThan(1);
    // The reader got every batch, in order.
    const last = await reader.next(f => marks(f.data).includes(`big-${i - 1}`), 10_000);
    const seen = reader.frames.flatMap(f => marks(f.data)).filter(m => m?.startsWith('big-'));
    expect(seen).toEqual(Array.from({ length: i }, (_, n) => `big-${n}`));
    reader.close();
    stalled.destroy();

    // A dropped client reconnects with its Last-Event-ID: what it missed if held and under the cap, else a reset.
    const resumed = await openSse(`${server.url}/api/v1/stream`, {
      'last-event-id': String(Number(last.id) - 1),
    });
    await resumed.next(f => marks(f.data).includes(`big-${i - 1}`) || f.event === 'reset');
    resumed.close();
    const far = await openSse(`${server.url}/api/v1/stream`, { 'last-event-id': '1' });
    await far.next(f => f.event === 'reset');
    far.close();
  }, 60_000);
});
