/**
 * What the map's canvases in flow coordinates (edges: EdgeCanvas; far-zoom blocks: NodeBlocks) share: the
 * screen they are drawn for, a backing store sized and cleared for a window, and the <canvas> itself inside
 * React Flow's viewport, so a pan moves it with the nodes and paints nothing.
 */
import { type ReactFlowState, ViewportPortal } from '@xyflow/react';
import { backingScale } from './model/canvas';
import { type Rect, visibleRect } from './model/edge-geometry';

/** The visible rectangle (flow coordinates) and the zoom. */
export interface Screen extends Rect {
  zoom: number;
}

export const selectScreen = (s: ReactFlowState): Screen => ({
  ...visibleRect(s.transform[0], s.transform[1], s.transform[2], s.width, s.height),
  zoom: s.transform[2],
});

/** Zoomed in by more than this since the last drawing, a canvas is drawn again at the new resolution. */
export const SHARPEN_AT = 1.25;

/**
 * The canvas's backing store sized for `frame` at `zoom` (cleared if the size did not change), with flow
 * coordinates set: the context to paint with and its pixels per flow unit.
 */
export function frameCanvas(
  canvas: HTMLCanvasElement,
  frame: Rect,
  zoom: number,
): { ctx: CanvasRenderingContext2D; scale: number } | undefined {
  const ctx = canvas.getContext('2d');
  if (!ctx) return undefined;
  const scale = backingScale(frame, zoom, globalThis.devicePixelRatio || 1);
  const width = Math.max(1, Math.round(frame.width * scale));
  const height = Math.max(1, Math.round(frame.height * scale));
  if (canvas.width !== width || canvas.height !== height) {
    canvas.width = width;
    canvas.height = height;
  } else {
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, width, height);
  }
  ctx.setTransform(scale, 0, 0, scale, -frame.x * scale, -frame.y * scale);
  return { ctx, scale };
}

/**
 * The <canvas> over `frame`, in the viewport. `onCanvas` is a state setter, not a ref: the portal mounts
 * the canvas after the owner's first render.
 */
export function FlowCanvas({
  className,
  frame,
  onCanvas,
}: {
  className: string;
  frame: Rect | undefined;
  onCanvas: (canvas: HTMLCanvasElement | null) => void;
}) {
  return (
    <ViewportPortal>
      <canvas
        ref={onCanvas}
        className={className}
        aria-hidden="true"
        style={
          frame && {
            transform: `translate(${frame.x}px, ${frame.y}px)`,
            width: frame.width,
            height: frame.height,
          }
        }
      />
    </ViewportPortal>
  );
}
