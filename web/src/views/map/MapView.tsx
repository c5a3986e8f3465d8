/**
 * The map: shared buildGraph -> filter -> layout -> React Flow. All graph logic lives in ./model (pure,
 * tested); this component only wires state (URL filters, hover, selection) to <ReactFlow>.
 */
import '@xyflow/react/dist/base.css';
import './map.css';
import { buildGraph, type GraphModel } from '@fluxscope/shared';
import { Controls, type ReactFlowProps, ReactFlowProvider, useReactFlow } from '@xyflow/react';
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
import { useCluster, useFluxMemo } from '../../data/cluster-context';
import { navigate, useLocation } from '../../router/router';
import { hrefs } from '../../router/routes';
import { refFromKey, refKey, rootCause, tenantResolver } from '@fluxscope/shared';
import { nodeTypes } from './FluxNode';
import { BandHeaders } from './BandHeaders';
import { DotBackground } from './DotBackground';
import { EdgeCanvas } from './EdgeCanvas';
import { Legend } from './MapLegend';
import { MapMiniMap } from './MapMiniMap';
import { MapEmpty, MapNote } from './MapNotice';
import { MapToolbar } from './MapToolbar';
import { NodePanel } from './NodePanel';
import {
  facets,
  filterFromParams,
  filterGraph,
  filterToParams,
  hidesNodes,
  type MapFilter,
} from './model/filter';
import { matchCount } from './model/find';
import { type Expanded, useMapSearch } from './useMapSearch';
import { emptyFlowCache, type MapFlowNode, toFlowEdges, toFlowNodes } from './model/flow';
import { collapseGraph, groupKeys, groupingFor, isGroupId } from './model/groups';
import { chainOf, highlightFor, needsIndex } from './model/highlight';
import { isArrowKey, neighbourOf } from './model/keyboard';
import { focusMapNode } from './focus-node';
import { isFar } from './model/blocks';
import { CulledFlow } from './CulledFlow';
import { type MapLayout, NODE_WIDTH, layoutGraph } from './model/layout';
import { ownersMatching } from './model/search';
import { stabilize } from './model/stable';
import { sameStructure } from './model/structure';
import { waitLabels } from './model/waits';
import { type Inset, boxOf, fitBox, initialViewport } from './model/viewport';

/** The side panel's width plus its margins: what it covers on the right of a wide canvas. */
const PANEL_INSET = 364;
/** Below this canvas width the panel is a sheet over the map's lower part (map.css), not a column. */
const PANEL_SIDE_ABOVE = 720;
const panelInset = (width: number, height: number): Inset =>
  width > PANEL_SIDE_ABOVE ? { right: PANEL_INSET, bottom: 0 } : { right: 0, bottom: height * 0.55 + 8 };

/** Above this many nodes, only what is on or near the screen is rendered (model/cull.ts; bench/README.md figure 5). */
const VIRTUALIZE_ABOVE = 300;
/** Below this many nodes the whole map fits at a readable zoom, so no minimap is drawn. */
const MINIMAP_ABOVE = 120;
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

function MapCanvas() {
  const { search } = useLocation();
  const flow = useReactFlow();
  // The index keeps its identity as the cluster changes: memos below that read it also depend on `graph`
  // (rebuilt on Flux changes) or recompute on their own input.
  const { index } = useCluster();
  const canvas = useRef<HTMLDivElement>(null);

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
  const filterKey = ['ns', 'kind', 'status', 'q', 'only'].map(k => search.get(k) ?? '').join('|');
  const filter = useMemo(() => filterFromParams(search), [filterKey]); // eslint-disable-line react-hooks/exhaustive-deps
  // What removes nodes: the search text only with "only matches". Typing a search keeps the layout still.
  const hideKey = hidesNodes(filter)
    ? filterKey
    : ['ns', 'kind', 'status'].map(k => search.get(k) ?? '').join('|');
  // The search also reaches Flux objects through what they manage (a Deployment's name -> its HelmRelease).
  const viaOwned = useMemo(
    () =>
      filter.text
        ? ownersMatching(index.all(), filter.text, undefined, uid => index.getByUid(uid))
        : undefined,
    [index, filter.text],
  );
  const filtered = useMemo(() => filterGraph(graph, filter, viaOwned), [graph, filter, viaOwned]);
  // Big maps: grouped by namespace or applying Kustomization, collapsed groups drawn as one node per band
  // (model/groups.ts); above SUMMARY_ABOVE objects that is how the map opens. A focused object's group is
  // always open, so a deep link lands on the object itself.
  const focus = search.get('focus') ?? '';
  const groupParam = search.get('group') ?? '';
  const grouping = useMemo(() => groupingFor(filtered, groupParam), [filtered, groupParam]);
  // Tenants (shared's rule: the tenant label, the Namespace's, or what applied the object) are resolved
  // only while grouping by them, once per graph rebuild.
  const tenants = useMemo(() => {
    if (grouping !== 'tenant') return undefined;
    const of = tenantResolver(index);
    return new Map(graph.nodes.map(n => [n.id, of(n.ref)]));
  }, [grouping, index, graph]);
  const [expanded, setExpanded] = useState<Expanded>({ keys: new Set() });
  const openKeys = useMemo(() => {
    const keys = new Set(expanded.by === grouping ? expanded.keys : []);
    const focusKey = grouping && focus ? groupKeys(filtered, grouping, tenants).get(focus) : undefined;
    if (focusKey !== undefined) keys.add(focusKey);
    return keys;
  }, [expanded, grouping, focus, filtered, tenants]);
  const collapsed = useMemo(
    () =>
      grouping
        ? collapseGraph(filtered, grouping, openKeys, tenants)
        : { model: filtered, groups: new Map<string, never>(), folded: new Map<string, string>() },
    [filtered, grouping, openKeys, tenants],
  );
  const visible = collapsed.model;
  const toggleGroup = useCallback(
    (id: string) => {
      const key = collapsed.groups.get(id)?.key;
      if (key === undefined || !grouping) return;
      setExpanded(prev => {
        const keys = new Set(prev.by === grouping ? prev.keys : []);
        if (keys.has(key)) keys.delete(key);
        else keys.add(key);
        return { by: grouping, keys };
      });
    },
    [collapsed, grouping],
  );
  // A rebuild that only changed states keeps the previous shape: no relayout, same edges.
  const shape = useRef<GraphModel | undefined>(undefined);
  const structure = useMemo(() => {
    if (!shape.current || !sameStructure(shape.current, visible)) shape.current = visible;
    return shape.current;
  }, [visible]);
  // Positions stay where they were first drawn while the cluster changes (model/stable.ts); a new filter or
  // the "Re-layout" button starts from a fresh layout. Unfiltered, every band keeps room for what may come.
  const [relayouts, setRelayouts] = useState(0);
  const kept = useRef<{ key: string; layout: MapLayout } | undefined>(undefined);
  const layout = useMemo(() => {
    const key = `${hideKey}#${relayouts}#${grouping ?? ''}:${[...openKeys].sort().join(',')}`;
    const fresh = layoutGraph(structure, { reserve: !hidesNodes(filter) });
    const previous = kept.current?.key === key ? kept.current.layout : undefined;
    const next = stabilize(previous, fresh, structure.nodes);
    kept.current = { key, layout: next };
    return next;
  }, [structure, hideKey, filter, relayouts, grouping, openKeys]);
  const [allLinks, setAllLinks] = useState(false);
  const waits = useMemo(() => waitLabels(index, visible), [index, visible]);
  const needs = useMemo(() => needsIndex(structure.edges), [structure]);

  const [hovered, setHovered] = useState<string | undefined>();
  // While the map pans or zooms, nodes slide under a still pointer: hovering them then would relight the
  // whole map on every frame. The highlight stays as it was when the move started.
  const moving = useRef(false);
  const active = hovered ?? (focus && layout.positions.has(focus) ? focus : undefined);
  // The selected node's root cause stays bright (and inside the fitted chain) wherever it sits.
  const culprit = useMemo(() => {
    if (!focus || active !== focus) return undefined;
    const cause = rootCause(index, refFromKey(focus));
    return cause ? refKey(cause.culprit) : undefined;
  }, [index, graph, focus, active]); // eslint-disable-line react-hooks/exhaustive-deps
  const highlight = useMemo(
    () => (active ? highlightFor(needs, active, culprit) : undefined),
    [needs, active, culprit],
  );

  // Search (useMapSearch, model/find.ts): matches lit in place, stepped through in reading order.
  const { folded } = collapsed;
  const panelOpen = focus !== '' && graph.nodes.some(n => n.id === focus);
  const inset = useCallback(
    (width: number, height: number) => (panelOpen ? panelInset(width, height) : { right: 0, bottom: 0 }),
    [panelOpen],
  );
  const { found, current, marks, step } = useMapSearch({
    model: filtered,
    text: filter.text,
    viaOwned,
    layout,
    groups: collapsed.groups,
    folded,
    grouping,
    setExpanded,
    canvas,
    flow,
    inset,
  });

  const cache = useRef(emptyFlowCache());
  const nodes = useMemo(
    () => toFlowNodes(visible, layout, highlight, cache.current, waits, collapsed.groups, marks),
    [visible, layout, highlight, waits, collapsed, marks],
  );
  const edges = useMemo(
    () => toFlowEdges(structure, highlight, cache.current, marks),
    [structure, highlight, marks],
  );

  const setFilter = useCallback(
    (next: MapFilter) =>
      navigate(
        hrefs.map({ ...filterToParams(next), focus: focus || undefined, group: groupParam || undefined }),
        { replace: true },
      ),
    [focus, groupParam],
  );
  const setGrouping = (next: string) =>
    navigate(hrefs.map({ ...filterToParams(filter), focus: focus || undefined, group: next || undefined }), {
      replace: true,
    });
  // Focus set from outside the map (deep link, "highlight on map") is centred once; a click in the map is not.
  const centred = useRef('');
  const select = useCallback(
    (id: string | undefined) => {
      if (id) centred.current = id;
      navigate(hrefs.map({ ...filterToParams(filter), focus: id, group: groupParam || undefined }), {
        replace: true,
      });
    },
    [filter, groupParam],
  );

  // First view: fit the whole map if it stays readable, else start at the entry points (top left).
  // Placed again whenever the filters change, so a filtered map is never left off-screen.
  const placedFor = useRef<string | undefined>(undefined);
  useEffect(() => {
    const box = canvas.current?.getBoundingClientRect();
    if (placedFor.current === hideKey || !box || box.width === 0 || layout.positions.size === 0) return;
    if (focus && placedFor.current === undefined) {
      placedFor.current = hideKey; // a deep-linked focus is centred by the effect below instead
      return;
    }
    placedFor.current = hideKey;
    void flow.setViewport(initialViewport(layout, box.width, box.height));
  }, [layout, focus, flow, hideKey]);

  // Fit a focused node's chain (deep link, "highlight on map", the panel's "Show chain"): from the root and
  // its sources to the culprit, in the part of the canvas the side panel leaves free.
  const fitChain = useCallback(
    (id: string) => {
      const box = canvas.current?.getBoundingClientRect();
      const chain = boxOf(chainOf(highlightFor(needs, id, culprit)), layout.positions);
      if (!box || !chain) return;
      void flow.setViewport(fitBox(chain, box.width, box.height, panelInset(box.width, box.height)), {
        duration: 300,
      });
    },
    [needs, culprit, layout, flow],
  );
  useEffect(() => {
    if (!focus || !layout.positions.has(focus)) return;
    if (centred.current !== focus) {
      centred.current = focus;
      fitChain(focus);
      return;
    }
    // Selected by a click: only make sure the panel does not cover it.
    const box = canvas.current?.getBoundingClientRect();
    const p = layout.positions.get(focus);
    if (!box || !p) return;
    const { x, y, zoom } = flow.getViewport();
    const right = (p.x + NODE_WIDTH) * zoom + x;
    const inset = panelInset(box.width, box.height);
    const free = box.width - inset.right - 16;
    if (inset.right > 0 && right > free)
      void flow.setViewport({ x: x - (right - free), y, zoom }, { duration: 200 });
  }, [focus, layout, fitChain, flow]);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const id = (event.target as HTMLElement).closest?.('.react-flow__node')?.getAttribute('data-id');
    if (event.key === 'Escape') select(undefined);
    if (!id) return;
    if (isArrowKey(event.key)) {
      // Arrow keys walk between nodes (React Flow would move them; here they do not move).
      event.preventDefault();
      const next = neighbourOf(layout.positions, id, event.key);
      const at = next ? layout.positions.get(next) : undefined;
      if (next && at && canvas.current) focusMapNode(canvas.current, flow, next, at);
      return;
    }
    if (isGroupId(id)) {
      if (event.key === 'Enter' || event.key === ' ') {
        event.preventDefault();
        toggleGroup(id);
      }
      return;
    }
    if (event.key === 'Enter') navigate(hrefs.object(refFromKey(id)));
    if (event.key === ' ') {
      event.preventDefault();
      select(id === focus ? undefined : id);
    }
  };

  // Stable handlers: a new function per render made React Flow update its store (and re-render every
  // node on screen) each time the cluster changed, i.e. up to 20 times a second.
  const latest = useRef({ select, focus, toggleGroup });
  useLayoutEffect(() => {
    latest.current = { select, focus, toggleGroup };
  });
  const clickNode = useCallback(
    (id: string) =>
      isGroupId(id)
        ? latest.current.toggleGroup(id)
        : latest.current.select(id === latest.current.focus ? undefined : id),
    [],
  );
  const handlers = useMemo<FlowHandlers>(
    () => ({
      onNodeClick: (_, node) => clickNode(node.id),
      onNodeDoubleClick: (_, node) => isGroupId(node.id) || navigate(hrefs.object(refFromKey(node.id))),
      onNodeMouseEnter: (_, node) => moving.current || setHovered(node.id),
      onNodeMouseLeave: () => moving.current || setHovered(undefined),
      onPaneClick: () => latest.current.select(undefined),
      onMoveStart: () => {
        moving.current = true;
        markMoving(canvas.current, true);
      },
      onMoveEnd: event => {
        moving.current = false;
        markMoving(canvas.current, false);
        // Whatever is under the pointer now is what it hovers.
        const target = event && 'target' in event ? event.target : null;
        const under = target instanceof Element ? target.closest('.react-flow__node') : null;
        setHovered(under?.getAttribute('data-id') ?? undefined);
      },
      onMove: (_, viewport) => markZoom(canvas.current, viewport.zoom),
    }),
    [clickNode],
  );

  const { namespaces, kinds } = useMemo(() => facets(graph), [graph]);
  const selectedNode = focus ? graph.nodes.find(n => n.id === focus) : undefined;

  if (graph.nodes.length === 0) {
    return (
      <EmptyState title="No Flux objects yet" icon="◇" level={1}>
        <p>
          Nothing to draw: no Kustomizations, HelmReleases or sources are visible to Fluxscope. They appear
          here live as soon as they are created.
        </p>
      </EmptyState>
    );
  }

  return (
    <div className="map">
      <h1 className="visually-hidden">Map</h1>
      <MapToolbar
        filter={filter}
        onChange={setFilter}
        namespaces={namespaces}
        kinds={kinds}
        shown={filtered.nodes.length}
        total={graph.nodes.length}
        grouping={grouping}
        groupParam={groupParam}
        onGrouping={setGrouping}
        groups={collapsed.groups.size}
        openGroups={expanded.by === grouping ? expanded.keys.size : 0}
        onCollapseAll={() => setExpanded({ keys: new Set() })}
        search={{ count: matchCount(found, current), matches: found.matches.length, onStep: step }}
      />
      {filtered.nodes.length > 0 && (
        <MapNote
          search={found.text && (filter.text?.trim() ?? '')}
          matches={found.matches.length}
          noTenants={tenants !== undefined && ![...tenants.values()].some(Boolean)}
          onClearSearch={() => setFilter({ ...filter, text: '', only: false })}
        />
      )}
      <div
        className="map__canvas"
        ref={canvas}
        onKeyDown={onKeyDown}
        // Under a highlight every node outside it is dimmed (map.css): one attribute, not a class on each node.
        data-highlight={highlight ? '' : undefined}
      >
        <CulledFlow
          nodes={nodes}
          cull={nodes.length > VIRTUALIZE_ABOVE}
          highlighted={highlight !== undefined}
          onBlockClick={clickNode}
          nodeTypes={nodeTypes}
          {...handlers}
          nodesDraggable={false}
          nodesConnectable={false}
          elementsSelectable={false}
          nodesFocusable
          edgesFocusable={false}
          minZoom={0.04}
          maxZoom={2}
          proOptions={PRO_OPTIONS}
          aria-label="Map of Flux objects"
        >
          <BandHeaders bands={layout.bands} />
          <EdgeCanvas
            edges={edges}
            positions={layout.positions}
            allLinks={allLinks}
            highlighted={highlight !== undefined}
          />
          <DotBackground />
          <Controls showInteractive={false} position="bottom-left" />
          {/* A seed-sized map fits the screen whole, and the minimap would only cover its last column. */}
          {nodes.length > MINIMAP_ABOVE && <MapMiniMap nodes={visible.nodes} positions={layout.positions} />}
        </CulledFlow>
        <Legend
          allLinks={allLinks}
          onAllLinks={setAllLinks}
          onRelayout={() => {
            setRelayouts(n => n + 1);
            placedFor.current = 'relayout';
          }}
        />
        {filtered.nodes.length === 0 && <MapEmpty onClearFilters={() => setFilter({})} />}
        {selectedNode && (
          <NodePanel
            node={selectedNode}
            match={found.byId.get(selectedNode.id)}
            searchText={filter.text?.trim() ?? ''}
            onClose={() => select(undefined)}
            onShowChain={() => fitChain(selectedNode.id)}
          />
        )}
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
  const far = isFar(zoom) ? 'far' : 'near';
  if (element.dataset['zoom'] !== far) element.dataset['zoom'] = far;
}

/**
 * While the map pans or zooms, its viewport is a layer of its own (map.css), so a pan frame moves pixels
 * already drawn instead of repainting every node. Only while moving: a layer that keeps `will-change:
 * transform` is not redrawn at a new zoom, and text would stay blurred after zooming.
 */
function markMoving(element: HTMLElement | null, moving: boolean): void {
  if (!element) return;
  if (moving) element.dataset['moving'] = '';
  else delete element.dataset['moving'];
}
