import { describe, expect, it } from 'vitest';
import { ClusterIndex } from '../index/cluster-index.js';
import type { ObjRef } from '../inventory/ids.js';
import { formatObjRef } from '../inventory/ids.js';
import { HELM_GROUP, KUSTOMIZE_GROUP, SOURCE_GROUP } from '../kinds/registry.js';
import { helmLabels, inventory, ksLabels, obj } from './__fixtures__/builders.js';
import { impactOf, impactSummary } from './impact.js';
import { requiredBy } from './refs.js';

const ks = (name: string): ObjRef => ({
  group: KUSTOMIZE_GROUP,
  kind: 'Kustomization',
  namespace: 'flux-system',
  name,
});
const hr = (name: string): ObjRef => ({
  group: HELM_GROUP,
  kind: 'HelmRelease',
  namespace: 'flux-system',
  name,
});
const src = (kind: string, name: string): ObjRef => ({
  group: SOURCE_GROUP,
  kind,
  namespace: 'flux-system',
  name,
});
const deploy = (ns: string, name: string): ObjRef => ({
  group: 'apps',
  kind: 'Deployment',
  namespace: ns,
  name,
});
const cm = (ns: string, name: string): ObjRef => ({ group: '', kind: 'ConfigMap', namespace: ns, name });

/**
 * git <- infra (applies HR metrics, HR app) ; apps dependsOn infra ; tenants dependsOn apps (other ns ref);
 * helmrepo <- HelmChart flux-system-app <- HR app ; oci <- HR edge (chartRef).
 */
function cluster(): ClusterIndex {
  const index = new ClusterIndex();
  const gitRef = { kind: 'GitRepository', name: 'git' };
  index.upsert(obj(src('GitRepository', 'git')));
  index.upsert(obj(src('HelmRepository', 'charts')));
  index.upsert(obj(src('OCIRepository', 'edge-chart')));
  index.upsert(
    obj(src('HelmChart', 'flux-system-app'), {
      spec: { chart: 'app', sourceRef: { kind: 'HelmRepository', name: 'charts' } },
    }),
  );
  index.upsert(
    obj(ks('infra'), {
      spec: { sourceRef: gitRef },
      status: { inventory: inventory([hr('app'), hr('edge'), cm('infra', 'settings')]) },
    }),
  );
  index.upsert(obj(ks('apps'), { spec: { sourceRef: gitRef, dependsOn: [{ name: 'infra' }] } }));
  index.upsert(
    obj(
      { ...ks('tenants'), namespace: 'tenants' },
      {
        spec: {
          sourceRef: { ...gitRef, namespace: 'flux-system' },
          dependsOn: [{ name: 'apps', namespace: 'flux-system' }],
        },
      },
    ),
  );
  index.upsert(
    obj(hr('app'), {
      labels: ksLabels('flux-system', 'infra'),
      spec: { chart: { spec: { chart: 'app', sourceRef: { kind: 'HelmRepository', name: 'charts' } } } },
      status: {
        helmChart: 'flux-system/flux-system-app',
        inventory: inventory([deploy('app', 'web'), deploy('app', 'worker'), cm('app', 'conf')]),
      },
    }),
  );
  index.upsert(
    obj(hr('edge'), {
      labels: ksLabels('flux-system', 'infra'),
      spec: { chartRef: { kind: 'OCIRepository', name: 'edge-chart' }, dependsOn: [{ name: 'app' }] },
      status: { inventory: inventory([deploy('edge', 'proxy')]) },
    }),
  );
  for (const d of [deploy('app', 'web'), deploy('app', 'worker'), deploy('edge', 'proxy')])
    index.upsert(obj(d, { labels: helmLabels('flux-system', 'app') }));
  return index;
}

const names = (refs: ObjRef[]) => refs.map(formatObjRef).sort();

describe('requiredBy', () => {
  it('finds the direct dependsOn of a Kustomization or HelmRelease, across namespaces', () => {
    const index = cluster();
    expect(names(requiredBy(index, ks('infra')))).toEqual(['Kustomization/flux-system/apps']);
    expect(names(requiredBy(index, ks('apps')))).toEqual(['Kustomization/tenants/tenants']);
    expect(names(requiredBy(index, hr('app')))).toEqual(['HelmRelease/flux-system/edge']);
    expect(requiredBy(index, ks('tenants'))).toEqual([]);
  });
});

describe('impactOf', () => {
  it('a Kustomization: the dependsOn chain, what it applies, their dependents and workloads', () => {
    const impact = impactOf(cluster(), ks('infra'));
    expect(impact.dependents.map(d => [formatObjRef(d.ref), d.via, d.depth])).toEqual([
      ['Kustomization/flux-system/apps', 'dependsOn', 1],
      ['HelmRelease/flux-system/app', 'applied', 1],
      ['HelmRelease/flux-system/edge', 'applied', 1],
      ['Kustomization/tenants/tenants', 'dependsOn', 2],
    ]);
    expect(impact.counts).toEqual({
      kustomizations: 2,
      helmReleases: 2,
      otherFlux: 0,
      workloads: 3,
      objects: 5,
    });
    expect(impactSummary(impact)).toBe(
      '2 Kustomizations, 2 HelmReleases and 3 workloads (5 applied objects in all)',
    );
  });

  it('a GitRepository: everything sourced from it', () => {
    const impact = impactOf(cluster(), src('GitRepository', 'git'));
    expect(impact.dependents.filter(d => d.depth === 1).map(d => [formatObjRef(d.ref), d.via])).toEqual([
      ['Kustomization/flux-system/infra', 'source'],
      ['Kustomization/flux-system/apps', 'source'],
      ['Kustomization/tenants/tenants', 'source'],
    ]);
    expect(impact.counts.helmReleases).toBe(2);
  });

  it('a HelmRepository reaches releases through their HelmChart; an OCIRepository through chartRef', () => {
    const viaRepo = impactOf(cluster(), src('HelmRepository', 'charts'));
    expect(viaRepo.dependents.map(d => [formatObjRef(d.ref), d.via, formatObjRef(d.from)])).toEqual([
      ['HelmChart/flux-system/flux-system-app', 'source', 'HelmRepository/flux-system/charts'],
      ['HelmRelease/flux-system/app', 'chart', 'HelmChart/flux-system/flux-system-app'],
      ['HelmRelease/flux-system/edge', 'dependsOn', 'HelmRelease/flux-system/app'],
    ]);
    expect(viaRepo.counts).toMatchObject({ helmReleases: 2, otherFlux: 1, workloads: 3 });
    expect(impactOf(cluster(), src('OCIRepository', 'edge-chart')).dependents.map(d => d.via)).toEqual([
      'chart',
    ]);
  });

  it('nothing depends on a leaf; cycles end', () => {
    const index = cluster();
    expect(impactSummary(impactOf(index, ks('tenants')))).toBe('nothing depends on it');
    index.upsert(
      obj(ks('apps'), {
        spec: { dependsOn: [{ name: 'tenants', namespace: 'tenants' }, { name: 'infra' }] },
      }),
    );
    expect(impactOf(index, ks('apps')).dependents.map(d => formatObjRef(d.ref))).toEqual([
      'Kustomization/tenants/tenants',
    ]);
  });
});
