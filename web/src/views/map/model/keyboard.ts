/**
 * Arrow keys between map nodes: from a node, the nearest node in the arrow's direction, measured between
 * node centres, with sideways distance counting double so that ArrowDown stays in the column (the entry
 * band's dependsOn chain) and ArrowRight stays on the row before it jumps elsewhere.
 */
import type { MapLayout } from './layout';

export type ArrowKey = 'ArrowUp' | 'ArrowDown' | 'ArrowLeft' | 'ArrowRight';

export const isArrowKey = (key: string): key is ArrowKey =>
  key === 'ArrowUp' || key === 'ArrowDown' || key === 'ArrowLeft' || key === 'ArrowRight';

/** Undefined at the edge of the map in that direction (focus then stays where it is). */
export function neighbourOf(
  positions: MapLayout['positions'],
  from: string,
  key: ArrowKey,
  among?: ReadonlySet<string>,
): string | undefined {
  const origin = positions.get(from);
  if (!origin) return undefined;
  const horizontal = key === 'ArrowLeft' || key === 'ArrowRight';
  const sign = key === 'ArrowRight' || key === 'ArrowDown' ? 1 : -1;
  let best: string | undefined;
  let bestScore = Infinity;
  for (const [id, p] of positions) {
    if (id === from || (among && !among.has(id))) continue;
    const along = (horizontal ? p.x - origin.x : p.y - origin.y) * sign;
    if (along <= 0) continue;
    const across = Math.abs(horizontal ? p.y - origin.y : p.x - origin.x);
    const score = along + 2 * across;
    if (score < bestScore || (score === bestScore && best !== undefined && id < best)) {
      bestScore = score;
      best = id;
    }
  }
  return best;
}
