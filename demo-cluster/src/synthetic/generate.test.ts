import { ClusterIndex, buildTree, formatInventoryId, refOf, storedForm } from '@fluxscope/shared';
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../store/store.js';
import { ROOT_KUSTOMIZATION, fluxObjectCount, generateSyntheticCluster, resolveOptions } from './generate.js';

const key = (o: KubeObject): string => formatInventoryId(refOf(o));

describe('generateSyntheticCluster', () => {
  const now = new Date('2026-01-01T00:00:00Z');
  const cluster = generateSyntheticCluster({ objects: 3000, kustomizations: 25, helmReleases: 30, now });

  it('makes exactly the requested number of objects, with the requested Flux objects', () => {
    expect(cluster.objects).toHaveLength(3000);
    expect(cluster.counts['Kustomization']).toBe(25);
    expect(cluster.counts['HelmRelease']).toBe(30);
    expect(cluster.counts['HelmChart']).toBe(30);
    expect(cluster.counts['Deployment']).toBeGreaterThan(300);
    expect(new Set(cluster.objects.map(key)).size).toBe(3000);
    expect(new Set(cluster.objects.map(o => o.metadata.uid)).size).toBe(3000);
  });

  it('lands on the exact count for sizes that do not divide into workload units', () => {
    for (const objects of [fluxObjectCount(resolveOptions({ objects: 200 })), 201, 1003, 1007]) {
      expect(generateSyntheticCluster({ objects, now }).objects).toHaveLength(objects);
    }
    expect(() => generateSyntheticCluster({ objects: 50, kustomizations: 40 })).toThrow(/cannot hold/);
  });

  it('is deterministic', () => {
    const again = generateSyntheticCluster({ objects: 3000, kustomizations: 25, helmReleases: 30, now });
    expect(JSON.stringify(again.objects)).toBe(JSON.stringify(cluster.objects));
  });

  it('lists in every inventory only objects that exist and that carry its owner labels', () => {
    const byId = new Map(cluster.objects.map(o => [key(o), o]));
    let listed = 0;
    for (const o of cluster.objects) {
      if (o.kind !== 'Kustomization' && o.kind !== 'HelmRelease') continue;
      const group = o.kind === 'Kustomization' ? 'kustomize.toolkit.fluxcd.io' : 'helm.toolkit.fluxcd.io';
      const entries = (o.status?.['inventory'] as { entries: Array<{ id: string }> }).entries;
      for (const { id } of entries) {
        const child = byId.get(id);
        expect(child, id).toBeDefined();
        expect(child?.metadata.labels?.[`${group}/name`]).toBe(o.metadata.name);
        listed++;
      }
    }
    // Everything but the bootstrap objects, HelmCharts, ReplicaSets and Pods is in exactly one inventory.
    const unlisted = ['HelmChart', 'ReplicaSet', 'Pod'].reduce((n, k) => n + (cluster.counts[k] ?? 0), 0);
    expect(listed).toBe(3000 - 3 - unlisted);
  });

  it('forms acyclic dependsOn chains that only point at existing Kustomizations', () => {
    const ks = new Map(
      cluster.objects.filter(o => o.kind === 'Kustomization').map(o => [o.metadata.name, o]),
    );
    const deps = (name: string): string[] =>
      ((ks.get(name)?.spec?.['dependsOn'] as Array<{ name: string }> | undefined) ?? []).map(d => d.name);
    for (const name of ks.keys()) {
      const seen = new Set<string>([name]);
      let frontier = deps(name);
      while (frontier.length) {
        for (const d of frontier) {
          expect(ks.has(d), `${name} -> ${d}`).toBe(true);
          expect(seen.has(d), `cycle through ${d}`).toBe(false);
          seen.add(d);
        }
        frontier = frontier.flatMap(deps);
      }
    }
    expect(deps('app-00009')).toEqual(['app-00008']);
    expect(deps('app-00010')).toEqual([]);
  });

  it('gives a tree of the root covering every Flux-applied object, and real-sized objects', () => {
    const index = new ClusterIndex();
    for (const o of cluster.objects) index.upsert(storedForm(o));
    const root = { group: 'kustomize.toolkit.fluxcd.io', kind: 'Kustomization', namespace: 'flux-system' };
    const tree = buildTree(index, { ...root, name: ROOT_KUSTOMIZATION });
    let nodes = 0;
    const walk = (n: { children?: unknown[] }): void => {
      nodes++;
      for (const c of n.children ?? []) walk(c as { children?: unknown[] });
    };
    walk(tree as { children?: unknown[] });
    expect(nodes).toBeGreaterThan(1500);
    const avg = (kind: string): number => {
      const of = cluster.objects.filter(o => o.kind === kind);
      return of.reduce((n, o) => n + JSON.stringify(o).length, 0) / of.length;
    };
    expect(avg('Deployment')).toBeGreaterThan(2500);
    expect(avg('Deployment')).toBeLessThan(6000);
    expect(avg('ConfigMap')).toBeGreaterThan(1000);
  });
});
