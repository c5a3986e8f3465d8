/**
 * GraphModel + layout + highlight -> React Flow nodes and edges. Objects are reused from the previous call
 * when nothing about them changed, so React Flow and the memoized node components skip them: a status
 * change in a 2,000-node map re-renders one node, not 2,000.
 */
import type { GraphEdge, GraphModel, GraphNode } from '@fluxscope/shared';
import { STATE_PHRASES } from '@fluxscope/shared';
import { type Edge, type Node, type NodeHandle, Position } from '@xyflow/react';
import type { MapSearch, MatchMark } from './find';
import { matchMarkOf, viaText } from './find';
import type { MapGroup } from './groups';
import type { HighlightSet, NodeEmphasis } from './highlight';
import { emphasisOf } from './highlight';
import type { MapLayout } from './layout';
import { NODE_HEIGHT, NODE_WIDTH } from './layout';

export interface MapNodeData extends Record<string, unknown> {
  node: GraphNode;
  /**
   * The node's part in the highlight, or 'dim' for a node a search leaves out. Never 'dim' under a highlight:
   * then every node outside it is dimmed by the map (MapView's data-highlight, map.css), so hovering a node
   * changes the few nodes it lights, not all of them.
   */
  emphasis: NodeEmphasis;
  /** For a waiting node: what it waits for (model/waits.ts). */
  waits?: string;
  /** For a collapsed group's node (model/groups.ts): the group. */
  group?: MapGroup;
  /** While a search is active (model/find.ts): how this node stands in it. */
  match?: MatchMark;
  /** "via Deployment tenants/app-1": the managed object a match was found through. */
  via?: string;
  /** For a collapsed group: how many search matches it holds. */
  groupMatches?: number;
}

/** A search's marks for the nodes on screen: the search, what stands for its current match, per-group counts. */
export interface SearchMarks {
  search: MapSearch;
  current: string | undefined;
  perGroup: ReadonlyMap<string, number>;
}

export type MapFlowNode = Node<MapNodeData, 'flux'>;
/**
 * How an edge is drawn (model/edge-style.ts): its relation, whether its far end is missing, and whether the
 * highlight lights it (the others are dimmed by the map while there is a highlight, as nodes are).
 */
export interface MapEdgeData extends Record<string, unknown> {
  type: GraphEdge['type'];
  dangling: boolean;
  lit: boolean;
  /** Dimmed by a search (it touches no match). Under a highlight the map dims every edge not lit instead. */
  dim: boolean;
}
export type MapFlowEdge = Edge<MapEdgeData>;

export interface FlowCache {
  nodes: Map<string, MapFlowNode>;
  edges: Map<string, MapFlowEdge>;
  /** The last arrays handed out: returned again when nothing in them changed (React Flow then skips its O(n) work). */
  nodeList: MapFlowNode[];
  edgeList: MapFlowEdge[];
}

export const emptyFlowCache = (): FlowCache => ({
  nodes: new Map(),
  edges: new Map(),
  nodeList: [],
  edgeList: [],
});

/** Same members, whatever the order (the index's per-kind order shifts as objects update). */
function sameMembers<T>(next: readonly T[], previous: readonly T[]): boolean {
  if (next.length !== previous.length) return false;
  const old = new Set(previous);
  for (const item of next) if (!old.has(item)) return false;
  return true;
}

/** "Kustomization flux-system/infrastructure, ready": what a screen reader (and a Playwright locator) reads. */
export function nodeLabel(node: GraphNode): string {
  const where = node.ref.namespace ? `${node.ref.namespace}/${node.ref.name}` : node.ref.name;
  return `${node.ref.kind} ${where}, ${STATE_PHRASES[node.state]}`;
}

/** "Group applied by infrastructure (2 objects), failed": a collapsed group as a screen reader reads it. */
export function groupLabel(node: GraphNode, group: MapGroup): string {
  return `Group ${group.label} (${group.members.length} objects), ${STATE_PHRASES[node.state]}`;
}

const EDGE_WORDS: Record<GraphEdge['type'], string> = {
  dependsOn: 'depends on',
  parent: 'applies',
  'uses-source': 'uses source',
};

/**
 * buildGraph returns fresh objects on every call: compare what a node shows, so an unrelated change does
 * not re-render (and make React Flow re-measure) every node.
 */
export function sameGraphNode(a: GraphNode, b: GraphNode): boolean {
  return (
    a === b ||
    (a.id === b.id &&
      a.state === b.state &&
      a.message === b.message &&
      a.subtitle === b.subtitle &&
      a.root === b.root &&
      a.rank === b.rank &&
      a.layer === b.layer &&
      a.missing === b.missing)
  );
}

/**
 * Every node has the same size and handles (FluxNode: 1 px handles centred on the left and right sides).
 * Given up front, React Flow treats nodes as measured: without them it mounts all 2,000 nodes once to
 * measure them (~20,000 elements, a ~1 s first render) before culling to the ~150 on screen.
 */
const MEASURED = { width: NODE_WIDTH, height: NODE_HEIGHT };
const HANDLES: NodeHandle[] = [
  { type: 'target', position: Position.Left, x: -0.5, y: NODE_HEIGHT / 2 - 0.5, width: 1, height: 1 },
  {
    type: 'source',
    position: Position.Right,
    x: NODE_WIDTH - 0.5,
    y: NODE_HEIGHT / 2 - 0.5,
    width: 1,
    height: 1,
  },
];

const LAYER_ORDER: Record<GraphNode['layer'], number> = { entry: 0, deploy: 1, source: 2 };

/**
 * Nodes in reading order: the entry band row by row (dependsOn order), then the other bands column by
 * column. It is the DOM order, so Tab walks the map from the entry points; and as positions are stable, so
 * is the order: a status change never moves a node's element (a moved element loses a click in progress).
 */
export function byReadingOrder(a: MapFlowNode, b: MapFlowNode): number {
  const la = a.data.node.layer;
  const lb = b.data.node.layer;
  if (la !== lb) return LAYER_ORDER[la] - LAYER_ORDER[lb];
  return la === 'entry'
    ? a.position.y - b.position.y || a.position.x - b.position.x
    : a.position.x - b.position.x || a.position.y - b.position.y;
}

export function toFlowNodes(
  model: GraphModel,
  layout: MapLayout,
  highlight: HighlightSet | undefined,
  cache: FlowCache,
  waits: ReadonlyMap<string, string> = new Map(),
  groups: ReadonlyMap<string, MapGroup> = new Map(),
  marks?: SearchMarks,
): MapFlowNode[] {
  const next = new Map<string, MapFlowNode>();
  const out: MapFlowNode[] = [];
  for (const node of model.nodes) {
    const position = layout.positions.get(node.id) ?? { x: 0, y: 0 };
    const group = groups.get(node.id);
    const groupMatches = group ? marks?.perGroup.get(node.id) : undefined;
    const match = marks ? matchMarkOf(marks.search, marks.current, node.id, groupMatches) : undefined;
    // A hovered or selected node's chain takes over the dimming (the map's data-highlight dims the rest);
    // the search marks stay on the matches.
    const part = highlight ? emphasisOf(highlight, node.id) : match === 'other' ? 'dim' : undefined;
    const emphasis = highlight && part === 'dim' ? undefined : part;
    const viaRef = match ? marks?.search.byId.get(node.id)?.via : undefined;
    const via = viaRef ? `via ${viaText(viaRef)}` : undefined;
    const waitsFor = waits.get(node.id);
    const previous = cache.nodes.get(node.id);
    let flowNode: MapFlowNode;
    if (
      previous &&
      sameGraphNode(previous.data.node, node) &&
      previous.data.emphasis === emphasis &&
      previous.data.waits === waitsFor &&
      previous.data.match === match &&
      previous.data.via === via &&
      previous.data.groupMatches === groupMatches &&
      previous.data.group?.members.length === group?.members.length &&
      previous.position.x === position.x &&
      previous.position.y === position.y
    ) {
      flowNode = previous;
    } else {
      flowNode = {
        id: node.id,
        type: 'flux',
        position,
        data: {
          node,
          emphasis,
          ...(waitsFor ? { waits: waitsFor } : {}),
          ...(group ? { group } : {}),
          ...(match ? { match } : {}),
          ...(via ? { via } : {}),
          ...(groupMatches ? { groupMatches } : {}),
        },
        width: NODE_WIDTH,
        height: NODE_HEIGHT,
        measured: MEASURED,
        handles: HANDLES,
        draggable: false,
        connectable: false,
        ariaRole: 'button',
        ariaLabel: group ? groupLabel(node, group) : nodeLabel(node),
        // The line under the name (facts, or what a waiting node waits for) is read as its description, in
        // place of React Flow's hint about moving nodes with the arrow keys (nodes here do not move).
        domAttributes: {
          'aria-describedby': undefined,
          'aria-description': [
            match === 'current' ? 'current search match' : match === 'match' ? 'search match' : '',
            via ?? '',
            groupMatches ? `${groupMatches} search ${groupMatches === 1 ? 'match' : 'matches'} inside` : '',
            waitsFor ?? node.subtitle ?? '',
          ]
            .filter(Boolean)
            .join(', '),
          ...(group ? { 'aria-expanded': false } : {}),
          ...(match ? { 'data-match': match } : {}),
        },
      };
    }
    next.set(node.id, flowNode);
    out.push(flowNode);
  }
  cache.nodes = next;
  if (sameMembers(out, cache.nodeList)) return cache.nodeList;
  out.sort(byReadingOrder);
  cache.nodeList = out;
  return out;
}

/**
 * dependsOn edges are drawn from the dependency to the dependent (the arrow says "this runs first"); parent
 * and uses-source edges from the object on the left to the one on the right. dependsOn edges come last in
 * the list, so they are painted above the others.
 */
export function toFlowEdges(
  model: GraphModel,
  highlight: HighlightSet | undefined,
  cache: FlowCache,
  marks?: SearchMarks,
): MapFlowEdge[] {
  // While a search is active (and nothing hovered), only edges that touch a match stay bright.
  const touches = (id: string) =>
    id === marks?.current || marks?.search.byId.has(id) === true || marks?.perGroup.has(id) === true;
  const searching = marks !== undefined && marks.search.matches.length > 0;
  const next = new Map<string, MapFlowEdge>();
  const out: MapFlowEdge[] = [];
  const ordered = [
    ...model.edges.filter(e => e.type !== 'dependsOn'),
    ...model.edges.filter(e => e.type === 'dependsOn'),
  ];
  for (const edge of ordered) {
    const [source, target] =
      edge.type === 'dependsOn' ? [edge.target, edge.source] : [edge.source, edge.target];
    const lit = highlight?.edges.has(edge.id) === true;
    const dim = !highlight && searching && !touches(edge.source) && !touches(edge.target);
    const state = lit ? ' is-lit' : dim ? ' is-dim' : '';
    const className = `map-edge map-edge--${edge.type}${edge.dangling ? ' map-edge--dangling' : ''}${state}`;
    const previous = cache.edges.get(edge.id);
    const flowEdge: MapFlowEdge =
      previous && previous.source === source && previous.target === target && previous.className === className
        ? previous
        : {
            id: edge.id,
            source,
            target,
            className,
            data: { type: edge.type, dangling: edge.dangling === true, lit, dim },
            focusable: false,
            selectable: false,
            ariaLabel: `${edge.source.split('/')[3] ?? edge.source} ${EDGE_WORDS[edge.type]} ${edge.target.split('/')[3] ?? edge.target}`,
          };
    next.set(edge.id, flowEdge);
    out.push(flowEdge);
  }
  cache.edges = next;
  if (sameMembers(out, cache.edgeList)) return cache.edgeList;
  cache.edgeList = out;
  return out;
}
