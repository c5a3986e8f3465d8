import { describe, expect, it } from 'vitest';
import { cullNodes, sameNodeWindow } from './cull';
import { NODE_HEIGHT, NODE_WIDTH } from './layout';

const node = (x: number, y: number) => ({ id: `${x},${y}`, position: { x, y } });

describe('node culling', () => {
  const screen = { x: 0, y: 0, width: 1000, height: 800 };

  it('keeps the nodes that meet the screen grown by a quarter, in order, and nothing before the pane has a size', () => {
    const nodes = [
      node(100, 100), // on screen
      node(1200, 100), // right of the screen, inside the margin (250)
      node(1260, 100), // past the margin
      node(-NODE_WIDTH - 240, 0), // its right edge just inside the left margin
      node(-NODE_WIDTH - 260, 0), // outside
      node(0, 800 + 200 - 1), // below the screen, inside the margin (200)
      node(0, -200 - NODE_HEIGHT - 1), // above, outside
    ];
    expect(cullNodes(nodes, screen).map(n => n.id)).toEqual([
      '100,100',
      '1200,100',
      `${-NODE_WIDTH - 240},0`,
      '0,999',
    ]);
    expect(cullNodes(nodes, { x: 0, y: 0, width: 0, height: 0 })).toEqual([]);
  });

  it('keeps the window while the screen pans inside it; a pan out of it, a zoom out or a big zoom in asks for another', () => {
    expect(sameNodeWindow(screen, { ...screen, x: 240, y: -190 })).toBe(true);
    expect(sameNodeWindow(screen, { ...screen, x: 260 })).toBe(false);
    expect(sameNodeWindow(screen, { x: -100, y: -100, width: 1200, height: 960 })).toBe(true);
    expect(sameNodeWindow(screen, { x: -400, y: -400, width: 1800, height: 1440 })).toBe(false);
    expect(sameNodeWindow(screen, { x: 400, y: 300, width: 450, height: 360 })).toBe(false);
    expect(sameNodeWindow(screen, { x: 0, y: 0, width: 0, height: 0 })).toBe(false);
  });
});
