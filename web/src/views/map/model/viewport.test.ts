import { describe, expect, it } from 'vitest';
import { referenceLike, synthetic } from './fixtures';
import { layoutGraph } from './layout';
import { READABLE_ZOOM, boxOf, fitBox, initialViewport, revealBox } from './viewport';

describe('initial viewport', () => {
  it('fits a small map whole, centred horizontally', () => {
    const layout = layoutGraph(referenceLike().model);
    const vp = initialViewport(layout, 2560, 1300);
    expect(vp.zoom).toBeGreaterThanOrEqual(READABLE_ZOOM);
    expect(vp.zoom).toBeLessThanOrEqual(1.1);
    // Left edge of the first band and right edge of the last are both on screen.
    expect(vp.x + -20 * vp.zoom).toBeGreaterThanOrEqual(0);
    expect(vp.x + (layout.width + 20) * vp.zoom).toBeLessThanOrEqual(2560);
  });

  it('starts a big map at the entry points at a readable zoom instead of shrinking it', () => {
    const layout = layoutGraph(synthetic(1000));
    const vp = initialViewport(layout, 1280, 680);
    expect(vp.zoom).toBe(READABLE_ZOOM);
    expect(vp.x).toBeGreaterThan(0);
    expect(vp.y).toBeGreaterThan(0);
  });
});

describe('fitting a chain', () => {
  it('shows the whole box left of the side panel', () => {
    const { model, root, sources, infra, git } = referenceLike();
    const layout = layoutGraph(model);
    const box = boxOf([root.id, sources.id, infra.id, git.id, 'absent'], layout.positions)!;
    const vp = fitBox(box, 1024, 700, { right: 364, bottom: 0 });
    const left = box.x * vp.zoom + vp.x;
    const right = (box.x + box.width) * vp.zoom + vp.x;
    const top = box.y * vp.zoom + vp.y;
    const bottom = (box.y + box.height) * vp.zoom + vp.y;
    expect(left).toBeGreaterThanOrEqual(0);
    expect(right).toBeLessThanOrEqual(1024 - 364);
    expect(top).toBeGreaterThanOrEqual(0);
    expect(bottom).toBeLessThanOrEqual(700);
    expect(vp.zoom).toBeLessThanOrEqual(1);
    expect(boxOf(['absent'], layout.positions)).toBeUndefined();
  });

  it('keeps the box above a bottom sheet on a phone', () => {
    const { model, root, infra } = referenceLike();
    const box = boxOf([root.id, infra.id], layoutGraph(model).positions)!;
    const vp = fitBox(box, 390, 700, { right: 0, bottom: 380 });
    expect((box.y + box.height) * vp.zoom + vp.y).toBeLessThanOrEqual(700 - 380);
  });
});

describe('revealing a search match', () => {
  const box = { x: 1000, y: 500, width: 240, height: 44 };
  it('does not move the map when the match is on screen at a readable zoom', () => {
    const vp = { x: -900, y: -400, zoom: 1 };
    expect(revealBox(box, vp, 1200, 700)).toBeUndefined();
  });

  it('centres it in the part the side panel leaves free, zooming in to a readable size', () => {
    const far = { x: 0, y: 0, zoom: 0.1 };
    const vp = revealBox(box, far, 1200, 700, { right: 364, bottom: 0 })!;
    expect(vp.zoom).toBe(READABLE_ZOOM);
    const left = box.x * vp.zoom + vp.x;
    const right = (box.x + box.width) * vp.zoom + vp.x;
    expect(left).toBeGreaterThan(0);
    expect(right).toBeLessThan(1200 - 364);
    // Under the panel (on screen, but covered): moved out from under it.
    const covered = { x: -1000 + 900, y: -400, zoom: 1 };
    const moved = revealBox(box, covered, 1200, 700, { right: 364, bottom: 0 })!;
    expect((box.x + box.width) * moved.zoom + moved.x).toBeLessThanOrEqual(1200 - 364);
  });

  it('on a phone the sheet covers the lower part: the match goes above it', () => {
    const vp = revealBox(box, { x: 0, y: 0, zoom: 1 }, 390, 700, { right: 0, bottom: 393 })!;
    const bottom = (box.y + box.height) * vp.zoom + vp.y;
    expect(bottom).toBeLessThan(700 - 393);
    expect(box.x * vp.zoom + vp.x).toBeGreaterThanOrEqual(0);
  });
});
