/**
 * The map's layout: three bands left to right (entry points, what they deploy, building blocks), each band
 * split into columns, each column stacked so nodes sit level with what they connect to when there is room.
 * No layout engine: a few linear passes plus one sort per column, fast enough for thousands of nodes
 * (dagre/elk take seconds at 2,000; see the map budgets, bench/README.md figure 5).
 */
import type { GraphEdge, GraphLayer, GraphModel, GraphNode } from '@fluxscope/shared';
import { fluxKindByName } from '@fluxscope/shared';

export const NODE_WIDTH = 216;
export const NODE_HEIGHT = 44;
export const ROW_GAP = 8;
export const COLUMN_GAP = 40;
export const BAND_GAP = 80;
/** Vertical gap between folded rows of entry-point ranks. */
export const FOLD_GAP = 40;
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
}

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
 * Columns of a band, in order. Entry: one per dependsOn rank. Deploy: by category. Source: used by flux
 * objects first, then sources of sources (HelmChart before its HelmRepository).
 */
function columnsOf(layer: GraphLayer, nodes: GraphNode[], edges: readonly GraphEdge[]): GraphNode[][] {
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
    const inLayer = new Set(nodes.map(n => n.id));
    const usedByNonSource = new Set<string>();
    const usedBySource = new Set<string>();
    for (const edge of edges) {
      if (edge.type !== 'uses-source' || !inLayer.has(edge.target)) continue;
      (inLayer.has(edge.source) ? usedBySource : usedByNonSource).add(edge.target);
    }
    const first = nodes.filter(n => usedByNonSource.has(n.id) || !usedBySource.has(n.id));
    const second = nodes.filter(n => !usedByNonSource.has(n.id) && usedBySource.has(n.id));
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
    return { layer, columns: nodes.length ? columnsOf(layer, nodes, model.edges) : [] };
  });
  // Roughly how tall the deploy and source bands get: the entry band may fold into that height.
  const otherHeight = Math.max(
    0,
    ...columnsByLayer
      .filter(c => c.layer !== 'entry')
      .flatMap(c => c.columns.map(column => Math.min(column.length, maxPerColumn) * STEP)),
  );

  for (const { layer, columns } of columnsByLayer) {
    if (columns.length === 0) continue;
    const bandX = x;
    let bandHeight = 0;
    const perRow = layer === 'entry' ? ranksPerRow(columns, otherHeight, maxPerColumn) : columns.length;
    let top = 0;
    for (let start = 0; start < columns.length; start += perRow) {
      // One row of columns; an entry band shorter than its neighbours wraps its ranks into several rows,
      // so a few dependsOn ranks do not make the map wide and mostly empty.
      let rowX = bandX;
      let rowBottom = top;
      for (const column of columns.slice(start, start + perRow)) {
        const placed = placeColumn(column, anchors, positions, maxPerColumn, rowX, top);
        rowX += placed.columns * (NODE_WIDTH + COLUMN_GAP);
        rowBottom = Math.max(rowBottom, placed.bottom);
      }
      x = Math.max(x, rowX);
      bandHeight = Math.max(bandHeight, rowBottom);
      top = rowBottom + FOLD_GAP;
    }
    x -= COLUMN_GAP;
    height = Math.max(height, bandHeight);
    bands.push({ layer, x: bandX, width: x - bandX, height: bandHeight });
    x += BAND_GAP;
  }
  return { positions, bands, width: Math.max(0, x - BAND_GAP), height };
}

/**
 * How many entry ranks go side by side: all of them, unless folding them into rows (at least two ranks a row,
 * so each row still reads left to right) keeps the band within the height of the other bands.
 */
function ranksPerRow(columns: GraphNode[][], otherHeight: number, maxPerColumn: number): number {
  const heightOf = (perRow: number): number => {
    let total = 0;
    for (let start = 0; start < columns.length; start += perRow) {
      const row = columns.slice(start, start + perRow);
      total += Math.max(...row.map(c => Math.min(c.length, maxPerColumn))) * STEP + FOLD_GAP;
    }
    return total - FOLD_GAP;
  };
  for (let perRow = 2; perRow < columns.length; perRow++) {
    if (heightOf(perRow) <= otherHeight) return perRow;
  }
  return columns.length;
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
