import { describe, expect, it } from 'vitest';
import { referenceLike, synthetic } from './fixtures';
import { NODE_HEIGHT, NODE_WIDTH, RANK_GAP, layoutGraph } from './layout';

describe('map layout', () => {
  it('puts the three layers in bands left to right, the entry band top to bottom in dependsOn order', () => {
    const { model, root, sources, infra, karpenter, git, chart, repo } = referenceLike();
    const { positions, bands } = layoutGraph(model);
    const x = (id: string) => positions.get(id)!.x;
    const y = (id: string) => positions.get(id)!.y;
    expect(bands.map(b => b.layer)).toEqual(['entry', 'deploy', 'source']);
    // The chain reads downwards: flux-system applies sources, infrastructure depends on sources.
    expect(y(root.id)).toBeLessThan(y(sources.id));
    expect(y(sources.id)).toBeLessThan(y(infra.id));
    expect(y(sources.id) - y(root.id)).toBeGreaterThanOrEqual(NODE_HEIGHT + RANK_GAP);
    expect(x(infra.id)).toBeLessThan(x(karpenter.id));
    expect(x(karpenter.id)).toBeLessThan(x(git.id));
    // A HelmChart (used by a HelmRelease) sits left of the repository it pulls from.
    expect(x(chart.id)).toBe(x(git.id));
    expect(x(chart.id)).toBeLessThan(x(repo.id));
  });

  it('never overlaps two nodes', () => {
    const { positions } = layoutGraph(synthetic(300));
    const seen = new Set<string>();
    for (const p of positions.values()) {
      const cell = `${Math.round(p.x / NODE_WIDTH)}:${Math.round(p.y / NODE_HEIGHT)}`;
      expect(seen.has(cell)).toBe(false);
      seen.add(cell);
    }
  });

  it('lines deployed objects up with the Kustomization that applied them', () => {
    const { model, infra, karpenter } = referenceLike();
    const { positions } = layoutGraph(model);
    expect(positions.get(karpenter.id)!.y).toBeGreaterThanOrEqual(positions.get(infra.id)!.y);
  });

  it('wraps long columns and lays out 2,000+ nodes quickly', () => {
    const model = synthetic(1000);
    const started = performance.now();
    const layout = layoutGraph(model, { maxPerColumn: 50 });
    const elapsed = performance.now() - started;
    expect(layout.positions.size).toBe(2001);
    // Entry ranks are blocks of rows: at most a row and a gap taller per rank than a wrapped column.
    expect(layout.height).toBeLessThanOrEqual(50 * (NODE_HEIGHT + 10) + 3 * (NODE_HEIGHT + RANK_GAP));
    expect(elapsed).toBeLessThan(200);
  });

  it('keeps room for empty bands when asked, so later objects do not push bands aside', () => {
    const { root, git } = referenceLike();
    const layout = layoutGraph({ nodes: [root, git], edges: [] }, { reserve: true });
    expect(layout.bands.map(b => [b.layer, b.width])).toEqual([
      ['entry', 2 * NODE_WIDTH + 40],
      ['deploy', 2 * NODE_WIDTH + 40],
      ['source', 2 * NODE_WIDTH + 40],
    ]);
  });
});
