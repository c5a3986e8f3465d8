import { ClusterIndex, buildTimeline, type ClusterObject } from '@fluxscope/shared';
import { describe, expect, it } from 'vitest';
import { buildSeedCluster } from './cluster.js';

describe('the steady seed history', () => {
  const now = new Date('2026-11-27T18:00:00Z');
  const index = new ClusterIndex();
  for (const o of buildSeedCluster(now).objects) if (o.kind !== 'Event') index.upsert(o as ClusterObject);
  const bars = buildTimeline(index);
  const byKey = new Map(bars.map(b => [`${b.ref.kind}/${b.ref.namespace}/${b.ref.name}`, b]));
  const t = (iso: string | undefined) => Date.parse(iso ?? '');

  it('has every Kustomization and HelmRelease Ready, in the past', () => {
    expect(bars.length).toBeGreaterThanOrEqual(16);
    for (const b of bars) {
      expect(b.ready, b.ref.name).toBeDefined();
      expect(t(b.ready)).toBeLessThan(now.getTime());
    }
  });

  it('turns nothing Ready before its dependsOn, and no waiting Kustomization before what it applied', () => {
    for (const b of bars) {
      for (const dep of b.dependsOn) {
        const d = bars.find(x => `${x.ref.group}/${x.ref.kind}/${x.ref.namespace}/${x.ref.name}` === dep);
        expect(t(d?.ready), `${dep} before ${b.ref.name}`).toBeLessThan(t(b.ready));
        // Flux starts a dependent only once its dependencies are Ready.
        expect(t(d?.ready)).toBeLessThanOrEqual(t(b.ready) - 1000);
      }
      if (b.parent) {
        const parent = bars.find(
          x => `${x.ref.group}/${x.ref.kind}/${x.ref.namespace}/${x.ref.name}` === b.parent,
        );
        expect(t(parent?.start), `${b.ref.name} created after its parent started`).toBeLessThanOrEqual(
          t(b.start),
        );
      }
    }
    const infrastructure = byKey.get('Kustomization/flux-system/infrastructure')!;
    const karpenter = byKey.get('HelmRelease/flux-system/karpenter')!;
    expect(t(karpenter.ready)).toBeLessThan(t(infrastructure.ready));
    const controlplane = byKey.get('Kustomization/flux-system/controlplane')!;
    expect(t(controlplane.start)).toBeLessThanOrEqual(t(infrastructure.ready));
  });

  it('ends its critical path at the release that turned Ready last, through dependsOn', () => {
    const critical = bars.filter(b => b.critical).map(b => b.ref.name);
    expect(critical).toContain('infrastructure');
    expect(critical).toContain('sources');
  });
});
