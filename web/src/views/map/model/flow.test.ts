import { describe, expect, it } from 'vitest';
import { referenceLike } from './fixtures';
import { emptyFlowCache, nodeLabel, toFlowEdges, toFlowNodes } from './flow';
import { highlightFor, needsIndex } from './highlight';
import { layoutGraph } from './layout';

describe('React Flow mapping', () => {
  it('labels nodes for screen readers and role selectors', () => {
    const { infra } = referenceLike();
    expect(nodeLabel(infra)).toBe('Kustomization flux-system/infrastructure, waiting on a dependency');
  });

  it('reuses unchanged node and edge objects across calls', () => {
    const { model, infra, karpenter } = referenceLike();
    const layout = layoutGraph(model);
    const cache = emptyFlowCache();
    const first = toFlowNodes(model, layout, undefined, cache);
    const firstEdges = toFlowEdges(model, undefined, cache);
    const second = toFlowNodes(model, layout, undefined, cache);
    expect(second.every((n, i) => n === first[i])).toBe(true);
    expect(toFlowEdges(model, undefined, cache).every((e, i) => e === firstEdges[i])).toBe(true);

    const lit = highlightFor(needsIndex(model.edges), karpenter.id);
    const third = toFlowNodes(model, layout, lit, cache);
    const changed = third.filter((n, i) => n !== second[i]).map(n => n.id);
    expect(changed).toContain(karpenter.id);
    expect(third.find(n => n.id === infra.id)?.data.emphasis).toBe('upstream');
  });

  it('reuses flow nodes when buildGraph returns equal but fresh node objects', () => {
    const { model } = referenceLike();
    const layout = layoutGraph(model);
    const cache = emptyFlowCache();
    const first = toFlowNodes(model, layout, undefined, cache);
    const fresh = { nodes: model.nodes.map(n => ({ ...n })).reverse(), edges: model.edges };
    const second = toFlowNodes(fresh, layout, undefined, cache);
    expect(second).toBe(first);
    const changed = {
      ...fresh,
      nodes: fresh.nodes.map((n, i) => (i === 0 ? { ...n, state: 'failed' as const } : n)),
    };
    const third = toFlowNodes(changed, layout, undefined, cache);
    expect(third.filter(n => !first.includes(n))).toHaveLength(1);
  });

  it('draws dependsOn from the dependency to the dependent', () => {
    const { model, infra, sources } = referenceLike();
    const edges = toFlowEdges(model, undefined, emptyFlowCache());
    const dep = edges.find(e => e.data?.type === 'dependsOn')!;
    expect([dep.source, dep.target]).toEqual([sources.id, infra.id]);
    expect(dep.className).toContain('map-edge--dependsOn');
  });

  it('orders nodes as the map reads (Tab order): entry band row by row, and keeps that order on change', () => {
    const { model, root, sources, infra, karpenter, git } = referenceLike();
    const layout = layoutGraph(model);
    const cache = emptyFlowCache();
    const shuffled = { nodes: [...model.nodes].reverse(), edges: model.edges };
    const ids = toFlowNodes(shuffled, layout, undefined, cache).map(n => n.id);
    expect(ids.slice(0, 3)).toEqual([root.id, sources.id, infra.id]);
    expect(ids.indexOf(karpenter.id)).toBeLessThan(ids.indexOf(git.id));
    const changed = {
      ...shuffled,
      nodes: shuffled.nodes.map(n => (n.id === infra.id ? { ...n, state: 'ready' as const } : n)),
    };
    expect(toFlowNodes(changed, layout, undefined, cache).map(n => n.id)).toEqual(ids);
  });

  it('paints dependsOn edges last (above the others) and carries the waiting line', () => {
    const { model, infra } = referenceLike();
    const edges = toFlowEdges(model, undefined, emptyFlowCache());
    const firstDep = edges.findIndex(e => e.data?.type === 'dependsOn');
    expect(edges.slice(firstDep).every(e => e.data?.type === 'dependsOn')).toBe(true);
    const nodes = toFlowNodes(
      model,
      layoutGraph(model),
      undefined,
      emptyFlowCache(),
      new Map([[infra.id, 'waits for sources']]),
    );
    expect(nodes.find(n => n.id === infra.id)?.data.waits).toBe('waits for sources');
  });
});
