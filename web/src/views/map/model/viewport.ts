/** The map's first viewport: the whole map when it fits at a readable zoom, else the entry points, readable. */
import type { MapLayout, Point } from './layout';
import { NODE_HEIGHT, NODE_WIDTH } from './layout';

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

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The box around the nodes `ids` (those placed), undefined when none is. */
export function boxOf(ids: Iterable<string>, positions: ReadonlyMap<string, Point>): Box | undefined {
  let left = Infinity;
  let top = Infinity;
  let right = -Infinity;
  let bottom = -Infinity;
  for (const id of ids) {
    const p = positions.get(id);
    if (!p) continue;
    left = Math.min(left, p.x);
    top = Math.min(top, p.y);
    right = Math.max(right, p.x + NODE_WIDTH);
    bottom = Math.max(bottom, p.y + NODE_HEIGHT);
  }
  return left === Infinity ? undefined : { x: left, y: top, width: right - left, height: bottom - top };
}

/** What the side panel covers: a column on the right of a wide canvas, a sheet at the bottom of a phone's. */
export interface Inset {
  right: number;
  bottom: number;
}

/**
 * The viewport that shows `box` whole in the part of the screen the side panel leaves free, centred there,
 * never zoomed in past 1 nor out past what the map allows.
 */
export function fitBox(
  box: Box,
  width: number,
  height: number,
  inset: Inset = { right: 0, bottom: 0 },
  minZoom = 0.04,
): Viewport {
  const pad = 24;
  const freeWidth = Math.max(120, width - inset.right);
  const freeHeight = Math.max(120, height - inset.bottom);
  const zoom = Math.max(
    minZoom,
    Math.min(1, (freeWidth - pad * 2) / box.width, (freeHeight - pad * 2) / box.height),
  );
  return {
    zoom,
    x: (freeWidth - box.width * zoom) / 2 - box.x * zoom,
    y: (freeHeight - box.height * zoom) / 2 - box.y * zoom,
  };
}

/**
 * The viewport that brings `box` (a search match) into the part of the screen the side panel leaves free:
 * undefined when it already is there at a readable zoom (the map then does not move); otherwise centred in
 * that part, at the current zoom but at least READABLE_ZOOM, and never so close the box does not fit.
 */
export function revealBox(
  box: Box,
  current: Viewport,
  width: number,
  height: number,
  inset: Inset = { right: 0, bottom: 0 },
): Viewport | undefined {
  const margin = 24;
  const freeWidth = Math.max(120, width - inset.right);
  const freeHeight = Math.max(120, height - inset.bottom);
  const left = box.x * current.zoom + current.x;
  const top = box.y * current.zoom + current.y;
  const inside =
    left >= margin &&
    top >= margin &&
    left + box.width * current.zoom <= freeWidth - margin &&
    top + box.height * current.zoom <= freeHeight - margin;
  if (inside && current.zoom >= READABLE_ZOOM) return undefined;
  const fits = Math.min((freeWidth - margin * 2) / box.width, (freeHeight - margin * 2) / box.height);
  const zoom = Math.min(Math.max(current.zoom, READABLE_ZOOM), 1, fits);
  return {
    zoom,
    x: (freeWidth - box.width * zoom) / 2 - box.x * zoom,
    y: (freeHeight - box.height * zoom) / 2 - box.y * zoom,
  };
}
