/**
 * Which nodes the map puts in the DOM: those in a window a quarter screen wider than the screen on every
 * side, chosen again only when the screen leaves that window (or zooms in a lot, when it holds far more than
 * the screen shows). React Flow's own culling (onlyRenderVisibleElements) recomputed the visible set over
 * every node on every pan frame and re-rendered its node list each time: at 10,000 objects that alone was
 * tens of milliseconds a frame.
 */
import { type Rect, contains, grow } from './edge-geometry';
import { NODE_HEIGHT, NODE_WIDTH, type Point } from './layout';

/** How far (in screens) the window of rendered nodes reaches past each side of the screen. */
export const NODE_MARGIN = 0.25;

/** The screen (flow coordinates) is still served by the window drawn for `previous`. */
export function sameNodeWindow(previous: Rect, next: Rect): boolean {
  return next.width > 0 && contains(grow(previous, NODE_MARGIN), next) && next.width * 2 > previous.width;
}

/** The nodes whose box meets the window around `screen`, in their order (the map's reading order). */
export function cullNodes<T extends { position: Point }>(nodes: readonly T[], screen: Rect): T[] {
  if (screen.width <= 0) return [];
  const w = grow(screen, NODE_MARGIN);
  const right = w.x + w.width;
  const bottom = w.y + w.height;
  return nodes.filter(
    n =>
      n.position.x + NODE_WIDTH >= w.x &&
      n.position.x <= right &&
      n.position.y + NODE_HEIGHT >= w.y &&
      n.position.y <= bottom,
  );
}
