/**
 * The map: shared buildGraph -> filter -> layout -> React Flow. All graph logic lives in ./model (pure,
 * tested); this component only wires state (URL filters, hover, selection) to <ReactFlow>.
 */
import '@xyflow/react/dist/base.css';
import './map.css';
import { buildGraph, type GraphModel } from '@fluxscope/shared';
import {
  Background,
  BackgroundVariant,
  Controls,
  MiniMap,
  type Node,
  ReactFlow,
  type ReactFlowProps,
  ReactFlowProvider,
  useReactFlow,
} from '@xyflow/react';
import {
  type KeyboardEvent,
  useCallback,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import { EmptyState } from '../../components/EmptyState';
import { useFluxMemo } from '../../data/cluster-context';
import { navigate, useLocation } from '../../router/router';
import { hrefs } from '../../router/routes';
import { refFromKey } from '@fluxscope/shared';
import { nodeTypes } from './FluxNode';
import { BandHeaders } from './BandHeaders';
import { EdgeLayer } from './EdgeLayer';
import { MapToolbar } from './MapToolbar';
import { NodePanel } from './NodePanel';
import { facets, filterFromParams, filterGraph, filterToParams, type MapFilter } from './model/filter';
import { emptyFlowCache, type MapFlowNode, toFlowEdges, toFlowNodes } from './model/flow';
import { highlightFor, needsIndex } from './model/highlight';
import { NODE_HEIGHT, NODE_WIDTH, layoutGraph } from './model/layout';
import { sameStructure } from './model/structure';
import { initialViewport } from './model/viewport';

/** Above this many nodes, only what is on screen is rendered (map budgets, bench/README.md figure 5). */
const VIRTUALIZE_ABOVE = 300;
/** Below this many nodes the whole map fits at a readable zoom, so no minimap is drawn. */
const MINIMAP_ABOVE = 120;
/** Below this zoom nodes are drawn as blocks without text. */
const FAR_ZOOM = 0.35;
/** Graphs bigger than this are rebuilt about once a second while changes stream in (nodes follow their status live). */
const THROTTLE_ABOVE = 400;

export default function MapView() {
  return (
    <ReactFlowProvider>
      <MapCanvas />
    </ReactFlowProvider>
  );
}

const PRO_OPTIONS = { hideAttribution: true };

type FlowHandlers = Pick<
  ReactFlowProps<MapFlowNode>,
  | 'onNodeClick'
  | 'onNodeDoubleClick'
  | 'onNodeMouseEnter'
  | 'onNodeMouseLeave'
  | 'onPaneClick'
  | 'onMoveStart'
  | 'onMoveEnd'
  | 'onMove'
>;

const minimapClass = (node: Node) => `st-${(node as MapFlowNode).data.node.state}`;

function MapCanvas() {
  const { search } = useLocation();
  const flow = useReactFlow();

  // On a big cluster a stream of changes would rebuild the graph every frame. Nodes follow their own
  // object's status live (FluxNode), so the rebuild is for structure, the minimap and the panel: about once
  // a second is enough, and the interval adapts to what a rebuild costs here (a tenth of the main thread).
  const cost = useRef({ nodes: 0, ms: 0 });
  const interval =
    cost.current.nodes > THROTTLE_ABOVE ? Math.min(2000, Math.max(1000, cost.current.ms * 10)) : 0;
  const graph = useFluxMemo(
    index => {
      const started = performance.now();
      const built = buildGraph(index);
      cost.current = { nodes: built.nodes.length, ms: performance.now() - started };
      return built;
    },
    [],
    { throttleMs: interval },
  );
  const filterKey = ['ns', 'kind', 'status', 'q'].map(k => search.get(k) ?? '').join('|');
  const filter = useMemo(() => filterFromParams(search), [filterKey]); // eslint-disable-line react-hooks/exhaustive-deps
  const visible = useMemo(() => filterGraph(graph, filter), [graph, filter]);
  // A rebuild that only changed states keeps the previous shape: no relayout, same edges.
  const shape = useRef<GraphModel | undefined>(undefined);
  const structure = useMemo(() => {
    if (!shape.current || !sameStructure(shape.current, visible)) shape.current = visible;
    return shape.current;
  }, [visible]);
  const layout = useMemo(() => layoutGraph(structure), [structure]);
  const needs = useMemo(() => needsIndex(structure.edges), [structure]);

  const focus = search.get('focus') ?? '';
  const [hovered, setHovered] = useState<string | undefined>();
  // While the map pans or zooms, nodes slide under a still pointer: hovering them then would relight the
  // whole map on every frame. The highlight stays as it was when the move started.
  const moving = useRef(false);
  const active = hovered ?? (focus && layout.positions.has(focus) ? focus : undefined);
  const highlight = useMemo(() => (active ? highlightFor(needs, active) : undefined), [needs, active]);

  const cache = useRef(emptyFlowCache());
  const nodes = useMemo(
    () => toFlowNodes(visible, layout, highlight, cache.current),
    [visible, layout, highlight],
  );
  const edges = useMemo(() => toFlowEdges(structure, highlight, cache.current), [structure, highlight]);

  const setFilter = useCallback(
    (next: MapFilter) =>
      navigate(hrefs.map({ ...filterToParams(next), focus: focus || undefined }), { replace: true }),
    [focus],
  );
  // Focus set from outside the map (deep link, "highlight on map") is centred once; a click in the map is not.
  const centred = useRef('');
  const select = useCallback(
    (id: string | undefined) => {
      if (id) centred.current = id;
      navigate(hrefs.map({ ...filterToParams(filter), focus: id }), { replace: true });
    },
    [filter],
  );

  // First view: fit the whole map if it stays readable, else start at the entry points (top left).
  const canvas = useRef<HTMLDivElement>(null);
  // Placed again whenever the filters change, so a filtered map is never left off-screen.
  const placedFor = useRef<string | undefined>(undefined);
  useEffect(() => {
    const box = canvas.current?.getBoundingClientRect();
    if (placedFor.current === filterKey || !box || box.width === 0 || layout.positions.size === 0) return;
    if (focus && placedFor.current === undefined) {
      placedFor.current = filterKey; // a deep-linked focus is centred by the effect below instead
      return;
    }
    placedFor.current = filterKey;
    void flow.setViewport(initialViewport(layout, box.width, box.height));
  }, [layout, focus, flow, filterKey]);

  // Bring a focused node (deep link, "highlight on map") into view once it exists.
  useEffect(() => {
    if (!focus || centred.current === focus) return;
    const position = layout.positions.get(focus);
    if (!position) return;
    centred.current = focus;
    void flow.setCenter(position.x + NODE_WIDTH / 2, position.y + NODE_HEIGHT / 2, {
      zoom: 1,
      duration: 300,
    });
  }, [focus, layout, flow]);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const id = (event.target as HTMLElement).closest?.('.react-flow__node')?.getAttribute('data-id');
    if (event.key === 'Escape') select(undefined);
    if (!id) return;
    if (event.key === 'Enter') navigate(hrefs.object(refFromKey(id)));
    if (event.key === ' ') {
      event.preventDefault();
      select(id === focus ? undefined : id);
    }
  };

  // Stable handlers: a new function per render made React Flow update its store (and re-render every
  // node on screen) each time the cluster changed, i.e. up to 20 times a second.
  const latest = useRef({ select, focus });
  useLayoutEffect(() => {
    latest.current = { select, focus };
  });
  const handlers = useMemo<FlowHandlers>(
    () => ({
      onNodeClick: (_, node) => latest.current.select(node.id === latest.current.focus ? undefined : node.id),
      onNodeDoubleClick: (_, node) => navigate(hrefs.object(refFromKey(node.id))),
      onNodeMouseEnter: (_, node) => moving.current || setHovered(node.id),
      onNodeMouseLeave: () => moving.current || setHovered(undefined),
      onPaneClick: () => latest.current.select(undefined),
      onMoveStart: () => {
        moving.current = true;
      },
      onMoveEnd: event => {
        moving.current = false;
        // Whatever is under the pointer now is what it hovers.
        const target = event && 'target' in event ? event.target : null;
        const under = target instanceof Element ? target.closest('.react-flow__node') : null;
        setHovered(under?.getAttribute('data-id') ?? undefined);
      },
      onMove: (_, viewport) => markZoom(canvas.current, viewport.zoom),
    }),
    [],
  );

  const { namespaces, kinds } = useMemo(() => facets(graph), [graph]);
  const selectedNode = focus ? graph.nodes.find(n => n.id === focus) : undefined;

  if (graph.nodes.length === 0) {
    return (
      <EmptyState title="No Flux objects yet" icon="◇">
        <p>
          Nothing to draw: no Kustomizations, HelmReleases or sources are visible to Fluxscope. They appear
          here live as soon as they are created.
        </p>
      </EmptyState>
    );
  }

  return (
    <div className="map">
      <MapToolbar
        filter={filter}
        onChange={setFilter}
        namespaces={namespaces}
        kinds={kinds}
        shown={visible.nodes.length}
        total={graph.nodes.length}
      />
      <div className="map__canvas" ref={canvas} onKeyDown={onKeyDown}>
        <ReactFlow
          nodes={nodes}
          nodeTypes={nodeTypes}
          {...handlers}
          nodesDraggable={false}
          nodesConnectable={false}
          elementsSelectable={false}
          nodesFocusable
          edgesFocusable={false}
          onlyRenderVisibleElements={nodes.length > VIRTUALIZE_ABOVE}
          minZoom={0.04}
          maxZoom={2}
          proOptions={PRO_OPTIONS}
          aria-label="Map of Flux objects"
        >
          <BandHeaders bands={layout.bands} />
          <EdgeLayer edges={edges} positions={layout.positions} />
          <Background variant={BackgroundVariant.Dots} gap={20} size={1.2} color="var(--canvas-dot)" />
          <Controls showInteractive={false} position="bottom-left" />
          {/* A seed-sized map fits the screen whole, and the minimap would only cover its last column. */}
          {nodes.length > MINIMAP_ABOVE && (
            <MiniMap
              pannable
              zoomable
              nodeClassName={minimapClass}
              nodeBorderRadius={4}
              maskColor="var(--minimap-mask)"
              ariaLabel="Minimap"
              position="bottom-right"
            />
          )}
        </ReactFlow>
        <Legend />
        {selectedNode && <NodePanel node={selectedNode} onClose={() => select(undefined)} />}
      </div>
    </div>
  );
}

/**
 * Zoomed far out, names are unreadable anyway: nodes become plain state-coloured blocks (CSS), which keeps
 * thousands of them cheap to paint. Set on the DOM directly so zooming never re-renders React.
 */
function markZoom(element: HTMLElement | null, zoom: number): void {
  if (!element) return;
  const far = zoom < FAR_ZOOM ? 'far' : 'near';
  if (element.dataset['zoom'] !== far) element.dataset['zoom'] = far;
}

function Legend() {
  return (
    <div className="map-legend" aria-label="Edge legend">
      <span>
        <svg width="28" height="8" aria-hidden="true">
          <line x1="0" y1="4" x2="28" y2="4" className="legend-line legend-line--parent" />
        </svg>
        applies
      </span>
      <span>
        <svg width="28" height="8" aria-hidden="true">
          <line x1="0" y1="4" x2="28" y2="4" className="legend-line legend-line--dependsOn" />
        </svg>
        runs before (dependsOn)
      </span>
      <span>
        <svg width="28" height="8" aria-hidden="true">
          <line x1="0" y1="4" x2="28" y2="4" className="legend-line legend-line--uses-source" />
        </svg>
        uses source
      </span>
    </div>
  );
}
