import { describe, expect, it } from 'vitest';
import { referenceLike, synthetic } from './fixtures';
import { layoutGraph } from './layout';
import { READABLE_ZOOM, initialViewport } from './viewport';

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
