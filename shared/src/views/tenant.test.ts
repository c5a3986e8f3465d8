import { describe, expect, it } from 'vitest';
import { ClusterIndex } from '../index/cluster-index.js';
import { slimObject } from '../index/slim.js';
import { helmLabels, inventory, ksLabels, obj, parseFluxRef as r } from './__fixtures__/builders.js';
import { NO_TENANT, TENANT_LABEL, tenantOf, tenantResolver } from './tenant.js';

const tenant = (name: string) => ({ [TENANT_LABEL]: name });

/**
 * The layout `flux create tenant dev-team --with-namespace=apps` plus its sync: the platform's `tenants`
 * Kustomization (flux-system) applies the tenant's Namespace, RBAC, GitRepository and Kustomization, the
 * last two in the tenant's Namespace without a label; the tenant's Kustomization applies a HelmRelease,
 * which installs a Deployment.
 */
function tenantCluster(): ClusterIndex {
  const index = new ClusterIndex();
  const ns = obj(r('Namespace/apps'), {
    labels: { ...tenant('dev-team'), ...ksLabels('flux-system', 'tenants') },
  });
  index.upsert(slimObject(ns));
  index.upsert(obj(r('Kustomization/flux-system/flux-system')));
  index.upsert(
    obj(r('Kustomization/flux-system/tenants'), { labels: ksLabels('flux-system', 'flux-system') }),
  );
  index.upsert(
    slimObject(
      obj(r('ServiceAccount/apps/dev-team'), {
        labels: { ...tenant('dev-team'), ...ksLabels('flux-system', 'tenants') },
      }),
    ),
  );
  index.upsert(obj(r('GitRepository/apps/dev-team'), { labels: ksLabels('flux-system', 'tenants') }));
  index.upsert(obj(r('Kustomization/apps/dev-team'), { labels: ksLabels('flux-system', 'tenants') }));
  // Applied by the tenant's Kustomization into a Namespace outside the index: inherited.
  index.upsert(obj(r('HelmRelease/podinfo/podinfo'), { labels: ksLabels('apps', 'dev-team') }));
  index.upsert(
    slimObject(obj(r('Deployment/podinfo/podinfo'), { labels: helmLabels('podinfo', 'podinfo') })),
  );
  // The platform's own objects: no tenant.
  index.upsert(obj(r('HelmRelease/flux-system/ingress'), { labels: ksLabels('flux-system', 'flux-system') }));
  return index;
}

describe('tenantOf', () => {
  it("reads the object's own label, kept when the object is stored slim", () => {
    const index = tenantCluster();
    expect(tenantOf(index, r('ServiceAccount/apps/dev-team'))).toBe('dev-team');
    expect(tenantOf(index, r('Namespace/apps'))).toBe('dev-team');
  });

  it("else its Namespace's label, else the tenant of what applied it, followed up", () => {
    const index = tenantCluster();
    const of = tenantResolver(index);
    expect(of(r('Kustomization/apps/dev-team'))).toBe('dev-team');
    expect(of(r('GitRepository/apps/dev-team'))).toBe('dev-team');
    expect(of(r('HelmRelease/podinfo/podinfo'))).toBe('dev-team');
    // helm-controller's labels lead to the HelmRelease, which inherits from its Kustomization.
    expect(of(r('Deployment/podinfo/podinfo'))).toBe('dev-team');
  });

  it('has no tenant when no rule reaches one, loops of owners included', () => {
    const index = tenantCluster();
    expect(tenantOf(index, r('HelmRelease/flux-system/ingress'))).toBe(NO_TENANT);
    expect(tenantOf(index, r('Kustomization/flux-system/tenants'))).toBe(NO_TENANT);
    expect(tenantOf(index, r('Deployment/absent/nothing'))).toBe(NO_TENANT);
    index.upsert(obj(r('Kustomization/loop/a'), { labels: ksLabels('loop', 'b') }));
    index.upsert(obj(r('Kustomization/loop/b'), { labels: ksLabels('loop', 'a') }));
    expect(tenantOf(index, r('Kustomization/loop/a'))).toBe(NO_TENANT);
  });

  it('follows an inventory when the applied object has no owner labels', () => {
    const index = tenantCluster();
    const dev = index.get(r('Kustomization/apps/dev-team'))!;
    index.upsert({ ...dev, status: { inventory: inventory([r('ConfigMap/other/settings')]) } });
    index.upsert(slimObject(obj(r('ConfigMap/other/settings'))));
    expect(tenantOf(index, r('ConfigMap/other/settings'))).toBe('dev-team');
  });
});
