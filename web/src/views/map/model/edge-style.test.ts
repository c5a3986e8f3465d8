import { describe, expect, it } from 'vitest';
import type { Cubic } from './edge-geometry';
import {
  type EdgePalette,
  type EdgePiece,
  type Painter,
  arrowHead,
  edgeStyle,
  MIN_DASH_PERIOD_PX,
  paintEdges,
} from './edge-style';

const palette: EdgePalette = { edge: 'grey', depends: 'violet', source: 'blue', failed: 'red' };

/** A 2D context that records what is painted: one entry per stroke or fill, with its state then. */
function recorder() {
  const ops: Array<{
    op: 'stroke' | 'fill';
    colour: string;
    alpha: number;
    width: number;
    dash: number[];
    offset: number;
    paths: number;
  }> = [];
  let paths = 0;
  let dash: number[] = [];
  const ctx = {
    globalAlpha: 1,
    strokeStyle: '',
    fillStyle: '',
    lineWidth: 1,
    lineCap: 'butt',
    lineDashOffset: 0,
    beginPath: () => (paths = 0),
    moveTo: () => paths++,
    lineTo: () => undefined,
    bezierCurveTo: () => undefined,
    closePath: () => undefined,
    setLineDash: (d: number[]) => (dash = [...d]),
    stroke: () =>
      ops.push({
        op: 'stroke',
        colour: String(ctx.strokeStyle),
        alpha: ctx.globalAlpha,
        width: ctx.lineWidth,
        dash,
        offset: ctx.lineDashOffset,
        paths,
      }),
    fill: () =>
      ops.push({
        op: 'fill',
        colour: String(ctx.fillStyle),
        alpha: ctx.globalAlpha,
        width: 0,
        dash,
        offset: 0,
        paths,
      }),
  };
  return { ctx: ctx as unknown as Painter, ops };
}

const line: Cubic = [
  { x: 0, y: 0 },
  { x: 50, y: 0 },
  { x: 50, y: 0 },
  { x: 100, y: 0 },
];
const piece = (id: string, style: EdgePiece['style'], extra: Partial<EdgePiece> = {}): EdgePiece => ({
  id,
  curve: line,
  dashOffset: 0,
  toEnd: true,
  style,
  ...extra,
});

describe('edge style', () => {
  it('keeps applies and uses-source links quiet, dependsOn bold with an arrow, dangling red', () => {
    const parent = edgeStyle({ type: 'parent', dangling: false, lit: false, dim: false }, false, false);
    expect(parent).toMatchObject({ colour: 'edge', alpha: 0.22, width: 1.25, arrow: false, dash: [] });
    expect(edgeStyle({ type: 'parent', dangling: false, lit: false, dim: false }, true, false).alpha).toBe(1);
    const source = edgeStyle({ type: 'uses-source', dangling: false, lit: false, dim: false }, false, false);
    expect(source).toMatchObject({ colour: 'source', alpha: 0.22, dash: [1.5, 3.5] });
    const depends = edgeStyle({ type: 'dependsOn', dangling: false, lit: false, dim: false }, false, false);
    expect(depends).toMatchObject({ colour: 'depends', alpha: 1, width: 2, arrow: true });
    expect(
      edgeStyle({ type: 'dependsOn', dangling: true, lit: false, dim: false }, false, false).colour,
    ).toBe('failed');
  });

  it('lights the highlighted chain and dims the rest, whatever the all-links toggle says', () => {
    const lit = edgeStyle({ type: 'dependsOn', dangling: false, lit: true, dim: false }, false, true);
    const dim = edgeStyle({ type: 'parent', dangling: false, lit: false, dim: false }, true, true);
    expect(lit).toMatchObject({ width: 2.5, alpha: 1 });
    expect(edgeStyle({ type: 'parent', dangling: false, lit: true, dim: false }, false, true)).toMatchObject({
      width: 2.25,
      alpha: 1,
    });
    expect(dim.alpha).toBe(0.12);
    // A search dims the edges that touch no match, with no highlight.
    expect(edgeStyle({ type: 'dependsOn', dangling: false, lit: false, dim: true }, false, false).alpha).toBe(
      0.12,
    );
    expect(lit.layer).toBeGreaterThan(
      edgeStyle({ type: 'parent', dangling: false, lit: true, dim: false }, false, true).layer,
    );
    expect(dim.layer).toBeLessThan(
      edgeStyle({ type: 'parent', dangling: false, lit: false, dim: false }, false, false).layer,
    );
  });

  it('points the arrowhead along the curve end, tip on the end point, 6 stroke widths long (9/10 of it)', () => {
    const [tx, ty, ax, ay, bx, by] = arrowHead(line, 2);
    expect([tx, ty]).toEqual([100, 0]);
    expect(ax).toBeCloseTo(100 - 9 * 1.2);
    expect(bx).toBeCloseTo(100 - 9 * 1.2);
    expect(Math.abs(ay - by)).toBeCloseTo(8 * 1.2);
    // A curve ending downwards gets a head pointing down.
    const down: Cubic = [
      { x: 0, y: 0 },
      { x: 0, y: 10 },
      { x: 0, y: 90 },
      { x: 0, y: 100 },
    ];
    const [, , , ay2] = arrowHead(down, 2);
    expect(ay2).toBeLessThan(100);
  });
});

describe('painting edges', () => {
  it('strokes pieces of one look together, dashed ones each with its own offset, dependsOn last with its heads', () => {
    const { ctx, ops } = recorder();
    const parent = edgeStyle({ type: 'parent', dangling: false, lit: false, dim: false }, false, false);
    const source = edgeStyle({ type: 'uses-source', dangling: false, lit: false, dim: false }, false, false);
    const depends = edgeStyle({ type: 'dependsOn', dangling: false, lit: false, dim: false }, false, false);
    const counts = paintEdges(
      ctx,
      [
        piece('d1', depends),
        piece('p1', parent),
        piece('s1', source, { dashOffset: 12.5 }),
        piece('p2', parent),
        piece('d2', depends, { toEnd: false }), // cut by the window before its end: no head
        piece('s2', source, { dashOffset: 3 }),
      ],
      palette,
    );
    expect(counts).toEqual({ drawn: 6, lit: 0 });
    expect(ops).toEqual([
      { op: 'stroke', colour: 'grey', alpha: 0.22, width: 1.25, dash: [], offset: 0, paths: 2 },
      { op: 'stroke', colour: 'blue', alpha: 0.22, width: 1.25, dash: [1.5, 3.5], offset: 12.5, paths: 1 },
      { op: 'stroke', colour: 'blue', alpha: 0.22, width: 1.25, dash: [1.5, 3.5], offset: 3, paths: 1 },
      { op: 'stroke', colour: 'violet', alpha: 1, width: 2, dash: [], offset: 3, paths: 2 },
      { op: 'fill', colour: 'violet', alpha: 1, width: 0, dash: [], offset: 0, paths: 1 },
    ]);
  });

  it('zoomed out until a dash period is under a few pixels, strokes dashed edges solid at their ink share', () => {
    const { ctx, ops } = recorder();
    const source = edgeStyle({ type: 'uses-source', dangling: false, lit: false, dim: false }, false, false);
    paintEdges(ctx, [piece('s1', source), piece('s2', source)], palette, 0.04);
    // One stroke for both (not one per dashed piece), no dashes, 1.5 of every 5 units' ink.
    expect(ops).toEqual([
      { op: 'stroke', colour: 'blue', alpha: 0.22 * 0.3, width: 1.25, dash: [], offset: 0, paths: 2 },
    ]);
    const near = recorder();
    paintEdges(near.ctx, [piece('s1', source)], palette, MIN_DASH_PERIOD_PX / 5);
    expect(near.ops[0]).toMatchObject({ dash: [1.5, 3.5], alpha: 0.22 });
  });

  it('paints the lit chain above the dimmed rest and counts it', () => {
    const { ctx, ops } = recorder();
    const lit = edgeStyle({ type: 'parent', dangling: false, lit: true, dim: false }, false, true);
    const dim = edgeStyle({ type: 'dependsOn', dangling: false, lit: false, dim: false }, false, true);
    const counts = paintEdges(ctx, [piece('a', lit), piece('b', dim), piece('c', lit)], palette);
    expect(counts).toEqual({ drawn: 3, lit: 2 });
    // dependsOn stays above the other relations, even dimmed under a lit applies link.
    expect(ops.map(o => [o.op, o.alpha])).toEqual([
      ['stroke', 1],
      ['stroke', 0.12],
      ['fill', 0.12],
    ]);
  });
});
