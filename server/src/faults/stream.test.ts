/**
 * The browser's side of the wire: its SSE stream cut, the server restarted under an open tab, a laptop
 * asleep while the cluster changed. The mirror (snapshot + SSE with Last-Event-ID, reload on reset) must end
 * up equal to the API server. Plus: repeated faults must not leak memory or spin.
 */
import { buildApp } from '../app.js';
import { testConfig, writeTemp } from '../test-support/harness.js';
import { afterEach, describe, expect, it } from 'vitest';
import { type Bed, churn, converge, heapAfterGc, report, sleep, startBed, waitFor } from './support.js';

let bed: Bed | undefined;
afterEach(async () => {
  await bed?.stop();
  bed = undefined;
});

describe('browser stream faults', () => {
  it('SSE stream cut: resumes with Last-Event-ID and gets exactly the missed batches (no reload)', async () => {
    bed = await startBed();
    const b = bed;
    b.mirror.cut();
    churn(b.cluster, 'sse-cut');
    const recovery = await converge(b);
    expect(b.mirror.resets).toBe(0);
    report('browser SSE stream cut', recovery, 'Reconnecting for a moment, then Live; no reload');
  });

  it('laptop asleep while a lot changed: the resume point is gone, reset, snapshot reloaded, exact', async () => {
    bed = await startBed();
    const b = bed;
    b.mirror.sleep();
    // More than the change log keeps for resume (16 MB of frames): 40 updates of a 1 MB object.
    // Flux objects are stored whole (ConfigMaps are slimmed), so each update is a 1 MB frame.
    const gk = 'kustomize.toolkit.fluxcd.io/Kustomization';
    b.cluster.store.put({
      apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
      kind: 'Kustomization',
      metadata: { name: 'big', namespace: 'flux-system', annotations: { blob: 'x'.repeat(1024 * 1024) } },
      spec: { path: './', sourceRef: { kind: 'GitRepository', name: 'flux-system' } },
    });
    for (let i = 0; i < 40; i++) {
      b.cluster.store.update(gk, 'flux-system', 'big', d => {
        d.metadata.labels = { round: String(i) };
      });
      await sleep(70);
    }
    churn(b.cluster, 'asleep');
    await sleep(300);
    b.mirror.wake();
    const recovery = await converge(b);
    expect(b.mirror.resets).toBeGreaterThanOrEqual(1);
    report(
      'laptop asleep while ~40 MB of changes passed',
      recovery,
      'Reconnecting (last update N s ago), then the current state',
    );
  });

  it('server restarted under an open tab: the old Last-Event-ID gets a reset, the tab reloads and is exact', async () => {
    bed = await startBed();
    const b = bed;
    const port = Number(new URL(b.server.url).port);
    await b.server.close();
    // While the server is down, objects change and one is deleted.
    churn(b.cluster, 'server-down');
    const gone = b.cluster.store.list('kustomize.toolkit.fluxcd.io/Kustomization').at(-1)!;
    b.cluster.store.delete(
      'kustomize.toolkit.fluxcd.io/Kustomization',
      gone.metadata.namespace,
      gone.metadata.name,
    );
    const app = await buildApp(testConfig({ kubeconfig: writeTemp('kubeconfig', b.cluster.kubeconfig) }), {
      logger: false,
    });
    await app.listen({ host: '127.0.0.1', port });
    const restarted = Date.now();
    const oldClose = b.server.close;
    b.server.close = () => app.close();
    b.server.app = app;
    await waitFor(async () => (await b.server.get('/readyz')).status === 200, 20_000, 'ready again');
    await converge(b);
    expect(b.mirror.resets).toBeGreaterThanOrEqual(1);
    void oldClose;
    report(
      'Fluxscope server restarted under an open tab',
      Date.now() - restarted,
      'Server down / Reconnecting, then the current state (deleted object gone) without a reload',
    );
  });

  it(
    '10 rounds of every watch cut and the stream cut: no memory growth, no tight retry loop',
    { timeout: 60_000 },
    async () => {
      bed = await startBed();
      const b = bed;
      const watched = (await b.status()).watches.length;
      const round = async (i: number) => {
        // Cut every watch once it is open and has had a bookmark (1 s): a watch cut again and again before
        // any event is a flapping connection, and the server rightly backs off from those.
        await waitFor(() => b.cluster.server.watches.size >= watched, 10_000, 'all watches open');
        await sleep(1100);
        const t = Date.now();
        await b.cluster.faults.apply({ type: 'cut-watches' });
        b.mirror.cut();
        churn(b.cluster, `round-${i}`);
        await converge(b);
        return Date.now() - t;
      };
      for (let i = 0; i < 3; i++) await round(i);
      const heapBefore = heapAfterGc();
      const from = Date.now();
      const times: number[] = [];
      for (let i = 3; i < 11; i++) {
        times.push(await round(i));
      }
      const heapAfter = heapAfterGc();
      const watches = (await b.status()).watches.length;
      const watchRequests = b.cluster.faults.count(r => r.verb === 'watch', from);
      const lists = b.cluster.faults.count(r => r.verb === 'list', from);
      // One resume per kind per cut (plus a few retries), no relists: the resourceVersions stay valid.
      expect(watchRequests).toBeLessThanOrEqual(watches * 8 * 1.5);
      expect(lists).toBe(0);
      expect(heapAfter - heapBefore).toBeLessThan(30 * 1024 * 1024);
      const metrics = await b.metrics();
      expect(metrics).toMatch(/fluxscope_watch_restarts_total\{kind="Kustomization"\} ([89]|\d{2,})/);
      expect(metrics).toMatch(/fluxscope_sse_clients 1/);
      times.sort((x, y) => x - y);
      report(
        '8 rounds of every watch cut + SSE cut',
        times[Math.floor(times.length / 2)]!,
        `nothing lasting; heap ${((heapAfter - heapBefore) / 1e6).toFixed(1)} MB after 8 rounds, ${(watchRequests / watches / 8).toFixed(2)} watch requests per kind per cut, 0 relists (median recovery)`,
      );
    },
  );
});
