/**
 * Edge curves for the map's own edge canvas (EdgeCanvas.tsx). React Flow drew every edge whose bounding box
 * touched the screen as a whole, in its own <svg>: on a 2,000-node map that is ~1,400 dashed curves up to
 * 15,000 px long, repainted (and re-dashed) on every pan frame. Here each curve is the same bezier React
 * Flow draws (source on the right, target on the left), cut to the part inside a window around the screen,
 * with its dash offset set to the length cut off, so the dashes sit exactly where the whole curve puts them.
 */
import type { Point } from './layout';
import { NODE_HEIGHT, NODE_WIDTH } from './layout';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A cubic bezier: start, two control points, end. */
export type Cubic = readonly [Point, Point, Point, Point];

/** React Flow's default curvature and control offset (getBezierPath), for a Right source and Left target. */
const CURVATURE = 0.25;
function controlOffset(distance: number): number {
  return distance >= 0 ? 0.5 * distance : CURVATURE * 25 * Math.sqrt(-distance);
}

/**
 * The curve React Flow draws from `source`'s right handle to `target`'s left handle (node top-left corners;
 * the 1 px handles sit half a pixel outside the node, vertically centred). An edge into a row below or above
 * that starts right of its target (the entry band folds its dependsOn ranks into rows, so `sources` in the
 * first row runs before `infrastructure` at the start of the second) would loop back across both nodes;
 * it goes from the source's bottom (or top) edge to the target's top (or bottom) edge instead.
 */
export function edgeCurve(source: Point, target: Point): Cubic {
  if (target.x < source.x + NODE_WIDTH && Math.abs(target.y - source.y) > NODE_HEIGHT) {
    const down = target.y > source.y;
    const sx = source.x + NODE_WIDTH / 2;
    const sy = down ? source.y + NODE_HEIGHT + 0.5 : source.y - 0.5;
    const tx = target.x + NODE_WIDTH / 2;
    const ty = down ? target.y - 0.5 : target.y + NODE_HEIGHT + 0.5;
    const offset = Math.abs(ty - sy) / 2;
    const sign = down ? 1 : -1;
    return [
      { x: sx, y: sy },
      { x: sx, y: sy + sign * offset },
      { x: tx, y: ty - sign * offset },
      { x: tx, y: ty },
    ];
  }
  const sx = source.x + NODE_WIDTH + 0.5;
  const sy = source.y + NODE_HEIGHT / 2;
  const tx = target.x - 0.5;
  const ty = target.y + NODE_HEIGHT / 2;
  const offset = controlOffset(tx - sx);
  return [
    { x: sx, y: sy },
    { x: sx + offset, y: sy },
    { x: tx - offset, y: ty },
    { x: tx, y: ty },
  ];
}

export function pointAt(c: Cubic, t: number): Point {
  const u = 1 - t;
  const a = u * u * u;
  const b = 3 * u * u * t;
  const d = 3 * u * t * t;
  const e = t * t * t;
  return {
    x: a * c[0].x + b * c[1].x + d * c[2].x + e * c[3].x,
    y: a * c[0].y + b * c[1].y + d * c[2].y + e * c[3].y,
  };
}

const lerp = (p: Point, q: Point, t: number): Point => ({
  x: p.x + (q.x - p.x) * t,
  y: p.y + (q.y - p.y) * t,
});

/** The exact piece of `c` between t0 and t1 (de Casteljau), itself a cubic. */
export function subCurve(c: Cubic, t0: number, t1: number): Cubic {
  const split = (k: Cubic, t: number): [Cubic, Cubic] => {
    const ab = lerp(k[0], k[1], t);
    const bc = lerp(k[1], k[2], t);
    const cd = lerp(k[2], k[3], t);
    const abc = lerp(ab, bc, t);
    const bcd = lerp(bc, cd, t);
    const mid = lerp(abc, bcd, t);
    return [
      [k[0], ab, abc, mid],
      [mid, bcd, cd, k[3]],
    ];
  };
  const right = t0 > 0 ? split(c, t0)[1] : c;
  if (t1 >= 1) return right;
  return split(right, (t1 - t0) / (1 - t0))[0];
}

const round = (v: number): number => Math.round(v * 10) / 10;

export function cubicPath(c: Cubic): string {
  return `M${round(c[0].x)},${round(c[0].y)} C${round(c[1].x)},${round(c[1].y)} ${round(c[2].x)},${round(c[2].y)} ${round(c[3].x)},${round(c[3].y)}`;
}

function boxesMeet(minX: number, minY: number, maxX: number, maxY: number, r: Rect): boolean {
  return maxX >= r.x && minX <= r.x + r.width && maxY >= r.y && minY <= r.y + r.height;
}

export interface ClippedEdge {
  d: string;
  /** Length of the curve before the drawn piece: the stroke-dashoffset that keeps the dashes in place. */
  dashOffset: number;
}

export interface ClippedCubic {
  /** The drawn piece of the curve. */
  curve: Cubic;
  /** Length of the curve before the drawn piece: the dash offset that keeps the dashes in place. */
  dashOffset: number;
  /** The piece reaches the curve's end, where a dependsOn arrowhead sits. */
  toEnd: boolean;
}

/**
 * The part of `c` that can be seen through `window`, or undefined if none. Samples depend on the curve only
 * (about one per 40 px), so the same cut points and dash offsets come back for every window that needs them.
 */
export function clipCubic(c: Cubic, window: Rect): ClippedCubic | undefined {
  let minX = c[0].x;
  let minY = c[0].y;
  let maxX = c[0].x;
  let maxY = c[0].y;
  for (const p of c) {
    if (p.x < minX) minX = p.x;
    if (p.x > maxX) maxX = p.x;
    if (p.y < minY) minY = p.y;
    if (p.y > maxY) maxY = p.y;
  }
  if (!boxesMeet(minX, minY, maxX, maxY, window)) return undefined;
  const inside =
    minX >= window.x &&
    minY >= window.y &&
    maxX <= window.x + window.width &&
    maxY <= window.y + window.height;
  if (inside) return { curve: c, dashOffset: 0, toEnd: true };

  const chord = Math.hypot(c[3].x - c[0].x, c[3].y - c[0].y);
  const steps = Math.min(400, Math.max(8, Math.ceil(chord / 40)));
  let first = -1;
  let last = -1;
  let length = 0;
  let offset = 0;
  let previous = c[0];
  for (let i = 1; i <= steps; i++) {
    const point = pointAt(c, i / steps);
    const meets = boxesMeet(
      Math.min(previous.x, point.x),
      Math.min(previous.y, point.y),
      Math.max(previous.x, point.x),
      Math.max(previous.y, point.y),
      window,
    );
    if (meets) {
      if (first < 0) {
        first = i - 1;
        offset = length;
      }
      last = i;
    }
    length += Math.hypot(point.x - previous.x, point.y - previous.y);
    previous = point;
  }
  if (first < 0) return undefined;
  return {
    curve: subCurve(c, first / steps, last / steps),
    dashOffset: round(offset),
    toEnd: last === steps,
  };
}

/** clipCubic as an SVG path. */
export function clipCurve(c: Cubic, window: Rect): ClippedEdge | undefined {
  const piece = clipCubic(c, window);
  return piece && { d: cubicPath(piece.curve), dashOffset: piece.dashOffset };
}

/** The flow-space rectangle on screen for a React Flow transform [x, y, zoom] and a pane size. */
export function visibleRect(x: number, y: number, zoom: number, width: number, height: number): Rect {
  return { x: -x / zoom, y: -y / zoom, width: width / zoom, height: height / zoom };
}

/** `rect` grown by `fraction` of its size on every side. */
export function grow(rect: Rect, fraction: number): Rect {
  const dx = rect.width * fraction;
  const dy = rect.height * fraction;
  return { x: rect.x - dx, y: rect.y - dy, width: rect.width + 2 * dx, height: rect.height + 2 * dy };
}

export function contains(outer: Rect, inner: Rect): boolean {
  return (
    inner.x >= outer.x &&
    inner.y >= outer.y &&
    inner.x + inner.width <= outer.x + outer.width &&
    inner.y + inner.height <= outer.y + outer.height
  );
}
