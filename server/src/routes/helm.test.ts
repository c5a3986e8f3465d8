/** The HelmRelease routes over real HTTP against the demo cluster (steady), reached through client-node. */
import { KubeConfig, KubernetesObjectApi, PatchStrategy } from '@kubernetes/client-node';
import { startDemoCluster, type DemoCluster } from '@fluxscope/demo-cluster';
import type {
  HelmCompare,
  HelmHistory,
  HelmReleaseState,
  HelmValues,
  Impact,
  ReconcileStats,
} from '@fluxscope/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stopWithin } from '../kube/demo.js';
import { type RunningServer, startServer, testConfig, waitFor, writeTemp } from '../test-support/harness.js';

describe('helm routes against the demo cluster', () => {
  let demo: DemoCluster;
  let server: RunningServer;

  beforeAll(async () => {
    demo = await startDemoCluster({ scenario: 'steady', periodic: false });
    server = await startServer(testConfig({ kubeconfig: writeTemp('kubeconfig', demo.kubeconfig) }));
    await waitFor(async () => (await server.get('/readyz')).status === 200, 20_000, 'ready');
  });
  afterAll(async () => {
    await server?.close();
    await stopWithin(demo, 5000);
  });

  it('answers the release history, newest first, the live revision marked', async () => {
    const h = await server.json<HelmHistory>('/api/v1/helm/flux-system/argo-workflows/history');
    expect(h.release).toBe('argo-workflows');
    expect(h.revisions.map(r => [r.snapshot.version, r.snapshot.status, r.live])).toEqual([
      [4, 'deployed', true],
      [3, 'superseded', false],
    ]);
    expect(h.revisions[0]!.tests).toBe('passed');
    expect(h.revisions[0]!.changes.map(c => c.field)).toEqual(['chartVersion', 'appVersion', 'configDigest']);
  });

  it('answers the release state in plain words', async () => {
    const s = await server.json<HelmReleaseState>('/api/v1/helm/flux-system/karpenter/state');
    expect(s.remediation).toMatchObject({ action: 'upgrade', retries: 3, retriesLeft: 3, exhausted: false });
    expect(s.drift.mode).toBe('disabled');
    expect(s.conditions.map(c => [c.type, c.words])).toContainEqual([
      'Released',
      'The release is in the cluster. Helm upgraded the release.',
    ]);
  });

  it('answers what depends on an object', async () => {
    const impact = await server.json<Impact>(
      '/api/v1/impact/source.toolkit.fluxcd.io/HelmRepository/flux-system/karpenter',
    );
    expect(impact.dependents.map(d => [d.ref.kind, d.ref.name, d.via])).toEqual([
      ['HelmChart', 'flux-system-karpenter', 'source'],
      ['HelmRelease', 'karpenter', 'chart'],
    ]);
    expect(impact.counts.workloads).toBeGreaterThan(0);
  });

  it("ranks the slowest reconcilers and answers one object's reconciles", async () => {
    const rows = await server.json<ReconcileStats[]>('/api/v1/reconciles/slowest?window=10&limit=5');
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.length).toBeLessThanOrEqual(5);
    for (let i = 1; i < rows.length; i++)
      expect(rows[i - 1]!.p95Ms ?? -1).toBeGreaterThanOrEqual(rows[i]!.p95Ms ?? -1);
    const one = await server.json<ReconcileStats>(
      '/api/v1/reconciles/kustomize.toolkit.fluxcd.io/Kustomization/flux-system/infrastructure',
    );
    expect(one.timed).toBeGreaterThan(0);
    expect(one.window).toBe(20);
  });

  it('prints it as text', async () => {
    const res = await server.get('/api/v1/helm/flux-system/karpenter/history?format=text');
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    const lines = (await res.text()).trimEnd().split('\n');
    expect(lines[0]).toMatch(/^REVISION\tUPDATED/);
    expect(lines[1]).toMatch(
      /^3\s.*deployed \(live\).*karpenter-1\.4\.0.*upgrade.*chart version 1\.3\.3 -> 1\.4\.0/,
    );
    expect(lines[2]).toMatch(/^2\s.*superseded.*karpenter-1\.3\.3/);
  });

  it('compares two revisions, 404 for one not in the history or an unknown release', async () => {
    const c = await server.json<HelmCompare>('/api/v1/helm/flux-system/argo-workflows/compare?from=3&to=4');
    expect(c.changes.map(x => [x.field, x.from, x.to])).toContainEqual([
      'chartVersion',
      '0.40.10',
      '0.40.11',
    ]);
    expect((await server.get('/api/v1/helm/flux-system/argo-workflows/compare?from=1&to=4')).status).toBe(
      404,
    );
    expect((await server.get('/api/v1/helm/flux-system/nope/history')).status).toBe(404);
    expect((await server.get('/api/v1/helm/flux-system/argo-workflows/compare?from=x&to=4')).status).toBe(
      400,
    );
  });

  it('composes the values with the ConfigMaps read live, the Secret not read', async () => {
    const v = await server.json<HelmValues>('/api/v1/helm/flux-system/karpenter/values');
    expect(v.complete).toBe(true);
    expect(v.sources.map(s => [s.label, s.state])).toEqual([
      ['ConfigMap flux-system/karpenter-values key values.yaml', 'merged'],
      ['ConfigMap flux-system/saas-infra-outputs key CLUSTER_NAME at settings.clusterName', 'merged'],
      ['Secret flux-system/karpenter-private-values key values.yaml', 'not-read'],
      ['inline spec.values', 'merged'],
    ]);
    const at = (text: string) => v.lines.find(l => l.text === text);
    expect(at('replicas: 2')).toMatchObject({ source: 3, overrode: [0] });
    expect(at('clusterName: eks-saas-gitops')).toMatchObject({
      source: 1,
      overrode: [0],
      mayBeOverriddenBy: [2],
    });
    expect(at('interruptionQueue: karpenter-eks-saas-gitops')).toMatchObject({ source: 0 });
    expect(v.secretsNote).toMatch(/never reads Secrets/);
  });

  it('prints the values as annotated YAML, and says when a ConfigMap is missing', async () => {
    const text = await (await server.get('/api/v1/helm/flux-system/karpenter/values?format=text')).text();
    expect(text).toContain(
      'replicas: 2  # from inline spec.values; overrides ConfigMap flux-system/karpenter-values key values.yaml',
    );
    // A release without valuesFrom or values: nothing to compose, still an answer.
    const none = await server.json<HelmValues>('/api/v1/helm/flux-system/metrics-server/values');
    expect(none).toMatchObject({ complete: true, lines: [] });
  });

  it('reports a missing ConfigMap as helm-controller would, from the API server 404', async () => {
    const kc = new KubeConfig();
    kc.loadFromString(demo.kubeconfig);
    await KubernetesObjectApi.makeApiClient(kc).patch(
      {
        apiVersion: 'helm.toolkit.fluxcd.io/v2',
        kind: 'HelmRelease',
        metadata: { name: 'karpenter', namespace: 'flux-system' },
        spec: { valuesFrom: [{ kind: 'ConfigMap', name: 'nope' }] },
      },
      undefined,
      undefined,
      undefined,
      undefined,
      PatchStrategy.MergePatch,
    );
    let v: HelmValues | undefined;
    await waitFor(
      async () => {
        v = await server.json<HelmValues>('/api/v1/helm/flux-system/karpenter/values');
        return v.sources.length === 2;
      },
      10_000,
      'the patched HelmRelease',
    );
    expect(v!.complete).toBe(false);
    expect(v!.error).toBe(
      `could not resolve ConfigMap chart values reference 'flux-system/nope' with key 'values.yaml': configmaps "nope" not found`,
    );
  });
});
