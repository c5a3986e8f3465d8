/**
 * The Flux runtime's controller error lines and the follow mode of an object's controller lines, through
 * the server against the demo cluster (failure scenario: kubecost's HelmRelease fails) over real HTTPS.
 */
import { startDemoCluster, type DemoCluster } from '@fluxscope/demo-cluster';
import type { ControllerErrors, ControllerLogLine } from '@fluxscope/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stopWithin } from '../kube/demo.js';
import { type RunningServer, startServer, testConfig, waitFor, writeTemp } from '../test-support/harness.js';

let demo: DemoCluster;
let server: RunningServer;

beforeAll(async () => {
  demo = await startDemoCluster({ scenario: 'failure', speed: 25, periodic: false });
  server = await startServer(testConfig({ kubeconfig: writeTemp('kubeconfig', demo.kubeconfig) }));
  await waitFor(async () => (await server.get('/readyz')).status === 200, 20_000, 'ready');
  // The failure replay: kubecost's install fails a few (simulated) minutes in.
  const kubecostFailed = () => {
    const hr = demo.store
      .list('helm.toolkit.fluxcd.io/HelmRelease', 'flux-system')
      .find(o => o.metadata.name === 'kubecost');
    const conditions = (hr?.status?.['conditions'] ?? []) as Array<{ type: string; status: string }>;
    return conditions.some(c => c.type === 'Ready' && c.status === 'False');
  };
  await waitFor(kubecostFailed, 30_000, 'kubecost failed');
});
afterAll(async () => {
  await server?.close();
  if (demo) await stopWithin(demo, 1000);
});

const ERRORS = '/api/v1/flux-runtime/controllers/flux-system/helm-controller/errors';

describe("a Flux controller's error lines", () => {
  it("are its log's error lines, newest first, each naming its object", async () => {
    const errors = await server.json<ControllerErrors>(ERRORS);
    expect(errors.controller).toBe('helm-controller');
    expect(errors.pods).toHaveLength(1);
    expect(errors.scanned).toBeGreaterThan(errors.lines.length);
    expect(errors.lines.length).toBeGreaterThan(0);
    expect(errors.lines.length).toBeLessThanOrEqual(10);
    expect(errors.lines.every(l => l.level === 'error')).toBe(true);
    expect(errors.lines[0]!.fields).toContainEqual({ key: 'HelmRelease', value: 'flux-system/kubecost' });
    const times = errors.lines.map(l => Date.parse(l.ts ?? ''));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
  });

  it('are read once for every asker within 15 s, not once per request', async () => {
    const first = await server.json<ControllerErrors>(ERRORS);
    const again = await Promise.all([1, 2, 3].map(() => server.json<ControllerErrors>(ERRORS)));
    expect(again.map(a => a.readAt)).toEqual([first.readAt, first.readAt, first.readAt]);
  });

  it('only for the controller Deployments the runtime page lists: anything else is a 404, bad names a 400', async () => {
    const other = await server.get('/api/v1/flux-runtime/controllers/kubecost/kubecost-cost-analyzer/errors');
    expect(other.status).toBe(404);
    expect(((await other.json()) as { message: string }).message).toMatch(/not a Flux controller Deployment/);
    expect((await server.get('/api/v1/flux-runtime/controllers/Bad_NS/helm-controller/errors')).status).toBe(
      400,
    );
  });
});

describe("follow mode of an object's controller lines", () => {
  it('streams the new lines naming the object as NDJSON, and ends the upstream request when the client leaves', async () => {
    const pod = demo.store
      .list('/Pod', 'flux-system')
      .find(p => p.metadata.name.startsWith('helm-controller-'))!;
    demo.store.update('/Pod', 'flux-system', pod.metadata.name, p => {
      p.metadata.annotations = { ...p.metadata.annotations, 'demo.fluxscope.dev/log-rate': '60' };
    });
    const started = Date.now();
    const abort = new AbortController();
    const res = await server.get(
      '/api/v1/controller-logs/helm.toolkit.fluxcd.io/HelmRelease/flux-system/kubecost/follow',
      { signal: abort.signal },
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/x-ndjson; charset=utf-8');
    const reader = res.body!.getReader();
    let text = '';
    while (text.split('\n').length < 4) {
      const chunk = await reader.read();
      if (chunk.done) throw new Error(`stream ended after: ${text}`);
      text += new TextDecoder().decode(chunk.value);
    }
    const lines = text
      .split('\n')
      .slice(0, 3)
      .map(l => JSON.parse(l) as ControllerLogLine);
    for (const line of lines) {
      expect(line.controller).toBe('helmrelease');
      // New lines only: the history the page loaded before is not replayed.
      expect(Date.parse(line.ts ?? '')).toBeGreaterThanOrEqual(started - 1000);
    }
    expect(demo.server.openLogStreams).toBe(1);
    abort.abort();
    await waitFor(() => demo.server.openLogStreams === 0, 5000, 'upstream log request closed');
  });

  it('a kind without a controller is a 404 with the reason', async () => {
    const res = await server.get('/api/v1/controller-logs/apps/Deployment/kubecost/x/follow');
    expect(res.status).toBe(404);
    expect(((await res.json()) as { message: string }).message).toBe('Deployment has no Flux controller');
  });
});
