/**
 * Actions over real HTTP against the demo cluster: each action is read back through the demo cluster's
 * API with client-node, as Flux's controllers would see it.
 */
import { KubeConfig, KubernetesObjectApi } from '@kubernetes/client-node';
import { startDemoCluster, type DemoCluster } from '@fluxscope/demo-cluster';
import type { ClusterObject, ConnectionState } from '@fluxscope/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stopWithin } from '../kube/demo.js';
import { type RunningServer, startServer, testConfig, waitFor, writeTemp } from '../test-support/harness.js';

const RFC3339_NANO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{0,8}[1-9])?Z$/;
const REQUESTED_AT = 'reconcile.fluxcd.io/requestedAt';
const KS = 'kustomize.toolkit.fluxcd.io';
const HR = 'helm.toolkit.fluxcd.io';
const SRC = 'source.toolkit.fluxcd.io';
const VERSIONS: Record<string, string> = { [KS]: 'v1', [HR]: 'v2', [SRC]: 'v1' };

interface ActionBody {
  resourceVersion: string;
  requestedAt?: string;
  source?: { object: { kind: string; name: string }; handled: boolean };
  message?: string;
}

describe('actions against the demo cluster', () => {
  let demo: DemoCluster;
  let server: RunningServer;
  let readOnly: RunningServer;
  let objects: KubernetesObjectApi;

  const read = async (group: string, kind: string, name: string): Promise<ClusterObject> =>
    (await objects.read({
      apiVersion: `${group}/${VERSIONS[group]}`,
      kind,
      metadata: { name, namespace: 'flux-system' },
    })) as unknown as ClusterObject;

  const act = async (
    target: RunningServer,
    path: string,
    body: unknown = {},
    headers: Record<string, string> = { 'x-fluxscope-action': '1' },
  ): Promise<{ status: number; body: ActionBody }> => {
    const res = await target.get(`/api/v1/actions/${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as ActionBody };
  };

  beforeAll(async () => {
    demo = await startDemoCluster({ scenario: 'steady', periodic: false, speed: 10 });
    const kubeconfig = writeTemp('kubeconfig', demo.kubeconfig);
    const kc = new KubeConfig();
    kc.loadFromString(demo.kubeconfig);
    objects = KubernetesObjectApi.makeApiClient(kc);
    [server, readOnly] = await Promise.all([
      startServer(testConfig({ kubeconfig, enableActions: true }), { actionSourceWaitMs: 8000 }),
      startServer(testConfig({ kubeconfig })),
    ]);
    for (const s of [server, readOnly])
      await waitFor(async () => (await s.get('/readyz')).status === 200, 20_000, 'ready');
  });
  afterAll(async () => {
    await Promise.all([server?.close(), readOnly?.close()]);
    if (demo) await stopWithin(demo, 1000);
  });

  it('status says actions are on and which kinds the identity may patch (SelfSubjectAccessReview)', async () => {
    const connection = await waitFor(async () => {
      const c = (await server.json<{ connection: ConnectionState }>('/api/v1/status')).connection;
      return c.actionKinds ? c : undefined;
    });
    expect(connection.actionsEnabled).toBe(true);
    const kinds = connection.actionKinds?.map(k => k.kind) ?? [];
    expect(kinds).toEqual(expect.arrayContaining(['Kustomization', 'HelmRelease', 'GitRepository']));
    expect(kinds).not.toContain('ExternalArtifact');
    expect((await readOnly.json<{ connection: ConnectionState }>('/api/v1/status')).connection).toMatchObject(
      {
        actionsEnabled: false,
      },
    );
  });

  it('reconcile sets requestedAt in RFC3339Nano; the controller hands it back in lastHandledReconcileAt', async () => {
    const { status, body } = await act(server, `reconcile/${KS}/Kustomization/flux-system/controlplane`);
    expect(status).toBe(200);
    expect(body.requestedAt).toMatch(RFC3339_NANO);
    const obj = await read(KS, 'Kustomization', 'controlplane');
    expect(obj.metadata.annotations?.[REQUESTED_AT]).toBe(body.requestedAt);
    expect(obj.metadata.resourceVersion).toBeDefined();
    await waitFor(
      async () =>
        (await read(KS, 'Kustomization', 'controlplane')).status?.['lastHandledReconcileAt'] ===
        body.requestedAt,
      8000,
      'lastHandledReconcileAt',
    );
  });

  it('reconcile withSource reconciles the Kustomization source first', async () => {
    const { status, body } = await act(server, `reconcile/${KS}/Kustomization/flux-system/infrastructure`, {
      withSource: true,
    });
    expect(status).toBe(200);
    expect(body.source).toMatchObject({
      object: { kind: 'GitRepository', name: 'flux-system' },
      handled: true,
    });
    const source = await read(SRC, 'GitRepository', 'flux-system');
    const sourceAt = source.metadata.annotations?.[REQUESTED_AT];
    expect(sourceAt).toMatch(RFC3339_NANO);
    const ks = await read(KS, 'Kustomization', 'infrastructure');
    expect(ks.metadata.annotations?.[REQUESTED_AT]).toBe(body.requestedAt);
    expect(sourceAt! < body.requestedAt!).toBe(true);
  });

  it('HelmRelease: withSource hits its HelmChart <ns>-<name>; force sets forceAt to the same timestamp', async () => {
    const { status, body } = await act(server, `reconcile/${HR}/HelmRelease/flux-system/metrics-server`, {
      withSource: true,
      force: true,
    });
    expect(status).toBe(200);
    expect(body.source?.object).toMatchObject({ kind: 'HelmChart', name: 'flux-system-metrics-server' });
    const chart = await read(SRC, 'HelmChart', 'flux-system-metrics-server');
    expect(chart.metadata.annotations?.[REQUESTED_AT]).toMatch(RFC3339_NANO);
    const hr = await read(HR, 'HelmRelease', 'metrics-server');
    expect(hr.metadata.annotations?.[REQUESTED_AT]).toBe(body.requestedAt);
    expect(hr.metadata.annotations?.['reconcile.fluxcd.io/forceAt']).toBe(body.requestedAt);
    expect(hr.metadata.annotations?.['reconcile.fluxcd.io/resetAt']).toBeUndefined();
  });

  it('suspend sets spec.suspend; reconcile then refuses; resume removes it and requests a reconcile', async () => {
    const path = `${KS}/Kustomization/flux-system/sources`;
    const suspended = await act(server, `suspend/${path}`);
    expect(suspended.status).toBe(200);
    expect((await read(KS, 'Kustomization', 'sources')).spec?.['suspend']).toBe(true);
    expect(suspended.body.resourceVersion).toBe(
      (await read(KS, 'Kustomization', 'sources')).metadata.resourceVersion,
    );

    const refused = await act(server, `reconcile/${path}`);
    expect(refused.status).toBe(409);
    expect(refused.body.message).toContain('resource is suspended');

    const resumed = await act(server, `resume/${path}`);
    expect(resumed.status).toBe(200);
    const obj = await read(KS, 'Kustomization', 'sources');
    expect(obj.spec && 'suspend' in obj.spec).toBe(false);
    expect(obj.metadata.annotations?.[REQUESTED_AT]).toBe(resumed.body.requestedAt);
  });

  it('static objects and kinds without actions are refused, unknown objects are 404', async () => {
    const oci = await act(server, `reconcile/${SRC}/HelmRepository/flux-system/kubecost`);
    expect(oci).toMatchObject({ status: 409 });
    expect(oci.body.message).toContain('reconciliation not supported by the object');
    expect((await act(server, `reconcile/${SRC}/ExternalArtifact/flux-system/x`)).status).toBe(400);
    expect((await act(server, `reconcile/apps/Deployment/flux-system/x`)).status).toBe(400);
    expect((await act(server, `reconcile/${KS}/Kustomization/flux-system/nope`)).status).toBe(404);
    expect(
      (await act(server, `suspend/${KS}/Kustomization/flux-system/controlplane`, { force: true })).status,
    ).toBe(400);
  });

  it('CSRF: without the action header, or from another site, nothing is patched (403)', async () => {
    const before = (await read(KS, 'Kustomization', 'dependencies')).metadata.resourceVersion;
    const path = `suspend/${KS}/Kustomization/flux-system/dependencies`;
    expect((await act(server, path, {}, {})).status).toBe(403);
    const foreign = { 'x-fluxscope-action': '1', origin: 'https://evil.example' };
    expect((await act(server, path, {}, foreign)).status).toBe(403);
    const crossSite = { 'x-fluxscope-action': '1', 'sec-fetch-site': 'cross-site' };
    expect((await act(server, path, {}, crossSite)).status).toBe(403);
    expect((await read(KS, 'Kustomization', 'dependencies')).metadata.resourceVersion).toBe(before);
    const sameOrigin = { 'x-fluxscope-action': '1', origin: server.url, 'sec-fetch-site': 'same-origin' };
    expect(
      (await act(server, `reconcile/${KS}/Kustomization/flux-system/dependencies`, {}, sameOrigin)).status,
    ).toBe(200);
  });

  it('actions off: 403 and the cluster is not touched', async () => {
    const before = (await read(KS, 'Kustomization', 'flux-system')).metadata.resourceVersion;
    for (const action of ['reconcile', 'suspend', 'resume']) {
      const res = await act(readOnly, `${action}/${KS}/Kustomization/flux-system/flux-system`);
      expect(res.status).toBe(403);
      expect(res.body.message).toContain('--enable-actions');
    }
    expect((await read(KS, 'Kustomization', 'flux-system')).metadata.resourceVersion).toBe(before);
  });

  it('each action is one audit line with who, what and the result', async () => {
    const lines: string[] = [];
    const proxied = await startServer(
      testConfig({
        kubeconfig: writeTemp('kubeconfig', demo.kubeconfig),
        enableActions: true,
        trustedProxyHeader: 'x-forwarded-user',
      }),
      { auditSink: { write: line => void lines.push(line) } },
    );
    try {
      await waitFor(async () => (await proxied.get('/readyz', {})).status === 200, 20_000, 'ready');
      const headers = { 'x-fluxscope-action': '1', 'x-forwarded-user': 'alice' };
      expect(
        (await act(proxied, `reconcile/${KS}/Kustomization/flux-system/capacitor`, {}, headers)).status,
      ).toBe(200);
      expect(
        (await act(proxied, `reconcile/${SRC}/HelmRepository/flux-system/karpenter`, {}, headers)).status,
      ).toBe(409);
      const logged = lines.map(l => JSON.parse(l) as Record<string, unknown>);
      expect(logged).toEqual([
        expect.objectContaining({
          level: 30,
          log: 'audit',
          action: 'reconcile',
          target: 'Kustomization/flux-system/capacitor',
          user: 'alice',
          via: 'proxy',
          source: '127.0.0.1',
          outcome: 'ok',
          requestedAt: expect.any(String),
        }),
        expect.objectContaining({
          action: 'reconcile',
          target: 'HelmRepository/flux-system/karpenter',
          user: 'alice',
          outcome: 'refused',
          status: 409,
          reason: expect.stringContaining('reconciliation not supported by the object'),
        }),
      ]);
    } finally {
      await proxied.close();
    }
  });

  it('kinds the identity may not patch are left out of actionKinds', async () => {
    demo.server.addRoute('POST', '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', (_info, body) => {
      const review = JSON.parse(body) as { spec: { resourceAttributes: { resource: string } } };
      const allowed = review.spec.resourceAttributes.resource !== 'helmreleases';
      return { status: 201, body: { ...review, status: { allowed } } };
    });
    const limited = await startServer(
      testConfig({ kubeconfig: writeTemp('kubeconfig', demo.kubeconfig), enableActions: true }),
    );
    try {
      const kinds = await waitFor(async () => {
        const c = (await limited.json<{ connection: ConnectionState }>('/api/v1/status')).connection;
        return c.actionKinds;
      });
      expect(kinds.map(k => k.kind)).toContain('Kustomization');
      expect(kinds.map(k => k.kind)).not.toContain('HelmRelease');
    } finally {
      await limited.close();
    }
  });
});
