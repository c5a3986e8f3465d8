/**
 * Far-zoom blocks (model/blocks.ts) on one <canvas> in flow coordinates, over the window the nodes were
 * culled to, like the edges (EdgeCanvas.tsx): a pan moves it with the viewport and paints nothing. It is
 * painted again for a new window, new blocks or a new theme. For tests it says what it drew: data-blocks.
 */
import type { FluxState } from '@fluxscope/shared';
import { memo, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { type Block, paintBlocks } from './model/blocks';
import { NODE_MARGIN } from './model/cull';
import { grow } from './model/edge-geometry';
import { FlowCanvas, type Screen, frameCanvas } from './FlowCanvas';
import { readStateColours, useThemeVersion } from './useThemeVersion';

export const NodeBlocks = memo(function NodeBlocks({
  blocks,
  screen,
}: {
  blocks: readonly Block[];
  screen: Screen;
}) {
  const [canvas, setCanvas] = useState<HTMLCanvasElement | null>(null);
  const theme = useThemeVersion();
  // The state colours, read at the first painting after the theme changed (not at every new window).
  const colours = useRef<{ theme: number; colours: Record<FluxState, string> } | undefined>(undefined);
  const frame = useMemo(() => (screen.width > 0 ? grow(screen, NODE_MARGIN) : undefined), [screen]);

  useLayoutEffect(() => {
    const framed = canvas && frame ? frameCanvas(canvas, frame, screen.zoom) : undefined;
    if (!canvas || !framed) return;
    if (colours.current?.theme !== theme) colours.current = { theme, colours: readStateColours(canvas) };
    canvas.dataset['blocks'] = String(paintBlocks(framed.ctx, blocks, colours.current.colours));
  }, [canvas, blocks, frame, screen.zoom, theme]);

  return <FlowCanvas className="map-blocks" frame={frame} onCanvas={setCanvas} />;
});
