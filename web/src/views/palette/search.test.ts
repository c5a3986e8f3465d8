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
    c('Deployment', 'karpenter', false),
    c('HelmRelease', 'kubecost-karpenter-addon'),
  ];

  it('ranks exact names first, Flux objects before workloads', () => {
    const names = searchObjects(all, 'karpenter').map(m => `${m.ref.kind}/${m.ref.name}`);
    expect(names.slice(0, 2).sort()).toEqual(['HelmRelease/karpenter', 'HelmRepository/karpenter']);
    expect(names.indexOf('Deployment/karpenter')).toBeGreaterThan(
      names.indexOf('HelmRelease/kubecost-karpenter-addon'),
    );
  });

  it('requires every term, matching kinds too', () => {
    expect(searchObjects(all, 'helmrelease karp').map(m => m.ref.name)).toEqual([
      'karpenter',
      'kubecost-karpenter-addon',
    ]);
    expect(searchObjects(all, '  ')).toEqual([]);
  });
});
