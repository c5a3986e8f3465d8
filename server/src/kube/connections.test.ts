import { startDemoCluster, type DemoCluster } from '@fluxscope/demo-cluster';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer, testConfig, waitFor, writeTemp } from '../test-support/harness.js';

describe('connections to the API server', () => {
  let cluster: DemoCluster;
  let server: RunningServer;
  let requests = 0;

  beforeAll(async () => {
    cluster = await startDemoCluster({ scenario: 'steady', periodic: false });
    cluster.server.addHook(() => {
      requests++;
      return undefined;
    });
    server = await startServer(testConfig({ kubeconfig: writeTemp('kubeconfig', cluster.kubeconfig) }));
    await waitFor(async () => (await server.get('/readyz')).status === 200, 20_000, 'ready');
  });
  afterAll(async () => {
    await server?.close();
    await cluster?.stop();
  });

  it('are kept alive and shared: lists, discovery and watches do not each open one', async () => {
    const kinds = (await server.json<{ watches: unknown[] }>('/api/v1/status')).watches.length;
    // Every kind listed and its watch open (readiness only needs the lists).
    await waitFor(() => requests > 2 * kinds, 10_000, 'a list and a watch per kind');
    // Each watch holds its connection open; lists and discovery reuse idle ones.
    expect(cluster.server.connectionsAccepted).toBeLessThan(kinds + 10);
    console.log(
      `[connections] ${requests} requests over ${cluster.server.connectionsAccepted} connections, ${kinds} watches`,
    );
  });
});
