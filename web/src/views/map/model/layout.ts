/**
 * The map's layout: three bands left to right (entry points, what they deploy, building blocks), each band
 * split into columns, each column stacked so nodes sit level with what they connect to when there is room.
 * No layout engine: a few linear passes plus one sort per column, fast enough for thousands of nodes
 * (dagre/elk take seconds at 2,000; see perf.md §3).
 */
import type { GraphEdge, GraphLayer, GraphModel, GraphNode } from '@fluxscope/shared';
import { fluxKindByName } from '@fluxscope/shared';

export const NODE_WIDTH = 232;
export const NODE_HEIGHT = 44;
export const ROW_GAP = 8;
export const COLUMN_GAP = 56;
export const BAND_GAP = 120;
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

  for (const layer of LAYERS) {
    const nodes = model.nodes.filter(n => n.layer === layer);
    if (nodes.length === 0) continue;
    const bandX = x;
    let bandHeight = 0;
    for (const column of columnsOf(layer, nodes, model.edges)) {
      const placed = placeColumn(column, anchors, positions, maxPerColumn, x);
      x += placed.columns * (NODE_WIDTH + COLUMN_GAP);
      bandHeight = Math.max(bandHeight, placed.height);
    }
    x -= COLUMN_GAP;
    height = Math.max(height, bandHeight);
    bands.push({ layer, x: bandX, width: x - bandX, height: bandHeight });
    x += BAND_GAP;
  }
  return { positions, bands, width: Math.max(0, x - BAND_GAP), height };
}

/** Places one column; returns how many physical columns it took and how tall it got. */
function placeColumn(
  column: GraphNode[],
  anchors: Map<string, string[]>,
  positions: Map<string, Point>,
  maxPerColumn: number,
  x: number,
): { columns: number; height: number } {
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
        y: (i % maxPerColumn) * STEP,
      });
    });
    return {
      columns: Math.ceil(sorted.length / maxPerColumn),
      height: Math.min(sorted.length, maxPerColumn) * STEP,
    };
  }

  let next = 0;
  for (const node of sorted) {
    const want = desired.get(node.id);
    const y = want === undefined ? next : Math.max(next, Math.round(want));
    positions.set(node.id, { x, y });
    next = y + STEP;
  }
  return { columns: 1, height: next };
}
