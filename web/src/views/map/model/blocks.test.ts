import { describe, expect, it } from 'vitest';
import { emptyFlowCache, type MapFlowNode, toFlowNodes } from './flow';
import { type Block, DIM_ALPHA, FAR_ZOOM, PINNED_CAP, blockAt, isFar, paintBlocks, splitFar } from './blocks';
import { backingScale, MAX_PIXELS } from './canvas';
import { cullNodes } from './cull';
import { node, synthetic } from './fixtures';
import { highlightFor, needsIndex } from './highlight';
import { NODE_HEIGHT, NODE_WIDTH, layoutGraph } from './layout';

const flowNode = (i: number, data: Partial<MapFlowNode['data']> = {}): MapFlowNode => {
  const graphNode = node('HelmRelease', `app-${i}`, 'deploy', 0, i % 2 ? 'failed' : 'ready');
  return {
    id: graphNode.id,
    type: 'flux',
    position: { x: 0, y: i * (NODE_HEIGHT + 8) },
    data: { node: graphNode, emphasis: undefined, ...data },
  };
};

describe('far-zoom blocks', () => {
  it('is far below the zoom where node text stops being drawn', () => {
    expect(isFar(FAR_ZOOM - 0.01)).toBe(true);
    expect(isFar(FAR_ZOOM)).toBe(false);
  });

  it('keeps in the DOM only the selected chain, the culprit, search matches and groups, in reading order', () => {
    const nodes = [
      flowNode(0),
      flowNode(1, { emphasis: 'upstream' }),
      flowNode(2, { match: 'other', emphasis: 'dim' }),
      flowNode(3, { emphasis: 'selected' }),
      flowNode(4, { match: 'match' }),
      flowNode(5, { emphasis: 'culprit' }),
      flowNode(6),
    ];
    const { dom, blocks } = splitFar(nodes, false);
    expect(dom.map(n => n.data.node.ref.name)).toEqual(['app-1', 'app-3', 'app-4', 'app-5']);
    expect(blocks.map(b => [b.id.split('/').pop(), b.state, b.dim])).toEqual([
      ['app-0', 'ready', false],
      ['app-2', 'ready', true],
      ['app-6', 'ready', false],
    ]);
    // Under a highlight every block is outside the chain, so every block is dimmed.
    expect(splitFar(nodes, true).blocks.every(b => b.dim)).toBe(true);
  });

  it('keeps at most PINNED_CAP in the DOM: the selected node and the current match before other matches', () => {
    const nodes = Array.from({ length: PINNED_CAP + 50 }, (_, i) => flowNode(i, { match: 'match' }));
    nodes.push(
      flowNode(PINNED_CAP + 50, { match: 'current' }),
      flowNode(PINNED_CAP + 51, { emphasis: 'selected' }),
    );
    const { dom, blocks } = splitFar(nodes, false);
    expect(dom).toHaveLength(PINNED_CAP);
    expect(dom.slice(-2).map(n => n.data.match ?? n.data.emphasis)).toEqual(['current', 'selected']);
    expect(dom.slice(0, -2).map(n => n.id)).toEqual(nodes.slice(0, PINNED_CAP - 2).map(n => n.id));
    expect(blocks).toHaveLength(52);
  });

  it('a whole 10,000-object map zoomed out: every node a block, no element, and the selected chain only', () => {
    const model = synthetic(10_000);
    const layout = layoutGraph(model);
    const far = { x: -1000, y: -1000, width: 1e6, height: 1e6 };
    const plain = cullNodes(toFlowNodes(model, layout, undefined, emptyFlowCache()), far);
    expect(splitFar(plain, false).dom).toHaveLength(0);
    expect(splitFar(plain, false).blocks).toHaveLength(model.nodes.length);
    const selected = model.nodes.find(n => n.layer === 'deploy')!.id;
    const highlight = highlightFor(needsIndex(model.edges), selected);
    const lit = cullNodes(toFlowNodes(model, layout, highlight, emptyFlowCache()), far);
    const { dom } = splitFar(lit, true);
    expect(dom.map(n => n.id)).toContain(selected);
    expect(dom.length).toBe(1 + highlight.upstream.size + highlight.downstream.size);
    expect(dom.length).toBeLessThan(20);
  });

  it('a click finds the block under it, the last painted first', () => {
    const blocks: Block[] = [
      { id: 'a', x: 0, y: 0, state: 'ready', dim: false },
      { id: 'b', x: 100, y: 20, state: 'failed', dim: false },
    ];
    expect(blockAt(blocks, { x: 10, y: 10 })).toBe('a');
    expect(blockAt(blocks, { x: 120, y: 30 })).toBe('b');
    expect(blockAt(blocks, { x: NODE_WIDTH + 101, y: 30 })).toBeUndefined();
    expect(blockAt(blocks, { x: 10, y: NODE_HEIGHT + 1 })).toBeUndefined();
  });

  it('paints one path per state and dimming, dimmed ones first at a low alpha', () => {
    const ops: string[] = [];
    const ctx = {
      globalAlpha: 1,
      fillStyle: '',
      beginPath: () => ops.push('begin'),
      rect: () => ops.push('rect'),
      fill() {
        ops.push(`fill ${this.fillStyle} ${this.globalAlpha}`);
      },
    };
    const blocks: Block[] = [
      { id: 'a', x: 0, y: 0, state: 'ready', dim: false },
      { id: 'b', x: 0, y: 60, state: 'failed', dim: false },
      { id: 'c', x: 0, y: 120, state: 'ready', dim: true },
      { id: 'd', x: 0, y: 180, state: 'ready', dim: false },
    ];
    const colours = {
      ready: 'green',
      progressing: 'blue',
      waiting: 'amber',
      failed: 'red',
      stalled: 'darkred',
      suspended: 'violet',
      unknown: 'grey',
    } as const;
    expect(paintBlocks(ctx, blocks, colours)).toBe(4);
    expect(ops.filter(o => o.startsWith('fill'))).toEqual([
      `fill green ${DIM_ALPHA}`,
      'fill green 1',
      'fill red 1',
    ]);
    expect(ops.filter(o => o === 'rect')).toHaveLength(4);
    expect(ctx.globalAlpha).toBe(1);
  });

  it('a canvas over a huge window gets fewer pixels than the screen would, never more than the cap', () => {
    const small = { x: 0, y: 0, width: 1000, height: 800 };
    expect(backingScale(small, 0.5, 2)).toBe(1);
    const huge = { x: 0, y: 0, width: 60_000, height: 40_000 };
    const scale = backingScale(huge, 0.3, 2);
    expect(scale).toBeLessThan(0.6);
    expect(huge.width * huge.height * scale * scale).toBeCloseTo(MAX_PIXELS, -3);
  });
});
