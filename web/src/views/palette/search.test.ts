import { describe, expect, it } from 'vitest';
import { searchObjects } from './search';

const c = (kind: string, name: string, flux = true) => ({
  ref: { group: 'g', kind, namespace: 'flux-system', name },
  flux,
});

describe('palette search', () => {
  const all = [
    c('Kustomization', 'infrastructure'),
    c('HelmRelease', 'karpenter'),
    c('HelmRepository', 'karpenter'),
    c('ServiceAccount', 'karpenter', false),
    c('Deployment', 'karpenter', false),
    c('HelmRelease', 'kubecost-karpenter-addon'),
  ];

  it('ranks exact names first: Flux objects, then workloads, then the rest of the same name', () => {
    const names = searchObjects(all, 'karpenter').map(m => `${m.ref.kind}/${m.ref.name}`);
    expect(names.slice(0, 2).sort()).toEqual(['HelmRelease/karpenter', 'HelmRepository/karpenter']);
    expect(names.slice(2)).toEqual([
      'Deployment/karpenter',
      'ServiceAccount/karpenter',
      'HelmRelease/kubecost-karpenter-addon',
    ]);
  });

  it('requires every term, matching kinds too', () => {
    expect(searchObjects(all, 'helmrelease karp').map(m => m.ref.name)).toEqual([
      'karpenter',
      'kubecost-karpenter-addon',
    ]);
    expect(searchObjects(all, '  ')).toEqual([]);
  });
});
