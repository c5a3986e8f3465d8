/**
 * The map's edges on one <canvas> in flow coordinates (inside React Flow's viewport, so a pan moves it with
 * the nodes and redraws nothing). It covers a window half a screen wider than the screen on every side and is
 * redrawn only when the screen leaves that window, zooms in past its resolution, or the edges, highlight or
 * theme change; each curve is cut to the window (model/edge-geometry.ts) and painted by model/edge-style.ts.
 * For tests it says what it drew: data-drawn (edge pieces) and data-lit (lit ones).
 */
import { useStore } from '@xyflow/react';
import { memo, useLayoutEffect, useMemo, useRef, useState } from 'react';
import {
  type ClippedCubic,
  type Cubic,
  type Rect,
  clipCubic,
  contains,
  edgeCurve,
  grow,
} from './model/edge-geometry';
import {
  EDGE_COLOUR_VARS,
  type EdgePalette,
  type EdgePiece,
  edgeStyle,
  paintEdges,
} from './model/edge-style';
import type { MapFlowEdge } from './model/flow';
import type { Point } from './model/layout';
import { FlowCanvas, SHARPEN_AT, type Screen, frameCanvas, selectScreen } from './FlowCanvas';
import { readVars, useThemeVersion } from './useThemeVersion';

/** How far (in screens) the drawn window reaches past each side of the screen. */
const WINDOW_MARGIN = 0.25;
/** Keep the previous window while the screen stays inside it and has not zoomed in past its resolution. */
const sameWindow = (previous: Screen, next: Screen): boolean =>
  next.width > 0 && contains(grow(previous, WINDOW_MARGIN), next) && next.zoom < previous.zoom * SHARPEN_AT;

interface Props {
  edges: readonly MapFlowEdge[];
  positions: ReadonlyMap<string, Point>;
  allLinks: boolean;
  /** A node is hovered or selected: edges it does not light are dimmed. */
  highlighted: boolean;
}

export const EdgeCanvas = memo(function EdgeCanvas({ edges, positions, allLinks, highlighted }: Props) {
  const screen = useStore(selectScreen, sameWindow);
  // A state, not a ref: the viewport portal mounts the canvas after this component's first render.
  const [canvas, setCanvas] = useState<HTMLCanvasElement | null>(null);
  const theme = useThemeVersion();
  // The theme's colours, read at the first drawing after the theme changed.
  const palette = useRef<{ theme: number; colours: EdgePalette } | undefined>(undefined);
  // Curves depend on the two positions only: a highlight change (new edge objects) reuses them.
  const curves = useRef({
    positions,
    byId: new Map<string, { source: Point; target: Point; curve: Cubic }>(),
  });
  if (curves.current.positions !== positions) curves.current = { positions, byId: new Map() };
  const curveOf = (edge: MapFlowEdge): Cubic | undefined => {
    const source = positions.get(edge.source);
    const target = positions.get(edge.target);
    if (!source || !target) return undefined;
    const known = curves.current.byId.get(edge.id);
    if (known && known.source === source && known.target === target) return known.curve;
    const curve = edgeCurve(source, target);
    curves.current.byId.set(edge.id, { source, target, curve });
    return curve;
  };
  // The drawn window (flow coordinates).
  const frame = useMemo(() => (screen.width > 0 ? grow(screen, WINDOW_MARGIN) : undefined), [screen]);
  // Clipped pieces per window, reused while only the highlight changes.
  const clipped = useRef<{
    frame?: Rect;
    positions?: ReadonlyMap<string, Point>;
    pieces: Map<string, ClippedCubic | null>;
  }>({ pieces: new Map() });
  const pieces = useMemo(() => {
    if (!frame) return [];
    if (clipped.current.frame !== frame || clipped.current.positions !== positions)
      clipped.current = { frame, positions, pieces: new Map() };
    const cache = clipped.current.pieces;
    const out: EdgePiece[] = [];
    for (const edge of edges) {
      const curve = curveOf(edge);
      if (!curve || !edge.data) continue;
      let piece = cache.get(edge.id);
      if (piece === undefined) {
        piece = clipCubic(curve, frame) ?? null;
        cache.set(edge.id, piece);
      }
      if (piece) out.push({ id: edge.id, ...piece, style: edgeStyle(edge.data, allLinks, highlighted) });
    }
    return out;
  }, [edges, positions, frame, allLinks, highlighted]); // eslint-disable-line react-hooks/exhaustive-deps

  useLayoutEffect(() => {
    const framed = canvas && frame ? frameCanvas(canvas, frame, screen.zoom) : undefined;
    if (!canvas || !framed) return;
    if (palette.current?.theme !== theme)
      palette.current = { theme, colours: readVars(canvas, EDGE_COLOUR_VARS) };
    const { drawn, lit } = paintEdges(framed.ctx, pieces, palette.current.colours, framed.scale);
    canvas.dataset['drawn'] = String(drawn);
    canvas.dataset['lit'] = String(lit);
  }, [canvas, pieces, theme, frame, screen.zoom]);

  return <FlowCanvas className="map-edges" frame={frame} onCanvas={setCanvas} />;
});
