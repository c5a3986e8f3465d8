import { describe, expect, it } from 'vitest';
import type { FluxEvent } from '../kube/types.js';
import { ksLabels, obj, parseFluxRef as r, ready } from '../views/__fixtures__/builders.js';
import { buildGraph } from '../views/graph.js';
import { computeStats } from '../views/stats.js';
import { buildTree } from '../views/tree.js';
import { ClusterIndex } from './cluster-index.js';

const ks = r('Kustomization/flux-system/apps');
const pod = r('Pod/default/web-1');
const event: FluxEvent = {
  id: 'flux-system/apps.1',
  namespace: 'flux-system',
  type: 'Normal',
  reason: 'ReconciliationSucceeded',
  message: 'applied',
  involvedObject: { kind: 'Kustomization', name: 'apps', namespace: 'flux-system' },
};

function seeded(): ClusterIndex {
  const index = new ClusterIndex();
  index.upsert(obj(ks, { status: { conditions: [ready('Applied revision: main@sha1:1')] } }));
  index.upsert(obj(pod, { labels: ksLabels('flux-system', 'apps') }));
  return index;
}

describe('ClusterIndex.fluxVersion', () => {
  it('moves when a Flux object is added, changed or removed', () => {
    const index = new ClusterIndex();
    index.upsert(obj(ks));
    expect(index.fluxVersion).toBe(1);
    index.upsert(obj(ks, { spec: { suspend: true } }));
    expect(index.fluxVersion).toBe(2);
    index.remove(ks);
    expect(index.fluxVersion).toBe(3);
    index.upsert(obj(ks));
    index.removeKind('kustomize.toolkit.fluxcd.io', 'Kustomization');
    expect(index.fluxVersion).toBe(5);
  });

  it('stays put for Pods, other kinds and Events, which move only the version', () => {
    const index = seeded();
    const flux = index.fluxVersion;
    const version = index.version;
    index.upsert(obj(pod, { status: { phase: 'Running' } }));
    index.upsert(obj(r('Deployment/default/web')));
    index.remove(pod);
    index.upsertEvent(event);
    index.removeEvent(event.id);
    expect(index.fluxVersion).toBe(flux);
    expect(index.version).toBe(version + 5);
  });

  it('does not move for removing what is not there', () => {
    const index = seeded();
    const flux = index.fluxVersion;
    expect(index.remove(r('Kustomization/flux-system/absent'))).toBe(false);
    expect(index.fluxVersion).toBe(flux);
  });
});

describe('views kept per Flux version', () => {
  it('keeps the graph and stats through Pod and Event churn, and rebuilds them on a Flux change', () => {
    const index = seeded();
    const graph = buildGraph(index);
    const stats = computeStats(index);
    index.upsert(obj(pod, { status: { phase: 'Pending' } }));
    index.upsertEvent(event);
    expect(buildGraph(index)).toBe(graph);
    expect(computeStats(index)).toBe(stats);

    index.upsert(obj(ks, { spec: { suspend: true } }));
    const rebuilt = buildGraph(index);
    expect(rebuilt).not.toBe(graph);
    expect(computeStats(index)).not.toBe(stats);
    expect(computeStats(index).find(row => row.kind === 'Kustomization')?.suspended).toBe(1);
  });

  it('still rebuilds trees (which show Pods) on any change', () => {
    const index = seeded();
    const tree = buildTree(index, ks);
    index.upsert(obj(pod, { status: { phase: 'Pending' } }));
    expect(buildTree(index, ks)).not.toBe(tree);
  });
});

describe('index entries holding one key or several', () => {
  it('answers ownedBy and inventoryParentsOf through adds and removes of a second key', () => {
    const index = new ClusterIndex();
    const owner = { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-1', uid: 'rs-uid' };
    const p1 = r('Pod/default/web-1-a');
    const p2 = r('Pod/default/web-1-b');
    const entry = (ref: typeof p1) => ({ id: `${ref.namespace}_${ref.name}__${ref.kind}`, v: 'v1' });
    const parent = (name: string) =>
      obj(r(`Kustomization/flux-system/${name}`), { status: { inventory: { entries: [entry(p1)] } } });
    index.upsert(obj(p1, { owners: [owner] }));
    expect(index.ownedBy('rs-uid').map(o => o.metadata.name)).toEqual(['web-1-a']);
    index.upsert(obj(p2, { owners: [owner] }));
    expect(index.ownedBy('rs-uid').map(o => o.metadata.name)).toEqual(['web-1-a', 'web-1-b']);
    index.remove(p1);
    expect(index.ownedBy('rs-uid').map(o => o.metadata.name)).toEqual(['web-1-b']);
    index.upsert(obj(p2, { owners: [owner] }));
    expect(index.ownedBy('rs-uid').map(o => o.metadata.name)).toEqual(['web-1-b']);
    index.remove(p2);
    expect(index.ownedBy('rs-uid')).toEqual([]);

    index.upsert(parent('a'));
    index.upsert(parent('b'));
    expect(index.inventoryParentsOf(p1).map(ref => ref.name)).toEqual(['a', 'b']);
    index.remove(r('Kustomization/flux-system/a'));
    expect(index.inventoryParentsOf(p1).map(ref => ref.name)).toEqual(['b']);
    index.remove(r('Kustomization/flux-system/b'));
    expect(index.inventoryParentsOf(p1)).toEqual([]);
    expect(index.ofKind('', 'Pod')).toEqual([]);
  });
});
