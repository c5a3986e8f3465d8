import { ClusterIndex, refKey } from '@fluxscope/shared';
import { describe, expect, it } from 'vitest';
import { buildGraph } from '@fluxscope/shared';
import { waitLabels, waitsText } from './waits';

const ks = (name: string, opts: { dependsOn?: string[]; ready: 'True' | 'False'; reason: string }) => ({
  apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
  kind: 'Kustomization',
  metadata: { name, namespace: 'flux-system', uid: name },
  spec: { dependsOn: (opts.dependsOn ?? []).map(n => ({ name: n })) },
  status: { conditions: [{ type: 'Ready', status: opts.ready, reason: opts.reason, message: '' }] },
});
const KS = (name: string) => ({
  group: 'kustomize.toolkit.fluxcd.io',
  kind: 'Kustomization',
  namespace: 'flux-system',
  name,
});

describe('waiting node line', () => {
  it('names the dependencies that are not Ready now', () => {
    const index = new ClusterIndex();
    index.upsert(ks('sources', { ready: 'True', reason: 'ReconciliationSucceeded' }));
    index.upsert(ks('infrastructure', { ready: 'False', reason: 'HealthCheckFailed' }));
    index.upsert(
      ks('controlplane', {
        dependsOn: ['sources', 'infrastructure'],
        ready: 'False',
        reason: 'DependencyNotReady',
      }),
    );
    const labels = waitLabels(index, buildGraph(index));
    expect(labels.get(refKey(KS('controlplane')))).toBe('waits for infrastructure');
    expect(labels.has(refKey(KS('infrastructure')))).toBe(false);
  });

  it('says when only the retry is left, and shortens long lists', () => {
    expect(waitsText([], 'flux-system')).toBe('dependencies Ready · retry due');
    expect(waitsText([KS('a'), KS('b'), { ...KS('c'), namespace: 'apps' }], 'flux-system')).toBe(
      'waits for a, b +1',
    );
  });
});
