/** The map's canvases (edges, far-zoom blocks): how many backing pixels one covering a window gets. */
import type { Rect } from './edge-geometry';

/** Backing store cap (pixels): a 2x-screen window on a high-density display would otherwise take ~80 MB. */
export const MAX_PIXELS = 12_000_000;

/**
 * Pixels per flow unit for a canvas covering `frame` (flow coordinates) at `zoom`: the screen's resolution,
 * lowered when the backing store would pass `maxPixels`.
 */
export function backingScale(frame: Rect, zoom: number, density: number, maxPixels = MAX_PIXELS): number {
  const scale = zoom * density;
  const area = frame.width * frame.height * scale * scale;
  return area > maxPixels ? scale * Math.sqrt(maxPixels / area) : scale;
}
