import { Position, getBezierPath } from '@xyflow/react';
import { describe, expect, it } from 'vitest';
import {
  clipCurve,
  contains,
  cubicPath,
  edgeCurve,
  grow,
  pointAt,
  subCurve,
  visibleRect,
} from './edge-geometry';
import { NODE_HEIGHT, NODE_WIDTH } from './layout';

const numbers = (d: string): number[] => (d.match(/-?\d+(\.\d+)?/g) ?? []).map(Number);

describe('edge geometry', () => {
  it('draws the curve React Flow draws between a right source handle and a left target handle', () => {
    for (const [source, target] of [
      [
        { x: 0, y: 0 },
        { x: 500, y: 300 },
      ],
      // Backwards on the same row (rows apart, the curve goes bottom to top: see below).
      [
        { x: 900, y: 40 },
        { x: 100, y: 60 },
      ],
    ] as const) {
      const [reference] = getBezierPath({
        sourceX: source.x + NODE_WIDTH + 0.5,
        sourceY: source.y + NODE_HEIGHT / 2,
        sourcePosition: Position.Right,
        targetX: target.x - 0.5,
        targetY: target.y + NODE_HEIGHT / 2,
        targetPosition: Position.Left,
      });
      const ours = numbers(cubicPath(edgeCurve(source, target)));
      numbers(reference).forEach((v, i) => expect(ours[i]).toBeCloseTo(v, 0));
    }
  });

  it('cuts an exact piece of the curve', () => {
    const c = edgeCurve({ x: 0, y: 0 }, { x: 3000, y: 1200 });
    const piece = subCurve(c, 0.2, 0.7);
    for (const [t, s] of [
      [0.2, 0],
      [0.45, 0.5],
      [0.7, 1],
    ] as const) {
      expect(pointAt(piece, s).x).toBeCloseTo(pointAt(c, t).x, 6);
      expect(pointAt(piece, s).y).toBeCloseTo(pointAt(c, t).y, 6);
    }
  });

  it('keeps every part of a long curve that crosses the window, with the dash offset of the part cut off', () => {
    const c = edgeCurve({ x: 0, y: 0 }, { x: 8000, y: 3000 });
    const window = { x: 3000, y: 500, width: 1500, height: 1500 };
    const clipped = clipCurve(c, window);
    expect(clipped).toBeDefined();
    const [x0, y0] = numbers(clipped!.d);
    // The piece starts before the window and the offset is the curve's length up to that start.
    expect(x0!).toBeLessThanOrEqual(window.x + 1);
    let length = 0;
    let previous = pointAt(c, 0);
    for (let i = 1; i <= 4000; i++) {
      const p = pointAt(c, i / 4000);
      if (p.x > x0! + 1e-6) break;
      length += Math.hypot(p.x - previous.x, p.y - previous.y);
      previous = p;
    }
    expect(Math.abs(clipped!.dashOffset - length)).toBeLessThan(2);
    expect(y0).toBeGreaterThan(0);
    // Every point of the whole curve inside the window lies on the piece's x range.
    const xs = numbers(clipped!.d).filter((_, i) => i % 2 === 0);
    for (let i = 0; i <= 1000; i++) {
      const p = pointAt(c, i / 1000);
      if (p.x < window.x || p.x > window.x + window.width || p.y < window.y || p.y > window.y + window.height)
        continue;
      expect(p.x).toBeGreaterThanOrEqual(Math.min(...xs) - 1);
      expect(p.x).toBeLessThanOrEqual(Math.max(...xs) + 1);
    }
  });

  it('returns the same cut for every window that needs it, and nothing for curves out of sight', () => {
    const c = edgeCurve({ x: 0, y: 0 }, { x: 8000, y: 3000 });
    const a = clipCurve(c, { x: 3000, y: 500, width: 1500, height: 1500 });
    const b = clipCurve(c, { x: 3001, y: 501, width: 1500, height: 1500 });
    expect(a?.dashOffset).toBe(b?.dashOffset);
    expect(clipCurve(c, { x: 0, y: 5000, width: 1000, height: 1000 })).toBeUndefined();
    const short = edgeCurve({ x: 0, y: 0 }, { x: 400, y: 0 });
    expect(clipCurve(short, { x: -100, y: -100, width: 2000, height: 2000 })).toEqual({
      d: cubicPath(short),
      dashOffset: 0,
    });
  });

  it('maps the viewport to flow coordinates', () => {
    const screen = visibleRect(-200, -100, 0.5, 1000, 800);
    expect(screen).toEqual({ x: 400, y: 200, width: 2000, height: 1600 });
    expect(contains(grow(screen, 0.5), screen)).toBe(true);
    expect(contains(screen, grow(screen, 0.1))).toBe(false);
  });

  it('joins a folded row from below or above, not by looping back across both nodes', () => {
    // sources (first row, second column) runs before infrastructure (second row, first column).
    const sources = { x: 256, y: 0 };
    const infrastructure = { x: 0, y: 200 };
    const down = edgeCurve(sources, infrastructure);
    expect(down[0]).toEqual({ x: 256 + NODE_WIDTH / 2, y: NODE_HEIGHT + 0.5 });
    expect(down[3]).toEqual({ x: NODE_WIDTH / 2, y: 199.5 });
    expect(down[1].y).toBeGreaterThan(down[0].y);
    expect(down[2].y).toBeLessThan(down[3].y);
    const up = edgeCurve(infrastructure, { x: 0, y: 0 });
    expect(up[0].y).toBe(199.5);
    expect(up[3].y).toBe(NODE_HEIGHT + 0.5);
    // Forward edges and backward ones on the same row keep React Flow's side-to-side curve.
    expect(edgeCurve({ x: 0, y: 0 }, { x: 256, y: 200 })[0]).toEqual({
      x: NODE_WIDTH + 0.5,
      y: NODE_HEIGHT / 2,
    });
    expect(edgeCurve({ x: 256, y: 0 }, { x: 0, y: 10 })[0].x).toBe(256 + NODE_WIDTH + 0.5);
  });
});
