import type { GraphModel } from '@fluxscope/shared';
import { describe, expect, it } from 'vitest';
import { edge, node, referenceLike } from './fixtures';
import { NODE_HEIGHT, layoutGraph } from './layout';
import { stabilize } from './stable';

const lay = (model: GraphModel) => layoutGraph(model, { reserve: true });

describe('stable positions', () => {
  it('keeps every node already drawn where it was while new objects appear', () => {
    const { model, root, git } = referenceLike();
    const start: GraphModel = { nodes: [root, git], edges: [edge('uses-source', root, git)] };
    const first = lay(start);
    const next = stabilize(first, lay(model), model.nodes);
    expect(next.positions.get(root.id)).toEqual(first.positions.get(root.id));
    expect(next.positions.get(git.id)).toEqual(first.positions.get(git.id));
    expect(next.positions.size).toBe(model.nodes.length);
    // Bands never move.
    for (const band of first.bands) expect(next.bands.find(b => b.layer === band.layer)?.x).toBe(band.x);
  });

  it('gives a new node a free slot, never one on top of a kept node', () => {
    const { model, chart, repo, karpenter } = referenceLike();
    const first = lay(model);
    // A new HelmChart that the fresh layout would put where an existing one sits.
    const extra = node('HelmChart', 'flux-system-extra', 'source');
    const grown: GraphModel = {
      nodes: [...model.nodes, extra],
      edges: [...model.edges, edge('uses-source', karpenter, extra), edge('uses-source', extra, repo)],
    };
    const next = stabilize(first, lay(grown), grown.nodes);
    expect(next.positions.get(chart.id)).toEqual(first.positions.get(chart.id));
    const cells = [...next.positions.values()].map(p => `${p.x}:${p.y}`);
    expect(new Set(cells).size).toBe(cells.length);
    for (const [id, p] of next.positions)
      for (const [other, q] of next.positions)
        if (id !== other && p.x === q.x) expect(Math.abs(p.y - q.y)).toBeGreaterThanOrEqual(NODE_HEIGHT);
  });

  it('returns the kept layout itself when nothing was added or removed', () => {
    const { model } = referenceLike();
    const first = lay(model);
    expect(stabilize(first, lay(model), model.nodes)).toBe(first);
    expect(stabilize(undefined, first, model.nodes)).toBe(first);
  });

  it('keeps a new node of a middle band inside its band', () => {
    const { model } = referenceLike();
    const first = lay(model);
    const extras = Array.from({ length: 30 }, (_, i) => node('HelmRelease', `more-${i}`, 'deploy'));
    const iua = Array.from({ length: 30 }, (_, i) => node('ImageUpdateAutomation', `iua-${i}`, 'deploy'));
    const grown: GraphModel = { nodes: [...model.nodes, ...extras, ...iua], edges: model.edges };
    const next = stabilize(first, lay(grown), grown.nodes);
    const deploy = next.bands.find(b => b.layer === 'deploy')!;
    const source = next.bands.find(b => b.layer === 'source')!;
    for (const n of [...extras, ...iua]) {
      const p = next.positions.get(n.id)!;
      expect(p.x).toBeGreaterThanOrEqual(deploy.x);
      expect(p.x).toBeLessThan(source.x);
    }
  });
});
