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
});
