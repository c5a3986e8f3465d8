/**
 * Pod logs and controller logs through the server, against the demo cluster over real HTTPS: the same
 * client-node path as a real cluster.
 */
import { startDemoCluster, type DemoCluster } from '@fluxscope/demo-cluster';
import type { ClusterObject, ControllerLogs, PodLogTargets } from '@fluxscope/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stopWithin } from '../kube/demo.js';
import { type RunningServer, startServer, testConfig, waitFor, writeTemp } from '../test-support/harness.js';

let demo: DemoCluster;
let server: RunningServer;
let off: RunningServer;

beforeAll(async () => {
  demo = await startDemoCluster({ scenario: 'steady', periodic: false });
  const kubeconfig = writeTemp('kubeconfig', demo.kubeconfig);
  [server, off] = await Promise.all([
    startServer(testConfig({ kubeconfig })),
    startServer(testConfig({ kubeconfig, logsEnabled: false })),
  ]);
  await waitFor(async () => (await server.get('/readyz')).status === 200, 20_000, 'ready');
});
afterAll(async () => {
  await Promise.all([server?.close(), off?.close()]);
  if (demo) await stopWithin(demo, 1000);
});

const podNamed = (namespace: string, prefix: string): ClusterObject => {
  const pod = demo.store.list('/Pod', namespace).find(p => p.metadata.name.startsWith(prefix));
  if (!pod) throw new Error(`no pod ${prefix}`);
  return pod;
};
const logUrl = (pod: ClusterObject, query = '') =>
  `/api/v1/pods/${pod.metadata.namespace}/${pod.metadata.name}/log${query ? `?${query}` : ''}`;

describe('Pod logs', () => {
  it('lists containers with their state', async () => {
    const pod = podNamed('kubecost', 'kubecost-prometheus-server');
    const targets = await server.json<PodLogTargets>(`/api/v1/pods/kubecost/${pod.metadata.name}/containers`);
    expect(targets).toMatchObject({
      namespace: 'kubecost',
      pod: pod.metadata.name,
      phase: 'Running',
      containers: [{ name: 'server', init: false, state: 'running', started: true, hasPrevious: false }],
    });
  });

  it('streams the log as text with tailLines and timestamps', async () => {
    const pod = podNamed('kubecost', 'kubecost-prometheus-server');
    const res = await server.get(logUrl(pod, 'tailLines=3&timestamps=true'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(res.headers.get('x-fluxscope-container')).toBe('server');
    const lines = (await res.text()).trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^\d{4}-\d\d-\d\dT\S+Z ts=/);
  });

  it('404 with the reason for an unknown Pod, container or previous run; 400 for bad input', async () => {
    const pod = podNamed('kubecost', 'kubecost-prometheus-server');
    const missing = await server.get('/api/v1/pods/kubecost/nope/log');
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { message: string }).message).toBe('Pod kubecost/nope not found');
    const container = await server.get(logUrl(pod, 'container=nope'));
    expect(container.status).toBe(404);
    expect(((await container.json()) as { message: string }).message).toBe(
      `container "nope" is not in Pod kubecost/${pod.metadata.name} (containers: server)`,
    );
    const previous = await server.get(logUrl(pod, 'previous=true'));
    expect(previous.status).toBe(404);
    expect(((await previous.json()) as { message: string }).message).toMatch(
      /has no previous run \(restarts: 0\)/,
    );
    expect((await server.get(logUrl(pod, 'tailLines=-1'))).status).toBe(400);
    expect((await server.get(logUrl(pod, 'container=Bad_Name'))).status).toBe(400);
    expect((await server.get('/api/v1/pods/Bad_NS/x/log')).status).toBe(400);
  });

  it('a container that has not started answers its state, not an error', async () => {
    const pod = podNamed('kubecost', 'kubecost-forecasting');
    demo.store.update('/Pod', 'kubecost', pod.metadata.name, p => {
      p.status = {
        phase: 'Pending',
        containerStatuses: [
          { name: 'forecasting', restartCount: 0, state: { waiting: { reason: 'ContainerCreating' } } },
        ],
      };
    });
    const res = await server.get(logUrl(pod));
    expect(res.status).toBe(200);
    expect(res.headers.get('x-fluxscope-container-state')).toBe('waiting: ContainerCreating');
    expect(await res.text()).toBe('');
  });

  it('follows live, and aborts the upstream request when the client goes away', async () => {
    const pod = podNamed('kube-system', 'metrics-server');
    demo.store.update('/Pod', 'kube-system', pod.metadata.name, p => {
      p.metadata.annotations = { ...p.metadata.annotations, 'demo.fluxscope.dev/log-rate': '40' };
    });
    const abort = new AbortController();
    const res = await server.get(logUrl(pod, 'follow=true&tailLines=0'), { signal: abort.signal });
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    let text = '';
    while (text.split('\n').length < 6) text += new TextDecoder().decode((await reader.read()).value);
    expect(demo.server.openLogStreams).toBe(1);
    abort.abort();
    await waitFor(() => demo.server.openLogStreams === 0, 5000, 'upstream log request closed');
  });

  it(
    'backpressure: while the client reads nothing, the API server stops writing',
    { timeout: 60_000 },
    async () => {
      const pod = podNamed('kubecost', 'kubecost-network-costs');
      demo.store.update('/Pod', 'kubecost', pod.metadata.name, p => {
        // About 10 MB/s: without backpressure a paused reader would have megabytes pile up every second.
        p.metadata.annotations = { ...p.metadata.annotations, 'demo.fluxscope.dev/log-rate': '100000' };
      });
      const abort = new AbortController();
      const res = await server.get(logUrl(pod, 'follow=true&tailLines=0'), { signal: abort.signal });
      const reader = res.body!.getReader();
      await reader.read();
      // Stop reading: socket buffers (two loopback hops, megabytes each) and stream high-water marks fill,
      // then the demo's writes stall. Without backpressure they never would.
      const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));
      let stalledAt = demo.server.logBytesWritten;
      for (let waited = 0; ; waited += 500) {
        await sleep(500);
        const now = demo.server.logBytesWritten;
        if (now - stalledAt < 64 * 1024) break;
        expect(waited, `writes never stalled (${now} bytes written)`).toBeLessThan(30_000);
        stalledAt = now;
      }
      await sleep(1000);
      expect(demo.server.logBytesWritten - stalledAt).toBeLessThan(256 * 1024);
      // Reading again drains it and the writes resume.
      for (let i = 0; i < 50; i++) await reader.read();
      await waitFor(() => demo.server.logBytesWritten > stalledAt + 256 * 1024, 5000, 'writes resume');
      abort.abort();
      await waitFor(() => demo.server.openLogStreams === 0, 5000, 'upstream log request closed');
    },
  );

  it('logs off: 403 saying so, and the connection state tells the UI', async () => {
    const pod = podNamed('kubecost', 'kubecost-prometheus-server');
    const res = await off.get(logUrl(pod));
    expect(res.status).toBe(403);
    expect(((await res.json()) as { message: string }).message).toMatch(/Pod logs are off/);
    const status = await off.json<{ connection: { logsEnabled?: boolean } }>('/api/v1/status');
    expect(status.connection.logsEnabled).toBe(false);
    const on = await server.json<{ connection: { logsEnabled?: boolean } }>('/api/v1/status');
    expect(on.connection.logsEnabled).toBe(true);
  });
});

describe('auth', () => {
  it('logs are behind the same auth as every /api route', async () => {
    const locked = await startServer(
      testConfig({ kubeconfig: writeTemp('kubeconfig', demo.kubeconfig), authToken: 'sekret' }),
    );
    try {
      const pod = podNamed('kubecost', 'kubecost-prometheus-server');
      expect((await locked.get(logUrl(pod))).status).toBe(401);
      expect(
        (await locked.get('/api/v1/controller-logs/helm.toolkit.fluxcd.io/HelmRelease/flux-system/kubecost'))
          .status,
      ).toBe(401);
      const ok = await locked.get(logUrl(pod, 'tailLines=1'), {
        headers: { authorization: 'Bearer sekret' },
      });
      expect(ok.status).toBe(200);
      await ok.text();
    } finally {
      await locked.close();
    }
  });
});

describe('controller logs of one object', () => {
  it("returns the lines of the object's controller that name it", async () => {
    const logs = await server.json<ControllerLogs>(
      '/api/v1/controller-logs/helm.toolkit.fluxcd.io/HelmRelease/flux-system/kubecost',
    );
    expect(logs.controller).toBe('helm-controller');
    expect(logs.pods).toHaveLength(1);
    expect(logs.pods[0]).toMatch(/^flux-system\/helm-controller-/);
    expect(logs.scanned).toBeGreaterThan(logs.lines.length);
    expect(logs.lines.length).toBeGreaterThan(0);
    expect(logs.lines.every(l => l.controller === 'helmrelease')).toBe(true);
  });

  it('a non-Flux kind has no controller; a bad kind is a 400', async () => {
    const logs = await server.json<ControllerLogs>('/api/v1/controller-logs/apps/Deployment/kubecost/x');
    expect(logs).toMatchObject({ controller: '', lines: [], message: 'Deployment has no Flux controller' });
    expect((await server.get('/api/v1/controller-logs/apps/Bad-Kind/kubecost/x')).status).toBe(400);
  });
});
