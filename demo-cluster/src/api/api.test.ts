/** The demo cluster seen through @kubernetes/client-node and raw kubectl-style requests over real HTTPS. */
import {
  ApiextensionsV1Api,
  CoreV1Api,
  CustomObjectsApi,
  PatchStrategy,
  setHeaderOptions,
} from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, kubeConfigOf, raw } from '../__fixtures__/client.js';
import { startDemoCluster } from '../index.js';
import type { DemoCluster } from '../index.js';

type Item = {
  metadata: { name: string; namespace?: string; generation?: number };
  spec?: Record<string, unknown>;
  status?: Record<string, unknown>;
};
type List = { items: Item[]; metadata: { resourceVersion: string; continue?: string } };

let cluster: DemoCluster;
let custom: CustomObjectsApi;
let core: CoreV1Api;

beforeAll(async () => {
  cluster = await startDemoCluster({ scenario: 'steady', periodic: false, speed: 50 });
  const kc = kubeConfigOf(cluster);
  custom = kc.makeApiClient(CustomObjectsApi);
  core = kc.makeApiClient(CoreV1Api);
});
afterAll(() => cluster.stop());

describe('listing Flux objects', () => {
  it('returns the seed 8 Kustomizations and 9 HelmReleases across namespaces', async () => {
    const ks = (await custom.listClusterCustomObject({
      group: 'kustomize.toolkit.fluxcd.io',
      version: 'v1',
      plural: 'kustomizations',
    })) as List;
    expect(ks.items.map(i => i.metadata.name).sort()).toEqual([
      'capacitor',
      'controlplane',
      'dataplane-pooled-envs',
      'dataplane-tenants',
      'dependencies',
      'flux-system',
      'infrastructure',
      'sources',
    ]);
    const hr = (await custom.listClusterCustomObject({
      group: 'helm.toolkit.fluxcd.io',
      version: 'v2',
      plural: 'helmreleases',
    })) as List;
    expect(hr.items.map(i => i.metadata.name).sort()).toEqual([
      'argo-events',
      'argo-workflows',
      'aws-load-balancer-controller',
      'karpenter',
      'kubecost',
      'metrics-server',
      'onboarding-service',
      'pool-1',
      'tf-controller',
    ]);
  });

  it('answers the kubectl path /apis/kustomize.toolkit.fluxcd.io/v1/kustomizations', async () => {
    const res = await raw(cluster, 'GET', '/apis/kustomize.toolkit.fluxcd.io/v1/kustomizations');
    expect(res.status).toBe(200);
    const list = res.json<List & { kind: string; items: Array<Item & { kind: string }> }>();
    expect(list.kind).toBe('KustomizationList');
    expect(list.items).toHaveLength(8);
    expect(list.items[0]?.kind).toBe('Kustomization');
    expect(Number(list.metadata.resourceVersion)).toBeGreaterThan(0);
  });

  it('serves the seed entry point specs', async () => {
    const infra = (await custom.getNamespacedCustomObject({
      group: 'kustomize.toolkit.fluxcd.io',
      version: 'v1',
      namespace: 'flux-system',
      plural: 'kustomizations',
      name: 'infrastructure',
    })) as Item;
    expect(infra.spec).toMatchObject({
      dependsOn: [{ name: 'sources' }],
      interval: '1m0s',
      path: 'infrastructure/production',
      prune: true,
      postBuild: { substituteFrom: [{ kind: 'ConfigMap', name: 'saas-infra-outputs', optional: false }] },
    });
    const repo = (await custom.getNamespacedCustomObject({
      group: 'source.toolkit.fluxcd.io',
      version: 'v1',
      namespace: 'flux-system',
      plural: 'helmrepositories',
      name: 'kubecost',
    })) as Item;
    expect(repo.spec).toMatchObject({ url: 'oci://public.ecr.aws/kubecost/', type: 'oci' });
  });
});

describe('discovery and errors', () => {
  it('lists groups, resources and the version', async () => {
    const groups = (await raw(cluster, 'GET', '/apis')).json<{ groups: Array<{ name: string }> }>();
    expect(groups.groups.map(g => g.name)).toEqual(
      expect.arrayContaining([
        'apps',
        'kustomize.toolkit.fluxcd.io',
        'helm.toolkit.fluxcd.io',
        'apiextensions.k8s.io',
        'argoproj.io',
      ]),
    );
    const ks = (await raw(cluster, 'GET', '/apis/kustomize.toolkit.fluxcd.io/v1')).json<{
      resources: Array<{ name: string; namespaced: boolean }>;
    }>();
    expect(ks.resources).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: 'kustomizations', namespaced: true }),
        expect.objectContaining({ name: 'kustomizations/status' }),
      ]),
    );
    expect((await raw(cluster, 'GET', '/api')).json()).toMatchObject({
      kind: 'APIVersions',
      versions: ['v1'],
    });
    expect((await raw(cluster, 'GET', '/version')).json()).toMatchObject({ major: '1' });
  });

  it('answers unknown paths and objects with 404 Status objects, without hanging', async () => {
    for (const path of ['/nope', '/apis/nope.example.com/v1/things', '/api/v1/namespaces/default/widgets']) {
      const res = await raw(cluster, 'GET', path);
      expect(res.status).toBe(404);
      expect(res.json()).toMatchObject({ kind: 'Status', reason: 'NotFound', code: 404 });
    }
    const missing = await raw(
      cluster,
      'GET',
      '/apis/kustomize.toolkit.fluxcd.io/v1/namespaces/flux-system/kustomizations/nope',
    );
    expect(missing.json()).toMatchObject({
      code: 404,
      message: 'kustomizations.kustomize.toolkit.fluxcd.io "nope" not found',
    });
  });

  it('rejects a wrong token', async () => {
    const res = await raw(
      { ...cluster, kubeconfig: cluster.kubeconfig.replace(/token: \S+/, 'token: wrong') },
      'GET',
      '/api/v1/pods',
    );
    expect(res.status).toBe(401);
  });

  it('serves CRDs for the Flux kinds and the argo CRDs of the tree', async () => {
    const crds = await kubeConfigOf(cluster).makeApiClient(ApiextensionsV1Api).listCustomResourceDefinition();
    const names = crds.items.map(c => c.metadata?.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'kustomizations.kustomize.toolkit.fluxcd.io',
        'helmreleases.helm.toolkit.fluxcd.io',
        'terraforms.infra.contrib.fluxcd.io',
        'workflows.argoproj.io',
        'eventbus.argoproj.io',
      ]),
    );
  });
});

describe('selectors and paging', () => {
  it('filters by label (=, !=, exists) and field selectors', async () => {
    const tenants = await core.listConfigMapForAllNamespaces({
      labelSelector: 'kustomize.toolkit.fluxcd.io/name=dataplane-tenants',
    });
    expect(tenants.items.map(c => c.metadata?.name).sort()).toEqual([
      'dummy-configmap-advanced',
      'dummy-configmap-basic',
      'dummy-configmap-premium',
    ]);
    const helm = await core.listConfigMapForAllNamespaces({
      labelSelector: 'helm.toolkit.fluxcd.io/name,helm.toolkit.fluxcd.io/name!=kubecost',
    });
    expect(helm.items.map(c => c.metadata?.name).sort()).toEqual([
      'argo-events-controller-manager',
      'argo-workflows-workflow-controller-configmap',
    ]);
    const byName = await core.listNamespacedConfigMap({
      namespace: 'default',
      fieldSelector: 'metadata.name=dummy-configmap-basic',
    });
    expect(byName.items).toHaveLength(1);
    const events = await core.listEventForAllNamespaces({
      fieldSelector: 'involvedObject.kind=Kustomization,involvedObject.name=infrastructure',
    });
    expect(events.items.length).toBeGreaterThan(0);
    expect(events.items[0]).toMatchObject({
      reason: 'ReconciliationSucceeded',
      source: { component: 'kustomize-controller' },
    });
  });

  it('pages with limit and continue', async () => {
    const all = await core.listPodForAllNamespaces();
    const names: string[] = [];
    let token: string | undefined;
    do {
      const page = await core.listPodForAllNamespaces({ limit: 7, ...(token ? { _continue: token } : {}) });
      expect(page.items.length).toBeLessThanOrEqual(7);
      names.push(...page.items.map(p => `${p.metadata?.namespace}/${p.metadata?.name}`));
      token = page.metadata?._continue;
    } while (token);
    expect(names).toEqual(all.items.map(p => `${p.metadata?.namespace}/${p.metadata?.name}`));
    expect(names.length).toBeGreaterThan(20);
  });
});

describe('actions', () => {
  const ks = {
    group: 'kustomize.toolkit.fluxcd.io',
    version: 'v1',
    namespace: 'flux-system',
    plural: 'kustomizations',
  };

  it('handles reconcile.fluxcd.io/requestedAt like kustomize-controller', async () => {
    const at = new Date().toISOString();
    await custom.patchNamespacedCustomObject(
      {
        ...ks,
        name: 'dataplane-tenants',
        body: { metadata: { annotations: { 'reconcile.fluxcd.io/requestedAt': at } } },
      },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
    const handled = await eventually(async () => {
      const obj = (await custom.getNamespacedCustomObject({ ...ks, name: 'dataplane-tenants' })) as Item;
      return obj.status?.['lastHandledReconcileAt'] === at && obj;
    });
    expect((handled.status?.['conditions'] as Array<{ type: string; status: string }>)[0]).toMatchObject({
      type: 'Ready',
      status: 'True',
    });
    const events = await core.listNamespacedEvent({
      namespace: 'flux-system',
      fieldSelector: 'involvedObject.name=dataplane-tenants',
    });
    expect(events.items.some(e => e.reason === 'ReconciliationSucceeded' && (e.count ?? 0) >= 2)).toBe(true);
  });

  it('honours spec.suspend through a merge patch and the status subresource', async () => {
    const before = (await custom.getNamespacedCustomObject({ ...ks, name: 'sources' })) as Item;
    const res = await raw(
      cluster,
      'PATCH',
      '/apis/kustomize.toolkit.fluxcd.io/v1/namespaces/flux-system/kustomizations/sources',
      {
        type: 'application/merge-patch+json',
        data: { spec: { suspend: true }, status: { observedGeneration: 99 } },
      },
    );
    const after = res.json<Item>();
    expect(after.spec?.['suspend']).toBe(true);
    expect(after.metadata.generation).toBe((before.metadata.generation ?? 1) + 1);
    expect(after.status?.['observedGeneration']).toBe(before.status?.['observedGeneration']);
    const status = await raw(
      cluster,
      'PATCH',
      '/apis/kustomize.toolkit.fluxcd.io/v1/namespaces/flux-system/kustomizations/sources/status',
      { type: 'application/merge-patch+json', data: { status: { lastHandledReconcileAt: 'x' } } },
    );
    expect(status.json<Item>().status?.['lastHandledReconcileAt']).toBe('x');
    const resumed = await raw(
      cluster,
      'PATCH',
      '/apis/kustomize.toolkit.fluxcd.io/v1/namespaces/flux-system/kustomizations/sources',
      { type: 'application/merge-patch+json', data: { spec: { suspend: null } } },
    );
    expect(resumed.json<Item>().spec).not.toHaveProperty('suspend');
  });
});
