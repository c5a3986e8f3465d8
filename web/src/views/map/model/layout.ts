/**
 * The map's layout: three bands left to right (entry points, what they deploy, building blocks). The entry
 * band reads top to bottom in dependsOn order: one block of rows per rank (a Kustomization sits below what it
 * depends on and what applied it). The other bands are split into columns, each stacked so nodes sit level
 * with what they connect to when there is room. stable.ts keeps positions still as the cluster changes.
 * No layout engine: a few linear passes plus one sort per column, fast enough for thousands of nodes
 * (dagre/elk take seconds at 2,000; see the map budgets, bench/README.md figure 5).
 */
import type { GraphEdge, GraphLayer, GraphModel, GraphNode } from '@fluxscope/shared';
import { fluxKindByName } from '@fluxscope/shared';

export const NODE_WIDTH = 240;
export const NODE_HEIGHT = 44;
export const ROW_GAP = 8;
export const COLUMN_GAP = 40;
export const BAND_GAP = 80;
/** Vertical gap between the rank blocks of the entry band: room for the dependsOn arrows between them. */
export const RANK_GAP = 28;
/** Above this many nodes a column is cut into several (grid order) instead of growing very tall. */
export const DEFAULT_MAX_PER_COLUMN = 40;

export const LAYERS: readonly GraphLayer[] = ['entry', 'deploy', 'source'];

export const LAYER_LABELS: Record<GraphLayer, string> = {
  entry: 'Entry points',
  deploy: 'What they deploy',
  source: 'Building blocks',
};

export interface Point {
  x: number;
  y: number;
}

export interface Band {
  layer: GraphLayer;
  x: number;
  width: number;
  /** Height of this band's tallest column. */
  height: number;
}

export interface MapLayout {
  positions: Map<string, Point>;
  bands: Band[];
  width: number;
  height: number;
}

export interface LayoutOptions {
  maxPerColumn?: number;
  /**
   * Give every band its room even while it is empty (entry and deploy bands two columns wide), so objects
   * appearing later (a bootstrap) take free slots instead of pushing the bands to their right.
   */
  reserve?: boolean;
}

/** Columns the entry band and the deploy band keep free when `reserve` is set. */
export const RESERVED_COLUMNS: Record<GraphLayer, number> = { entry: 2, deploy: 2, source: 2 };

const STEP = NODE_HEIGHT + ROW_GAP;

interface Neighbours {
  /** Nodes this node should sit level with, placed in an earlier column (dependsOn targets, parents, users). */
  anchors: Map<string, string[]>;
}

function push(map: Map<string, string[]>, key: string, value: string): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** For every node, the neighbours it should line up with: whatever sits to its left. */
function neighbours(edges: readonly GraphEdge[]): Neighbours {
  const anchors = new Map<string, string[]>();
  for (const edge of edges) {
    if (edge.type === 'uses-source') push(anchors, edge.target, edge.source);
    else if (edge.type === 'parent') push(anchors, edge.target, edge.source);
    else push(anchors, edge.source, edge.target); // dependsOn: the dependent sits right of its dependency
  }
  return { anchors };
}

const byName = (a: GraphNode, b: GraphNode): number =>
  a.ref.namespace.localeCompare(b.ref.namespace) ||
  a.ref.name.localeCompare(b.ref.name) ||
  a.ref.kind.localeCompare(b.ref.kind);

/** Deploy-band columns: releases and Terraform first, then image automation, then notification objects. */
const DEPLOY_COLUMN: Record<string, number> = { helm: 0, infra: 0, kustomize: 0, image: 1, notification: 2 };

/**
 * Columns of a band, in order. Entry: one per dependsOn rank. Deploy: by category. Source: Git, OCI,
 * Bucket, HelmChart... first, HelmRepository second (a HelmChart sits left of the repository it pulls from).
 */
function columnsOf(layer: GraphLayer, nodes: GraphNode[]): GraphNode[][] {
  if (layer === 'entry') {
    const byRank = new Map<number, GraphNode[]>();
    for (const node of nodes) {
      const column = byRank.get(node.rank);
      if (column) column.push(node);
      else byRank.set(node.rank, [node]);
    }
    return [...byRank.entries()].sort((a, b) => a[0] - b[0]).map(([, column]) => column);
  }
  if (layer === 'source') {
    // By kind, not by who uses what, so a source keeps its column while HelmCharts come and go: what Flux
    // objects pull from first, Helm repositories (what HelmCharts pull from) second.
    const first = nodes.filter(n => n.ref.kind !== 'HelmRepository');
    const second = nodes.filter(n => n.ref.kind === 'HelmRepository');
    return second.length ? [first, second] : [first];
  }
  const byCategory: GraphNode[][] = [[], [], []];
  for (const node of nodes)
    byCategory[DEPLOY_COLUMN[fluxKindByName(node.ref.kind)?.category ?? 'helm'] ?? 0]!.push(node);
  return byCategory.filter(column => column.length > 0);
}

export function layoutGraph(model: GraphModel, options: LayoutOptions = {}): MapLayout {
  // Big graphs wrap at ~sqrt(3n) rows, which keeps the whole map near a 16:9 shape instead of a long strip.
  const maxPerColumn =
    options.maxPerColumn ?? Math.max(DEFAULT_MAX_PER_COLUMN, Math.ceil(Math.sqrt(3 * model.nodes.length)));
  const { anchors } = neighbours(model.edges);
  const positions = new Map<string, Point>();
  const bands: Band[] = [];
  let x = 0;
  let height = 0;

  const columnsByLayer = LAYERS.map(layer => {
    const nodes = model.nodes.filter(n => n.layer === layer);
    return { layer, columns: nodes.length ? columnsOf(layer, nodes) : [] };
  });
  for (const { layer, columns } of columnsByLayer) {
    const reserved = options.reserve ? RESERVED_COLUMNS[layer] : 0;
    if (columns.length === 0 && reserved === 0) continue;
    const bandX = x;
    let used: number;
    let bandHeight: number;
    if (layer === 'entry') {
      // Two side by side, more once the band would grow taller than a wrapped column of the other bands.
      const count = columns.reduce((sum, rank) => sum + rank.length, 0);
      const perRow = Math.max(RESERVED_COLUMNS.entry, Math.ceil(count / maxPerColumn));
      const placed = placeRanks(columns, anchors, positions, perRow, bandX);
      used = Math.max(placed.columns, reserved);
      bandHeight = placed.bottom;
    } else {
      let columnX = bandX;
      bandHeight = 0;
      for (const column of columns) {
        const placed = placeColumn(column, anchors, positions, maxPerColumn, columnX, 0);
        columnX += placed.columns * (NODE_WIDTH + COLUMN_GAP);
        bandHeight = Math.max(bandHeight, placed.bottom);
      }
      used = Math.max(Math.round((columnX - bandX) / (NODE_WIDTH + COLUMN_GAP)), reserved);
    }
    bandHeight = Math.max(bandHeight, STEP);
    const width = used * (NODE_WIDTH + COLUMN_GAP) - COLUMN_GAP;
    x = bandX + width;
    height = Math.max(height, bandHeight);
    bands.push({ layer, x: bandX, width, height: bandHeight });
    x += BAND_GAP;
  }
  return { positions, bands, width: Math.max(0, x - BAND_GAP), height };
}

/**
 * The entry band, top to bottom: one block per dependsOn rank, `perRow` nodes side by side, so a chain
 * (sources -> infrastructure -> controlplane) reads downwards. Within a block, nodes sit near what they
 * depend on or were applied by (mean column of those already placed), then by name.
 */
function placeRanks(
  ranks: GraphNode[][],
  anchors: Map<string, string[]>,
  positions: Map<string, Point>,
  perRow: number,
  x: number,
): { columns: number; bottom: number } {
  const step = NODE_WIDTH + COLUMN_GAP;
  let top = 0;
  let columns = 0;
  for (const rank of ranks) {
    const want = new Map<string, number>();
    for (const node of rank) {
      const xs = (anchors.get(node.id) ?? []).flatMap(a => {
        const p = positions.get(a);
        return p && p.x < x + perRow * step ? [p.x] : [];
      });
      if (xs.length) want.set(node.id, xs.reduce((a, b) => a + b, 0) / xs.length);
    }
    const sorted = [...rank].sort((a, b) => {
      const wa = want.get(a.id) ?? Infinity;
      const wb = want.get(b.id) ?? Infinity;
      return wa === wb ? byName(a, b) : wa - wb;
    });
    sorted.forEach((node, i) => {
      positions.set(node.id, { x: x + (i % perRow) * step, y: top + Math.floor(i / perRow) * STEP });
    });
    columns = Math.max(columns, Math.min(perRow, sorted.length));
    top += Math.ceil(sorted.length / perRow) * STEP + RANK_GAP;
  }
  return { columns, bottom: Math.max(0, top - RANK_GAP) };
}

/** Places one column from `top` down; returns how many physical columns it took and where it ended. */
function placeColumn(
  column: GraphNode[],
  anchors: Map<string, string[]>,
  positions: Map<string, Point>,
  maxPerColumn: number,
  x: number,
  top: number,
): { columns: number; bottom: number } {
  const desired = new Map<string, number>();
  for (const node of column) {
    let sum = 0;
    let count = 0;
    for (const anchor of anchors.get(node.id) ?? []) {
      const point = positions.get(anchor);
      if (point) {
        sum += point.y;
        count++;
      }
    }
    if (count > 0) desired.set(node.id, sum / count);
  }
  const sorted = [...column].sort((a, b) => {
    const da = desired.get(a.id) ?? Infinity;
    const db = desired.get(b.id) ?? Infinity;
    return da === db ? byName(a, b) : da - db;
  });

  if (sorted.length > maxPerColumn) {
    // Grid: column-major, no alignment (alignment is meaningless once a column wraps).
    sorted.forEach((node, i) => {
      positions.set(node.id, {
        x: x + Math.floor(i / maxPerColumn) * (NODE_WIDTH + COLUMN_GAP),
        y: top + (i % maxPerColumn) * STEP,
      });
    });
    return {
      columns: Math.ceil(sorted.length / maxPerColumn),
      bottom: top + Math.min(sorted.length, maxPerColumn) * STEP,
    };
  }

  let next = top;
  for (const node of sorted) {
    const want = desired.get(node.id);
    const y = want === undefined ? next : Math.max(next, Math.round(want));
    positions.set(node.id, { x, y });
    next = y + STEP;
  }
  return { columns: 1, bottom: next };
}
