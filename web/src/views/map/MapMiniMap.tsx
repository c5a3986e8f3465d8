/**
 * The minimap, in place of React Flow's <MiniMap>: that one is an SVG of every node whose viewBox and mask
 * change on every pan frame, so each frame repainted thousands of rectangles (10,000 on the biggest maps).
 * Here the nodes are painted once on a canvas (again when the graph or the theme changes) and only the
 * screen's rectangle moves, set on the DOM from the store. A click or drag centres the map on that point,
 * the wheel zooms. It takes the graph's nodes and their positions, not React Flow's nodes: those are new
 * objects whenever a hover or a search changes a node's emphasis, and each would repaint the minimap.
 */
import { type GraphNode, STATES_WORST_FIRST } from '@fluxscope/shared';
import { Panel, type ReactFlowState, useReactFlow, useStoreApi } from '@xyflow/react';
import { type PointerEvent, memo, useEffect, useLayoutEffect, useMemo, useRef } from 'react';
import { visibleRect } from './model/edge-geometry';
import { NODE_HEIGHT, NODE_WIDTH, type Point } from './model/layout';
import { fromMinimap, minimapFrame, nodesBox, toMinimap } from './model/minimap';
import { readStateColours, useThemeVersion } from './useThemeVersion';

const WIDTH = 200;
const HEIGHT = 150;

export const MapMiniMap = memo(function MapMiniMap({
  nodes,
  positions,
}: {
  nodes: readonly GraphNode[];
  positions: ReadonlyMap<string, Point>;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const screen = useRef<HTMLDivElement>(null);
  const store = useStoreApi();
  const flow = useReactFlow();
  const theme = useThemeVersion();
  const placed = useMemo(
    () => nodes.map(n => ({ state: n.state, at: positions.get(n.id) ?? { x: 0, y: 0 } })),
    [nodes, positions],
  );
  const frame = useMemo(() => {
    const box = nodesBox(placed.map(n => n.at));
    return box && minimapFrame(box, WIDTH, HEIGHT);
  }, [placed]);

  useLayoutEffect(() => {
    const element = canvas.current;
    const ctx = element?.getContext('2d');
    if (!element || !ctx || !frame) return;
    const density = globalThis.devicePixelRatio || 1;
    element.width = WIDTH * density;
    element.height = HEIGHT * density;
    ctx.setTransform(density, 0, 0, density, 0, 0);
    const colours = readStateColours(element);
    const width = Math.max(1, NODE_WIDTH * frame.scale);
    const height = Math.max(1, NODE_HEIGHT * frame.scale);
    for (const state of STATES_WORST_FIRST) {
      ctx.fillStyle = colours[state];
      ctx.beginPath();
      for (const node of placed) {
        if (node.state !== state) continue;
        ctx.rect(frame.x + node.at.x * frame.scale, frame.y + node.at.y * frame.scale, width, height);
      }
      ctx.fill();
    }
  }, [placed, frame, theme]);

  // The screen's rectangle follows every pan frame without a render.
  useEffect(() => {
    const place = (s: ReactFlowState) => {
      const style = screen.current?.style;
      if (!style || !frame || s.width === 0) return;
      const r = toMinimap(
        frame,
        visibleRect(s.transform[0], s.transform[1], s.transform[2], s.width, s.height),
      );
      // A pan changes the transform only (a layer moved, nothing repainted); a zoom resizes it.
      style.transform = `translate(${r.x}px, ${r.y}px)`;
      const width = `${r.width}px`;
      const height = `${r.height}px`;
      if (style.width !== width) style.width = width;
      if (style.height !== height) style.height = height;
    };
    place(store.getState());
    return store.subscribe(place);
  }, [store, frame]);

  // The wheel zooms the map (a native listener: React's wheel listeners are passive and cannot stop scrolling).
  useEffect(() => {
    const element = canvas.current?.parentElement;
    if (!element) return;
    const wheel = (event: WheelEvent) => {
      event.preventDefault();
      void flow.zoomTo(flow.getZoom() * (event.deltaY < 0 ? 1.2 : 1 / 1.2));
    };
    element.addEventListener('wheel', wheel, { passive: false });
    return () => element.removeEventListener('wheel', wheel);
  }, [flow]);

  const centre = (event: PointerEvent<HTMLDivElement>) => {
    if (!frame) return;
    const box = event.currentTarget.getBoundingClientRect();
    const at = fromMinimap(frame, event.clientX - box.left, event.clientY - box.top);
    void flow.setCenter(at.x, at.y, { zoom: flow.getZoom() });
  };

  return (
    <Panel position="bottom-right" className="map-minimap">
      <div
        className="map-minimap__body"
        onPointerDown={event => {
          event.currentTarget.setPointerCapture(event.pointerId);
          centre(event);
        }}
        onPointerMove={event => {
          if (event.currentTarget.hasPointerCapture(event.pointerId)) centre(event);
        }}
      >
        <canvas ref={canvas} role="img" aria-label="Minimap" style={{ width: WIDTH, height: HEIGHT }} />
        <div ref={screen} className="map-minimap__screen" aria-hidden="true" />
      </div>
    </Panel>
  );
});
