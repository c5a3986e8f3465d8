/**
 * --impersonate with several clusters, over real HTTP: two demo clusters whose API servers answer the
 * user's SelfSubjectRulesReview differently (prod: Kustomizations in flux-system; staging: nothing). Each
 * cluster's routes give the user their view of that cluster, from their rights there, and the fleet routes
 * count, list and find only what they may see in each.
 */
import { type DemoCluster, startDemoCluster } from '@fluxscope/demo-cluster';
import type {
  FleetFailingResponse,
  FleetResponse,
  FleetSearchResponse,
  Me,
  Snapshot,
} from '@fluxscope/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { stopWithin } from '../kube/demo.js';
import { type RunningServer, startServer, testConfig, waitFor, writeTemp } from '../test-support/harness.js';

const TOKEN = 'users-test-token-0123456789abcdef01234';
const KS_GROUP = 'kustomize.toolkit.fluxcd.io';
const AS_ALICE = { 'x-forwarded-user': 'alice' };

/** The user's rules in one namespace, as this cluster's RBAC would answer them. */
type Rules = (namespace: string) => Array<{ verbs: string[]; apiGroups: string[]; resources: string[] }>;

function answerReviews(demo: DemoCluster, rules: Rules): void {
  demo.server.addRoute('POST', '/apis/authorization.k8s.io/v1/selfsubjectrulesreviews', (_info, body) => {
    const review = JSON.parse(body) as { spec: { namespace: string } };
    return {
      status: 201,
      body: { ...review, status: { resourceRules: rules(review.spec.namespace), incomplete: false } },
    };
  });
  // No cluster-scoped kind for the user anywhere.
  demo.server.addRoute('POST', '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', (_info, body) => ({
    status: 201,
    body: { ...(JSON.parse(body) as object), status: { allowed: false } },
  }));
}

interface Kubeconfig {
  clusters: unknown[];
  contexts: unknown[];
  users: unknown[];
}

describe('--impersonate with several clusters', () => {
  let demos: DemoCluster[] = [];
  let server: RunningServer;
  const json = async <T>(path: string): Promise<T> => {
    const res = await server.get(path, { headers: AS_ALICE });
    if (!res.ok) throw new Error(`GET ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };

  beforeAll(async () => {
    demos = await Promise.all([
      startDemoCluster({ scenario: 'steady', periodic: false, token: TOKEN, contextName: 'prod' }),
      startDemoCluster({
        scenario: 'failure',
        speed: 20,
        periodic: false,
        token: TOKEN,
        contextName: 'staging',
      }),
    ]);
    answerReviews(demos[0]!, namespace =>
      namespace === 'flux-system'
        ? [{ verbs: ['get', 'list', 'watch'], apiGroups: [KS_GROUP], resources: ['kustomizations'] }]
        : [],
    );
    answerReviews(demos[1]!, () => []);
    const parts = demos.map(d => parse(d.kubeconfig) as Kubeconfig);
    const kubeconfig = writeTemp(
      'kubeconfig',
      stringify({
        apiVersion: 'v1',
        kind: 'Config',
        clusters: parts.flatMap(p => p.clusters),
        users: [parts[0]!.users[0]], // both take the same token
        contexts: parts.flatMap(p => p.contexts),
        'current-context': 'prod',
      }),
    );
    server = await startServer(
      testConfig({
        kubeconfig,
        contexts: ['prod', 'staging'],
        trustedProxyHeader: 'x-forwarded-user',
        impersonate: true,
      }),
    );
    await waitFor(
      async () => {
        const snapshot = await json<Snapshot>('/api/v1/c/prod/snapshot');
        const rows = (await json<FleetResponse>('/api/v1/fleet')).clusters;
        return snapshot.objects.length > 0 && rows.length === 2;
      },
      30_000,
      'both clusters synced',
    );
  }, 60_000);

  afterAll(async () => {
    await server?.close();
    await Promise.all(demos.map(d => stopWithin(d, 1000)));
  });

  it("each cluster's routes show the user's view of that cluster, from their rights there", async () => {
    const prod = await json<Snapshot>('/api/v1/c/prod/snapshot');
    expect(new Set(prod.objects.map(o => `${o.kind}/${o.metadata.namespace}`))).toEqual(
      new Set(['Kustomization/flux-system']),
    );
    // Un-prefixed: the default cluster (prod), the same view.
    expect((await json<Snapshot>('/api/v1/snapshot')).objects.length).toBe(prod.objects.length);
    expect((await json<Me>('/api/v1/c/prod/me')).access).toMatchObject({
      everything: false,
      namespaces: ['flux-system'],
    });
    const staging = await json<Snapshot>('/api/v1/c/staging/snapshot');
    expect(staging.objects).toEqual([]);
    expect((await json<Me>('/api/v1/c/staging/me')).access?.message).toMatch(
      /you \(alice\) may not list any Flux object or workload in this cluster/,
    );
    const hidden = await server.get(
      `/api/v1/c/staging/objects/${KS_GROUP}/Kustomization/flux-system/flux-system`,
      {
        headers: AS_ALICE,
      },
    );
    expect(hidden.status).toBe(404);
  });

  it('the fleet counts, lists and finds only what the user may see in each cluster', async () => {
    const prod = await json<Snapshot>('/api/v1/c/prod/snapshot');
    const rows = new Map((await json<FleetResponse>('/api/v1/fleet')).clusters.map(r => [r.name, r]));
    expect(rows.get('prod')).toMatchObject({ objects: prod.objects.length, failing: 0 });
    // Staging fails (a HelmRelease) for everyone who may see it: alice may not, so it counts nothing for her.
    expect(rows.get('staging')).toMatchObject({ objects: 0, failing: 0, topFailing: [] });
    expect(await json<FleetFailingResponse>('/api/v1/fleet/failing')).toEqual({ items: [], total: 0 });
    const found = await json<FleetSearchResponse>('/api/v1/fleet/search?q=flux-system');
    expect(found.total).toBeGreaterThan(0);
    expect(found.clusters).toEqual(['prod']);
    expect(found.hits.every(h => h.object.kind === 'Kustomization')).toBe(true);
    expect((await json<FleetSearchResponse>('/api/v1/fleet/search?q=kubecost')).total).toBe(0);
  });
});
