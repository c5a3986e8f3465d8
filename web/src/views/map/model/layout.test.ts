import { describe, expect, it } from 'vitest';
import { referenceLike, synthetic } from './fixtures';
import { NODE_HEIGHT, NODE_WIDTH, layoutGraph } from './layout';

describe('map layout', () => {
  it('puts the three layers in bands left to right, entry columns in dependsOn rank order', () => {
    const { model, root, sources, infra, karpenter, git, chart, repo } = referenceLike();
    const { positions, bands } = layoutGraph(model);
    const x = (id: string) => positions.get(id)!.x;
    expect(bands.map(b => b.layer)).toEqual(['entry', 'deploy', 'source']);
    expect(x(root.id)).toBeLessThan(x(sources.id));
    expect(x(sources.id)).toBeLessThan(x(infra.id));
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
    expect(layout.height).toBeLessThanOrEqual(50 * (NODE_HEIGHT + 10));
    expect(elapsed).toBeLessThan(200);
  });
});
