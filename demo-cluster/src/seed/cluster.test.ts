/** The seed's `flux tree kustomization flux-system`, reproduced from the store's inventories and labels. */
import { readFileSync } from 'node:fs';
import { formatInventoryId, formatObjRef, parseInventoryId, splitApiVersion } from '@fluxscope/shared';
import type { ObjRef } from '@fluxscope/shared';
import { describe, expect, it } from 'vitest';
import { ObjectStore, gkOf } from '../store/store.js';
import type { KubeObject } from '../store/store.js';
import { buildSeedCluster } from './cluster.js';

const store = new ObjectStore();
for (const o of buildSeedCluster(new Date('2026-03-01T12:00:00Z')).objects) store.put(o);

const getRef = (ref: ObjRef): KubeObject | undefined =>
  store.get(`${ref.group}/${ref.kind}`, ref.namespace || undefined, ref.name);
const entriesOf = (o: KubeObject): Array<{ id: string; v: string }> =>
  (o.status?.['inventory'] as { entries: Array<{ id: string; v: string }> } | undefined)?.entries ?? [];

/** flux's tree algorithm, with HelmRelease children read from status.inventory (helm-controller 1.5+). */
function renderTree(root: ObjRef): string {
  const lines = [formatObjRef(root)];
  const walk = (ref: ObjRef, prefix: string): void => {
    const obj = getRef(ref);
    if (!obj) return;
    const children = entriesOf(obj)
      .map(e => parseInventoryId(e.id))
      .filter(c => formatInventoryId(c) !== formatInventoryId(ref));
    children.forEach((child, i) => {
      const last = i === children.length - 1;
      lines.push(`${prefix}${last ? '└── ' : '├── '}${formatObjRef(child)}`);
      if (child.kind === 'Kustomization' || child.kind === 'HelmRelease')
        walk(child, prefix + (last ? '    ' : '│   '));
    });
  };
  walk(root, '');
  return lines.join('\n');
}

// The seed's copy lost spaces (`│ ├──` for `│   ├──`, no 4-space indents): compare with all spaces removed.
const squash = (text: string): string[] =>
  text
    .trim()
    .split('\n')
    .map(l => l.replace(/\s+/g, ''));

describe('the seed cluster', () => {
  it('reproduces the seed flux tree of flux-system, line for line', () => {
    const expected = readFileSync(
      new URL('../__fixtures__/flux-tree-flux-system.txt', import.meta.url),
      'utf8',
    );
    const tree = renderTree({
      group: 'kustomize.toolkit.fluxcd.io',
      kind: 'Kustomization',
      namespace: 'flux-system',
      name: 'flux-system',
    });
    expect(squash(tree)).toEqual(squash(expected));
    expect(tree).toContain('    └── OCIRepository/flux-system/capacitor');
    expect(tree).toContain('│   │   ├── ServiceAccount/argo-events/argo-events-controller-manager');
  });

  it('gives the root inventory exactly the six entry points', () => {
    const root = store.get(
      'kustomize.toolkit.fluxcd.io/Kustomization',
      'flux-system',
      'flux-system',
    ) as KubeObject;
    expect(entriesOf(root).map(e => e.id)).toEqual(
      [
        'controlplane',
        'dataplane-pooled-envs',
        'dataplane-tenants',
        'dependencies',
        'infrastructure',
        'sources',
      ].map(n => `flux-system_${n}_kustomize.toolkit.fluxcd.io_Kustomization`),
    );
  });

  it('stores every inventory entry with its api version and the owner labels of who applied it', () => {
    let checked = 0;
    for (const kind of ['kustomize.toolkit.fluxcd.io/Kustomization', 'helm.toolkit.fluxcd.io/HelmRelease']) {
      const labelGroup = kind.split('/')[0] as string;
      for (const owner of store.list(kind)) {
        for (const e of entriesOf(owner)) {
          const obj = getRef(parseInventoryId(e.id));
          expect(obj, e.id).toBeDefined();
          expect(e.v).toBe(splitApiVersion(obj?.apiVersion ?? '').version);
          expect(obj?.metadata.labels).toMatchObject({
            [`${labelGroup}/name`]: owner.metadata.name,
            [`${labelGroup}/namespace`]: 'flux-system',
          });
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(190);
  });

  it('has the chart table versions and the revisions flux writes', () => {
    const hr = (name: string) =>
      store.get('helm.toolkit.fluxcd.io/HelmRelease', 'flux-system', name) as KubeObject;
    expect(hr('kubecost').spec).toMatchObject({
      chart: {
        spec: {
          chart: 'cost-analyzer',
          version: '2.1.0',
          sourceRef: { kind: 'HelmRepository', name: 'kubecost' },
        },
      },
    });
    expect(hr('tf-controller').status?.['history']).toMatchObject([
      { chartVersion: '0.16.0-rc.4', status: 'deployed' },
    ]);
    // helm-controller keeps the current snapshot and the previous deployed/superseded one.
    expect(hr('argo-workflows').status?.['history']).toMatchObject([
      {
        version: 4,
        action: 'upgrade',
        status: 'deployed',
        chartVersion: '0.40.11',
        testHooks: { 'argo-workflows-test-connection': { phase: 'Succeeded' } },
      },
      { version: 3, action: 'rollback', status: 'superseded', chartVersion: '0.40.10' },
    ]);
    expect(hr('karpenter').status?.['conditions']).toMatchObject([
      {
        type: 'Ready',
        reason: 'UpgradeSucceeded',
        message: expect.stringContaining('karpenter.v3 with chart karpenter@1.4.0'),
      },
      { type: 'Released', reason: 'UpgradeSucceeded' },
    ]);
    const ready = (hr('kubecost').status?.['conditions'] as Array<{ type: string; message: string }>)[0];
    expect(ready?.message).toBe(
      'Helm install succeeded for release kubecost/kubecost.v1 with chart cost-analyzer@2.1.0',
    );
    const ks = store.get('kustomize.toolkit.fluxcd.io/Kustomization', 'flux-system', 'sources') as KubeObject;
    expect(ks.status?.['lastAppliedRevision']).toMatch(/^main@sha1:[0-9a-f]{40}$/);
    expect(store.list('source.toolkit.fluxcd.io/HelmChart').map(c => c.metadata.name)).toHaveLength(9);
    expect(store.list('source.toolkit.fluxcd.io/HelmRepository')).toHaveLength(8);
  });

  it('goes down to Pods: Deployment -> ReplicaSet -> Pod through ownerReferences', () => {
    const dep = store.get('apps/Deployment', 'kubecost', 'kubecost-cost-analyzer') as KubeObject;
    const rs = store
      .list('apps/ReplicaSet', 'kubecost')
      .find(r => r.metadata.ownerReferences?.[0]?.uid === dep.metadata.uid) as KubeObject;
    expect(rs).toBeDefined();
    const pods = store
      .list('/Pod', 'kubecost')
      .filter(p => p.metadata.ownerReferences?.[0]?.uid === rs.metadata.uid);
    expect(pods).toHaveLength(1);
    expect(pods[0]?.status).toMatchObject({ phase: 'Running' });
    expect(dep.status).toMatchObject({ readyReplicas: 1, availableReplicas: 1 });
    expect(
      store
        .list('/Secret')
        .map(s => s.metadata.name)
        .sort(),
    ).toEqual(['aws-load-balancer-tls', 'tf-runner.cache-encryption']);
    expect(gkOf(dep)).toBe('apps/Deployment');
  });
});
