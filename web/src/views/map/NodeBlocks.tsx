/**
 * Far-zoom blocks (model/blocks.ts) on one <canvas> in flow coordinates, over the window the nodes were
 * culled to, like the edges (EdgeCanvas.tsx): a pan moves it with the viewport and paints nothing. It is
 * painted again for a new window, new blocks or a new theme. For tests it says what it drew: data-blocks.
 */
import { ViewportPortal } from '@xyflow/react';
import { memo, useLayoutEffect, useMemo, useState } from 'react';
import { type Block, paintBlocks } from './model/blocks';
import { backingScale } from './model/canvas';
import { NODE_MARGIN } from './model/cull';
import { type Rect, grow } from './model/edge-geometry';
import { readStateColours, useThemeVersion } from './useThemeVersion';

export interface Screen extends Rect {
  zoom: number;
}

export const NodeBlocks = memo(function NodeBlocks({
  blocks,
  screen,
}: {
  blocks: readonly Block[];
  screen: Screen;
}) {
  // A state, not a ref: the viewport portal mounts the canvas after this component's first render.
  const [canvas, setCanvas] = useState<HTMLCanvasElement | null>(null);
  const theme = useThemeVersion();
  const frame = useMemo(() => (screen.width > 0 ? grow(screen, NODE_MARGIN) : undefined), [screen]);

  useLayoutEffect(() => {
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx || !frame) return;
    const scale = backingScale(frame, screen.zoom, globalThis.devicePixelRatio || 1);
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
    canvas.dataset['blocks'] = String(paintBlocks(ctx, blocks, readStateColours(canvas)));
  }, [canvas, blocks, frame, screen.zoom, theme]);

  return (
    <ViewportPortal>
      <canvas
        ref={setCanvas}
        className="map-blocks"
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
});
