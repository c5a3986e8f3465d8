/**
 * Stable positions: a node keeps the place it was first drawn at while objects appear, disappear and change
 * state; a new node takes the slot a fresh layout gives it when that slot is free, else the nearest free slot
 * below it in its band's columns. Bands never move; only the last band may gain columns (nothing is to its
 * right). The user asks for a fresh layout explicitly (MapView's "Re-layout"), or changes the filters.
 * Cost: O(nodes) plus, per new node, a scan of the nodes in its column.
 */
import type { GraphLayer, GraphNode } from '@fluxscope/shared';
import type { Band, MapLayout, Point } from './layout';
import { COLUMN_GAP, NODE_HEIGHT, NODE_WIDTH, ROW_GAP } from './layout';

const STEP = NODE_HEIGHT + ROW_GAP;
const COLUMN = NODE_WIDTH + COLUMN_GAP;

/** Occupied y ranges per column x. */
class Occupancy {
  private readonly columns = new Map<number, number[]>();
  add(p: Point): void {
    const list = this.columns.get(p.x);
    if (list) list.push(p.y);
    else this.columns.set(p.x, [p.y]);
  }
  /** The first y at or below `y` where a node fits in column `x` without overlapping another. */
  freeFrom(x: number, y: number): number {
    const taken = (this.columns.get(x) ?? []).slice().sort((a, b) => a - b);
    let at = y;
    for (const other of taken) {
      if (other + STEP <= at) continue;
      if (other >= at + STEP) break;
      at = other + STEP;
    }
    return at;
  }
}

/** Does [x, x + NODE_WIDTH] cross any band other than `layer`'s? */
function crossesOtherBand(x: number, layer: GraphLayer, bands: readonly Band[]): boolean {
  return bands.some(
    b => b.layer !== layer && x < b.x + b.width + COLUMN_GAP && x + NODE_WIDTH + COLUMN_GAP > b.x,
  );
}

export function stabilize(
  kept: MapLayout | undefined,
  fresh: MapLayout,
  nodes: readonly GraphNode[],
): MapLayout {
  if (!kept || kept.positions.size === 0) return fresh;
  const positions = new Map<string, Point>();
  const occupied = new Occupancy();
  const added: GraphNode[] = [];
  for (const node of nodes) {
    const p = kept.positions.get(node.id);
    if (p) {
      positions.set(node.id, p);
      occupied.add(p);
    } else added.push(node);
  }
  if (added.length === 0 && positions.size === kept.positions.size) return kept;

  const bands = new Map(kept.bands.map(b => [b.layer, { ...b }]));
  const freshBands = new Map(fresh.bands.map(b => [b.layer, b]));
  // A band the kept layout did not have goes right of everything (it cannot squeeze between kept bands).
  for (const fb of fresh.bands) {
    if (bands.has(fb.layer)) continue;
    const right = Math.max(0, ...[...bands.values()].map(b => b.x + b.width + COLUMN_GAP * 2));
    bands.set(fb.layer, { ...fb, x: right, width: NODE_WIDTH, height: 0 });
  }
  const lastLayer = [...bands.values()].sort((a, b) => b.x - a.x)[0]?.layer;
  // Place new nodes top to bottom as the fresh layout has them, so they keep its order.
  added.sort((a, b) => (fresh.positions.get(a.id)?.y ?? 0) - (fresh.positions.get(b.id)?.y ?? 0));
  const others = [...bands.values()];
  for (const node of added) {
    const band = bands.get(node.layer);
    const want = fresh.positions.get(node.id);
    if (!band || !want) continue;
    const fb = freshBands.get(node.layer);
    let column = Math.max(0, Math.round((want.x - (fb?.x ?? band.x)) / COLUMN));
    const keptColumns = Math.max(1, Math.round((band.width + COLUMN_GAP) / COLUMN));
    if (
      column >= keptColumns &&
      (node.layer !== lastLayer || crossesOtherBand(band.x + column * COLUMN, node.layer, others))
    ) {
      column = keptColumns - 1;
    }
    const x = band.x + column * COLUMN;
    const y = occupied.freeFrom(x, Math.max(0, want.y));
    const p = { x, y };
    positions.set(node.id, p);
    occupied.add(p);
    band.width = Math.max(band.width, x + NODE_WIDTH - band.x);
    band.height = Math.max(band.height, y + NODE_HEIGHT);
  }
  const outBands = [...bands.values()].sort((a, b) => a.x - b.x);
  return {
    positions,
    bands: outBands,
    width: Math.max(0, ...outBands.map(b => b.x + b.width)),
    height: Math.max(0, ...outBands.map(b => b.height)),
  };
}
