import { describe, expect, it } from 'vitest';
import { edge, node, referenceLike } from './fixtures';
import { sameStructure } from './structure';

describe('sameStructure', () => {
  it('ignores state changes and order, and notices added nodes, edges, ranks and placeholders', () => {
    const { model, karpenter } = referenceLike();
    const restated = {
      nodes: [...model.nodes]
        .reverse()
        .map(n => (n === karpenter ? { ...n, state: 'ready' as const } : { ...n })),
      edges: model.edges.map(e => ({ ...e })),
    };
    expect(sameStructure(model, restated)).toBe(true);

    const extra = node('HelmRelease', 'new', 'deploy');
    expect(sameStructure(model, { nodes: [...model.nodes, extra], edges: model.edges })).toBe(false);
    const swapped = { nodes: [...model.nodes.slice(0, -1), extra], edges: model.edges };
    expect(sameStructure(model, swapped)).toBe(false);
    const reranked = {
      nodes: model.nodes.map(n => (n === karpenter ? { ...n, rank: 3 } : n)),
      edges: model.edges,
    };
    expect(sameStructure(model, reranked)).toBe(false);
    const missing = {
      nodes: model.nodes.map(n => (n === karpenter ? { ...n, missing: true } : n)),
      edges: model.edges,
    };
    expect(sameStructure(model, missing)).toBe(false);
    const rewired = {
      nodes: model.nodes,
      edges: [...model.edges.slice(1), edge('dependsOn', karpenter, model.nodes[0]!)],
    };
    expect(sameStructure(model, rewired)).toBe(false);
  });
});
