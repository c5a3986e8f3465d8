/**
 * The minimap's geometry (MapMiniMap.tsx): the whole map fitted into the minimap with a margin, the screen's
 * rectangle on it, and a point on it back in flow coordinates (a click centres the map there).
 */
import type { Rect } from './edge-geometry';
import { NODE_HEIGHT, NODE_WIDTH, type Point } from './layout';

export interface MinimapFrame {
  /** Minimap pixels per flow unit. */
  scale: number;
  /** Minimap position of flow (0, 0). */
  x: number;
  y: number;
}

const MARGIN = 6;

/** The flow rectangle every node lies in (undefined for no node). */
export function nodesBox(positions: Iterable<Point>): Rect | undefined {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const p of positions) {
    minX = Math.min(minX, p.x);
    minY = Math.min(minY, p.y);
    maxX = Math.max(maxX, p.x + NODE_WIDTH);
    maxY = Math.max(maxY, p.y + NODE_HEIGHT);
  }
  return minX === Infinity ? undefined : { x: minX, y: minY, width: maxX - minX, height: maxY - minY };
}

/** `box` fitted, centred, into a `width` x `height` minimap with a small margin. */
export function minimapFrame(box: Rect, width: number, height: number): MinimapFrame {
  const scale = Math.min(
    (width - 2 * MARGIN) / Math.max(1, box.width),
    (height - 2 * MARGIN) / Math.max(1, box.height),
  );
  return {
    scale,
    x: (width - box.width * scale) / 2 - box.x * scale,
    y: (height - box.height * scale) / 2 - box.y * scale,
  };
}

/** A flow rectangle on the minimap. */
export function toMinimap(frame: MinimapFrame, rect: Rect): Rect {
  return {
    x: frame.x + rect.x * frame.scale,
    y: frame.y + rect.y * frame.scale,
    width: rect.width * frame.scale,
    height: rect.height * frame.scale,
  };
}

/** A minimap point in flow coordinates. */
export function fromMinimap(frame: MinimapFrame, x: number, y: number): Point {
  return { x: (x - frame.x) / frame.scale, y: (y - frame.y) / frame.scale };
}
