/**
 * Several clusters in one process, over real HTTP: two demo clusters (one steady, one where a HelmRelease
 * fails) and two broken contexts in one kubeconfig, watched with `--context a,b,c,d`. Rows, failing objects,
 * search, the per-cluster routes under `/api/v1/c/{cluster}`, and the un-prefixed routes meaning the first.
 */
import { type DemoCluster, startDemoCluster } from '@fluxscope/demo-cluster';
import type {
  FleetFailingResponse,
  FleetResponse,
  FleetSearchResponse,
  ObjectDetail,
  StatusResponse,
} from '@fluxscope/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { stopWithin } from '../kube/demo.js';
import { type RunningServer, startServer, testConfig, waitFor, writeTemp } from '../test-support/harness.js';

const TOKEN = 'fleet-test-token-0123456789abcdef0123';
const KUBECOST = 'helm.toolkit.fluxcd.io/HelmRelease/flux-system/kubecost';

interface Kubeconfig {
  clusters: unknown[];
  contexts: Array<{ name: string }>;
  users: Array<{ name: string }>;
}

/** One kubeconfig with both demo clusters, an unreachable one and a context naming no cluster. */
function fleetKubeconfig(demos: DemoCluster[]): string {
  const parts = demos.map(d => parse(d.kubeconfig) as Kubeconfig);
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [
      ...parts.flatMap(p => p.clusters),
      { name: 'gone', cluster: { server: 'https://127.0.0.1:1', 'insecure-skip-tls-verify': true } },
    ],
    // Both demo clusters take the same token, so one user entry serves both.
    users: [parts[0]!.users[0]],
    contexts: [
      ...parts.flatMap(p => p.contexts),
      { name: 'gone', context: { cluster: 'gone', user: 'demo-admin' } },
      { name: 'typo', context: { cluster: 'no-such-cluster', user: 'demo-admin' } },
    ],
    'current-context': 'prod',
  });
}

describe('a fleet of contexts in one process', () => {
  let demos: DemoCluster[] = [];
  let server: RunningServer;
  let kubeconfigFile: string;

  beforeAll(async () => {
    demos = await Promise.all([
      startDemoCluster({
        scenario: 'steady',
        periodic: false,
        token: TOKEN,
        contextName: 'prod',
        fluxVersion: 'v2.6.4',
      }),
      startDemoCluster({
        scenario: 'failure',
        speed: 20,
        periodic: false,
        token: TOKEN,
        contextName: 'staging',
        fluxVersion: 'v2.7.0',
      }),
    ]);
    kubeconfigFile = writeTemp('kubeconfig', fleetKubeconfig(demos));
    server = await startServer(
      testConfig({
        kubeconfig: kubeconfigFile,
        context: 'prod',
        contexts: ['prod', 'staging', 'gone', 'typo'],
      }),
    );
    await waitFor(
      async () => {
        const { clusters } = await server.json<FleetResponse>('/api/v1/fleet');
        const by = new Map(clusters.map(c => [c.name, c]));
        return (
          (by.get('prod')?.objects ?? 0) > 0 &&
          by.get('prod')?.fluxVersion !== undefined &&
          // The scenario fails infrastructure and kubecost in turn; wait for the HelmRelease, not just the first.
          (by.get('staging')?.topFailing ?? []).some(
            o => o.kind === 'HelmRelease' && o.name === 'kubecost',
          ) &&
          by.get('gone')?.connection.state === 'unreachable'
        );
      },
      30_000,
      'both demo clusters synced, the failure played, the unreachable one given up on',
    );
  }, 60_000);

  afterAll(async () => {
    await server?.close();
    await Promise.all(demos.map(d => stopWithin(d, 1000)));
  });

  it('one row per context: connection, Flux version, states; broken contexts are rows, failing clusters first', async () => {
    const fleet = await server.json<FleetResponse>('/api/v1/fleet');
    expect(fleet.defaultCluster).toBe('prod');
    expect(fleet.clusters.map(c => c.name)).toEqual(['staging', 'gone', 'typo', 'prod']);
    const by = new Map(fleet.clusters.map(c => [c.name, c]));
    expect(by.get('prod')).toMatchObject({
      connection: { state: 'connected' },
      fluxVersion: 'v2.6.4',
      failing: 0,
    });
    expect(by.get('prod')!.states.ready).toBe(by.get('prod')!.objects);
    const staging = by.get('staging')!;
    expect(staging).toMatchObject({ connection: { state: 'connected' }, fluxVersion: 'v2.7.0' });
    expect(staging.topFailing.map(o => `${o.kind}/${o.name}`)).toContain('HelmRelease/kubecost');
    expect(staging.lastChange).toBeDefined();
    expect(by.get('gone')!.connection.message).toBeTruthy();
    expect(by.get('gone')!.objects).toBe(0);
    expect(by.get('typo')!.connection).toMatchObject({ state: 'misconfigured' });
    expect(by.get('typo')!.connection.message).toContain('no-such-cluster');
  });

  it('the failing objects across the fleet, each with its cluster', async () => {
    const failing = await server.json<FleetFailingResponse>('/api/v1/fleet/failing');
    expect(failing.total).toBeGreaterThan(0);
    expect(new Set(failing.items.map(i => i.cluster))).toEqual(new Set(['staging']));
    expect(failing.items.some(i => i.object.name === 'kubecost' && i.object.kind === 'HelmRelease')).toBe(
      true,
    );
    expect((await server.json<FleetFailingResponse>('/api/v1/fleet/failing?limit=1')).items).toHaveLength(1);
  });

  it('search: a chart and a source URL in every cluster that runs them; bad queries are 400s', async () => {
    const chart = await server.json<FleetSearchResponse>('/api/v1/fleet/search?q=cost-analyzer');
    expect(chart.clusters).toEqual(['prod', 'staging']);
    expect(chart.hits[0]).toMatchObject({ field: 'chart', exact: true });
    expect(chart.hits[0]!.value).toMatch(/^cost-analyzer/);
    const git = await server.json<FleetSearchResponse>('/api/v1/fleet/search?q=eks-saas-gitops');
    expect(git.hits.some(h => h.field === 'url' && h.object.kind === 'GitRepository')).toBe(true);
    expect(git.clusters).toEqual(['prod', 'staging']);
    expect(
      (await server.json<FleetSearchResponse>('/api/v1/fleet/search?q=no-such-thing-anywhere')).total,
    ).toBe(0);
    expect((await server.get('/api/v1/fleet/search')).status).toBe(400);
    expect((await server.get(`/api/v1/fleet/search?q=${'x'.repeat(300)}`)).status).toBe(400);
  });

  it('per-cluster routes answer for their cluster; un-prefixed ones for the first', async () => {
    const inProd = await server.json<ObjectDetail>(`/api/v1/c/prod/objects/${KUBECOST}`);
    const inStaging = await server.json<ObjectDetail>(`/api/v1/c/staging/objects/${KUBECOST}`);
    const byDefault = await server.json<ObjectDetail>(`/api/v1/objects/${KUBECOST}`);
    expect(inProd.fluxStatus?.state).toBe('ready');
    // Failing, or retrying (progressing) between failures.
    expect(['failed', 'progressing']).toContain(inStaging.fluxStatus?.state);
    expect(byDefault.fluxStatus).toEqual(inProd.fluxStatus);
    const status = await server.json<StatusResponse>('/api/v1/status');
    expect(status.connection.context).toBe('prod');
    expect((await server.json<StatusResponse>('/api/v1/c/staging/status')).connection.context).toBe(
      'staging',
    );
    const text = await (await server.get('/api/v1/c/staging/stats?format=text')).text();
    expect(text).toContain('HelmRelease');
  });

  it('--all-contexts: every context of the kubeconfig, in its order', async () => {
    const all = await startServer(testConfig({ kubeconfig: kubeconfigFile, allContexts: true }));
    try {
      const { clusters, defaultCluster } = await all.json<FleetResponse>('/api/v1/fleet');
      expect(clusters.map(c => c.name).sort()).toEqual(['gone', 'prod', 'staging', 'typo']);
      expect(defaultCluster).toBe('prod');
    } finally {
      await all.close();
    }
  });

  it('a broken cluster answers with its state; an unknown one is a 404 naming the clusters', async () => {
    const typo = await server.json<StatusResponse>('/api/v1/c/typo/status');
    expect(typo.connection.state).toBe('misconfigured');
    const unknown = await server.get('/api/v1/c/nope/snapshot');
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toContain('prod, staging, gone, typo');
  });
});

describe('--demo-clusters 2', () => {
  let server: RunningServer;

  beforeAll(async () => {
    server = await startServer(testConfig({ demoClusters: 2, demoScenario: 'steady', demoSpeed: 20 }));
    await waitFor(
      async () =>
        (await server.json<FleetResponse>('/api/v1/fleet')).clusters.every(
          c => c.objects > 0 && c.fluxVersion,
        ),
      30_000,
      'both demo clusters synced',
    );
  }, 60_000);
  afterAll(() => server?.close());

  it('plays stages and regions, each its own API server reached over HTTPS through its own context', async () => {
    const fleet = await server.json<FleetResponse>('/api/v1/fleet');
    expect(fleet.defaultCluster).toBe('prod-eu-west-1');
    const by = new Map(fleet.clusters.map(c => [c.name, c]));
    expect([...by.keys()].sort()).toEqual(['prod-eu-west-1', 'staging-us-east-1']);
    expect(by.get('prod-eu-west-1')).toMatchObject({ demo: true, fluxVersion: 'v2.6.4' });
    expect(by.get('staging-us-east-1')).toMatchObject({ demo: true, fluxVersion: 'v2.7.0' });
    const servers = fleet.clusters.map(c => c.connection.server);
    expect(servers.every(s => s?.startsWith('https://127.0.0.1:'))).toBe(true);
    expect(new Set(servers).size).toBe(2);
    const status = await server.json<StatusResponse>('/api/v1/c/staging-us-east-1/status');
    expect(status.connection).toMatchObject({ context: 'staging-us-east-1', demo: true });
  });
});
