/**
 * The map's edges, drawn by us instead of React Flow: one <svg> in flow coordinates holding, for each edge,
 * only the piece of its curve inside a window around the screen (model/edge-geometry.ts). The window is
 * half a screen wider than the screen on every side and is recomputed only when the screen leaves it, so a
 * pan re-renders nothing most frames and repaints short curves, not ~1,400 whole ones in ~1,400 <svg>s.
 */
import { type ReactFlowState, ViewportPortal, useStore } from '@xyflow/react';
import { memo, useMemo } from 'react';
import { type Rect, clipCurve, contains, edgeCurve, grow, visibleRect } from './model/edge-geometry';
import type { MapFlowEdge } from './model/flow';
import type { Point } from './model/layout';

/** How far (in screens) the drawn window reaches past each side of the screen. */
const WINDOW_MARGIN = 0.5;

const selectScreen = (s: ReactFlowState): Rect =>
  visibleRect(s.transform[0], s.transform[1], s.transform[2], s.width, s.height);

/** Keep the previous window while the screen stays inside it and has not zoomed in much (window too big). */
const sameWindow = (previous: Rect, next: Rect): boolean =>
  next.width > 0 && contains(grow(previous, WINDOW_MARGIN), next) && next.width * 2 > previous.width;

interface Props {
  edges: readonly MapFlowEdge[];
  positions: ReadonlyMap<string, Point>;
}

export const EdgeLayer = memo(function EdgeLayer({ edges, positions }: Props) {
  const screen = useStore(selectScreen, sameWindow);
  const curves = useMemo(
    () =>
      edges.flatMap(edge => {
        const source = positions.get(edge.source);
        const target = positions.get(edge.target);
        return source && target ? [{ edge, curve: edgeCurve(source, target) }] : [];
      }),
    [edges, positions],
  );
  const drawn = useMemo(() => {
    if (screen.width === 0) return [];
    const window = grow(screen, WINDOW_MARGIN);
    return curves.flatMap(({ edge, curve }) => {
      const piece = clipCurve(curve, window);
      return piece ? [{ edge, piece }] : [];
    });
  }, [curves, screen]);
  return (
    <ViewportPortal>
      <svg className="map-edges" aria-hidden="true">
        {/* dependsOn arrowheads at the dependent's end; a dimmed edge gets a dimmed head (CSS marker-end). */}
        <defs>
          {['map-arrow', 'map-arrow-lit', 'map-arrow-dim'].map(id => (
            <marker
              key={id}
              id={id}
              className={id}
              viewBox="0 0 10 10"
              refX="9"
              refY="5"
              markerWidth="6"
              markerHeight="6"
              markerUnits="strokeWidth"
              orient="auto"
            >
              <path d="M0,1 L9,5 L0,9 z" />
            </marker>
          ))}
        </defs>
        {drawn.map(({ edge, piece }) => (
          <g key={edge.id} className={edge.className} data-id={edge.id}>
            <path
              className="react-flow__edge-path"
              d={piece.d}
              style={piece.dashOffset ? { strokeDashoffset: piece.dashOffset } : undefined}
            />
          </g>
        ))}
      </svg>
    </ViewportPortal>
  );
});
