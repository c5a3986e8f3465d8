import { describe, expect, it } from 'vitest';
import { referenceLike } from './fixtures';
import { findMatches, matchesPerGroup } from './find';
import { emptyFlowCache, nodeLabel, toFlowEdges, toFlowNodes } from './flow';
import { collapseGraph } from './groups';
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

  it('marks search matches, dims the rest and the edges between them, names the object matched through', () => {
    const { model, kubecost, karpenter, sources, infra } = referenceLike();
    const layout = layoutGraph(model);
    const via = { group: 'apps', kind: 'Deployment', namespace: 'kubecost', name: 'cost-analyzer' };
    const search = findMatches(model, 'analyzer', new Map([[kubecost.id, via]]));
    const marks = { search, current: kubecost.id, perGroup: new Map<string, number>() };
    const nodes = toFlowNodes(model, layout, undefined, emptyFlowCache(), new Map(), new Map(), marks);
    const hr = nodes.find(n => n.id === kubecost.id)!;
    expect(hr.data).toMatchObject({ match: 'current', via: 'via Deployment kubecost/cost-analyzer' });
    expect(hr.data.emphasis).toBeUndefined();
    expect(hr.domAttributes?.['aria-description']).toMatch(/^current search match, via Deployment/);
    expect(nodes.find(n => n.id === karpenter.id)?.data).toMatchObject({ match: 'other', emphasis: 'dim' });
    const edges = toFlowEdges(model, undefined, emptyFlowCache(), marks);
    expect(edges.find(e => e.target === kubecost.id)?.className).not.toMatch(/is-dim/);
    expect(edges.find(e => e.source === sources.id && e.target === infra.id)?.className).toMatch(/is-dim/);
    // A hovered node's chain takes over the dimming (the map dims what it leaves out: no 'dim' on each
    // node, so a hover changes only the nodes it lights); the match keeps its mark.
    const lit = highlightFor(needsIndex(model.edges), karpenter.id);
    const hovered = toFlowNodes(model, layout, lit, emptyFlowCache(), new Map(), new Map(), marks);
    expect(hovered.find(n => n.id === kubecost.id)?.data).toMatchObject({ match: 'current' });
    expect(hovered.find(n => n.id === kubecost.id)?.data.emphasis).toBeUndefined();
    expect(hovered.find(n => n.id === karpenter.id)?.data.emphasis).toBe('selected');
    const hoveredEdges = toFlowEdges(model, lit, emptyFlowCache(), marks);
    expect(hoveredEdges.some(e => e.data?.lit)).toBe(true);
    expect(hoveredEdges.every(e => !e.data?.dim)).toBe(true);
  });

  it('a collapsed group holding matches shows how many and is lit', () => {
    const { model, infra, karpenter } = referenceLike();
    const collapsed = collapseGraph(model, 'owner', new Set());
    const layout = layoutGraph(collapsed.model);
    const search = findMatches(model, 'helmrelease', undefined);
    const marks = { search, current: undefined, perGroup: matchesPerGroup(search, collapsed.folded) };
    const groupId = collapsed.folded.get(karpenter.id)!;
    const nodes = toFlowNodes(
      collapsed.model,
      layout,
      undefined,
      emptyFlowCache(),
      new Map(),
      collapsed.groups,
      marks,
    );
    expect(nodes.find(n => n.id === groupId)?.data).toMatchObject({ match: 'match', groupMatches: 2 });
    expect(collapsed.folded.has(infra.id)).toBe(true);
  });
});
