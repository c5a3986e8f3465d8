/** The map's first viewport: the whole map when it fits at a readable zoom, else the entry points, readable. */
import type { MapLayout } from './layout';

/** Below this zoom node text is unreadable: start there at the entry points instead of fitting everything. */
export const READABLE_ZOOM = 0.72;

export interface Viewport {
  x: number;
  y: number;
  zoom: number;
}

/** Fit when readable; otherwise READABLE_ZOOM anchored at the top-left (entry points first). */
export function initialViewport(layout: MapLayout, width: number, height: number): Viewport {
  const pad = 32;
  const left = -20; // band padding
  const top = -52; // band title
  const w = layout.width - left + 20;
  const h = layout.height - top + 20;
  const fit = Math.min((width - pad * 2) / w, (height - pad * 2) / h, 1.1);
  if (fit >= READABLE_ZOOM) {
    return { zoom: fit, x: (width - w * fit) / 2 - left * fit, y: pad - top * fit };
  }
  return { zoom: READABLE_ZOOM, x: pad - left * READABLE_ZOOM, y: 16 - top * READABLE_ZOOM };
}
