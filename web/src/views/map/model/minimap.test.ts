import { describe, expect, it } from 'vitest';
import { NODE_HEIGHT, NODE_WIDTH } from './layout';
import { fromMinimap, minimapFrame, nodesBox, toMinimap } from './minimap';

describe('minimap geometry', () => {
  it('boxes every node, whole', () => {
    expect(nodesBox([])).toBeUndefined();
    expect(
      nodesBox([
        { x: 100, y: 50 },
        { x: -20, y: 300 },
      ]),
    ).toEqual({ x: -20, y: 50, width: 120 + NODE_WIDTH, height: 250 + NODE_HEIGHT });
  });

  it('fits a wide map to the width and centres it vertically, a tall one the other way', () => {
    const wide = minimapFrame({ x: 0, y: 0, width: 2000, height: 100 }, 200, 150);
    const drawn = toMinimap(wide, { x: 0, y: 0, width: 2000, height: 100 });
    expect(drawn.x).toBeCloseTo(6);
    expect(drawn.width).toBeCloseTo(188);
    expect(drawn.y + drawn.height / 2).toBeCloseTo(75);
    const tall = minimapFrame({ x: 500, y: -300, width: 100, height: 3000 }, 200, 150);
    const t = toMinimap(tall, { x: 500, y: -300, width: 100, height: 3000 });
    expect(t.y).toBeCloseTo(6);
    expect(t.height).toBeCloseTo(138);
    expect(t.x + t.width / 2).toBeCloseTo(100);
  });

  it('maps a minimap point back to the flow point drawn there', () => {
    const frame = minimapFrame({ x: -400, y: 20, width: 5000, height: 3000 }, 200, 150);
    const at = toMinimap(frame, { x: 1234, y: 567, width: 0, height: 0 });
    const back = fromMinimap(frame, at.x, at.y);
    expect(back.x).toBeCloseTo(1234);
    expect(back.y).toBeCloseTo(567);
  });
});
