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
