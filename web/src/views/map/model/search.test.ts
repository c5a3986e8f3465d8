import type { ClusterObject } from '@fluxscope/shared';
import { describe, expect, it } from 'vitest';
import { ownersMatching } from './search';

const deployment = (name: string, labels: Record<string, string>): ClusterObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, namespace: 'kubecost', labels },
});

describe('map search through non-Flux objects', () => {
  it('leads a Deployment name to its HelmRelease, else to its Kustomization', () => {
    const objects = [
      deployment('kubecost-cost-analyzer', {
        'helm.toolkit.fluxcd.io/name': 'kubecost',
        'helm.toolkit.fluxcd.io/namespace': 'flux-system',
        'kustomize.toolkit.fluxcd.io/name': 'infrastructure',
      }),
      deployment('plain-app', {
        'kustomize.toolkit.fluxcd.io/name': 'apps',
        'kustomize.toolkit.fluxcd.io/namespace': 'flux-system',
      }),
      deployment('unmanaged-cost', {}),
    ];
    const found = ownersMatching(objects, 'cost');
    expect([...found.keys()]).toEqual(['helm.toolkit.fluxcd.io/HelmRelease/flux-system/kubecost']);
    expect(found.get('helm.toolkit.fluxcd.io/HelmRelease/flux-system/kubecost')?.name).toBe(
      'kubecost-cost-analyzer',
    );
    expect([...ownersMatching(objects, 'plain').keys()]).toEqual([
      'kustomize.toolkit.fluxcd.io/Kustomization/flux-system/apps',
    ]);
    expect(ownersMatching(objects, '  ').size).toBe(0);
  });

  it('names the most telling object: an exact name first, then a workload before a Service', () => {
    const labels = {
      'helm.toolkit.fluxcd.io/name': 'kubecost',
      'helm.toolkit.fluxcd.io/namespace': 'flux-system',
    };
    const service: ClusterObject = {
      ...deployment('kubecost-cost-analyzer', labels),
      apiVersion: 'v1',
      kind: 'Service',
    };
    const config: ClusterObject = { ...deployment('cost', labels), apiVersion: 'v1', kind: 'ConfigMap' };
    const key = 'helm.toolkit.fluxcd.io/HelmRelease/flux-system/kubecost';
    const objects = [service, deployment('kubecost-cost-analyzer', labels), config];
    expect(ownersMatching(objects, 'cost-analyzer').get(key)?.kind).toBe('Deployment');
    expect(ownersMatching(objects, 'cost').get(key)?.kind).toBe('ConfigMap');
    expect(ownersMatching([service], 'analyzer').get(key)?.kind).toBe('Service');
  });

  it('leads a Pod name to its HelmRelease through ReplicaSet and Deployment', () => {
    const labels = {
      'helm.toolkit.fluxcd.io/name': 'kubecost',
      'helm.toolkit.fluxcd.io/namespace': 'flux-system',
    };
    const owned = (kind: string, name: string, uid: string, owner?: ClusterObject): ClusterObject => ({
      apiVersion: kind === 'Pod' ? 'v1' : 'apps/v1',
      kind,
      metadata: {
        name,
        namespace: 'kubecost',
        uid,
        ...(owner
          ? {
              ownerReferences: [
                {
                  apiVersion: owner.apiVersion,
                  kind: owner.kind,
                  name: owner.metadata.name,
                  uid: owner.metadata.uid!,
                  controller: true,
                },
              ],
            }
          : {}),
      },
    });
    const dep = {
      ...owned('Deployment', 'cost-analyzer', 'u1'),
      metadata: { ...owned('Deployment', 'cost-analyzer', 'u1').metadata, labels },
    };
    const rs = owned('ReplicaSet', 'cost-analyzer-5f7c', 'u2', dep);
    const pod = owned('Pod', 'cost-analyzer-5f7c-x2x9q', 'u3', rs);
    const orphan = owned('Pod', 'cost-analyzer-5f7c-orphan', 'u4');
    const all = [dep, rs, pod, orphan];
    const byUid = (uid: string) => all.find(o => o.metadata.uid === uid);
    const key = 'helm.toolkit.fluxcd.io/HelmRelease/flux-system/kubecost';
    expect(ownersMatching([pod, orphan], 'x2x9q', 500, byUid).get(key)).toMatchObject({ kind: 'Pod' });
    // Without the index (or with an owner outside it) nothing is guessed.
    expect(ownersMatching([pod], 'x2x9q').size).toBe(0);
    expect(ownersMatching([orphan], 'orphan', 500, byUid).size).toBe(0);
  });
});
