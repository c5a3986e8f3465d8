/**
 * Far zoom on a big map: the level of detail. Below FAR_ZOOM a node's text is a few pixels high and is not
 * drawn anyway, so most nodes become state-coloured blocks painted on one canvas (NodeBlocks.tsx) and only
 * the nodes a reader acts on stay in the DOM: the selected node and its chain, the culprit, search matches
 * and collapsed groups (they expand on a click), at most PINNED_CAP of them. A whole 10,000-object map
 * zoomed out was 10,000 elements for React Flow to diff and the browser to paint on every new window:
 * panning it ran at 5 fps with main-thread tasks of seconds (bench/results.md).
 */
import type { FluxState } from '@fluxscope/shared';
import type { MapFlowNode } from './flow';
import { NODE_HEIGHT, NODE_WIDTH, type Point } from './layout';

/** Below this zoom nodes are drawn as blocks without text. */
export const FAR_ZOOM = 0.35;
/** At most this many nodes stay in the DOM at far zoom. */
export const PINNED_CAP = 300;

export const isFar = (zoom: number): boolean => zoom < FAR_ZOOM;

/** A node painted as a block: where, its state, and whether a highlight or search dims it. */
export interface Block {
  id: string;
  x: number;
  y: number;
  state: FluxState;
  dim: boolean;
}

/** How much a pinned node matters: kept first when there are more than PINNED_CAP (lower is kept first). */
function pinRank(node: MapFlowNode): number | undefined {
  const { emphasis, match, group } = node.data;
  if (emphasis === 'selected' || emphasis === 'culprit' || match === 'current') return 0;
  if (group) return 1;
  if (emphasis === 'upstream' || emphasis === 'downstream' || match === 'match') return 2;
  return undefined;
}

/**
 * Splits the nodes in the window into those kept in the DOM (in their order, which is the Tab order) and
 * blocks for the canvas. `highlighted`: a node is hovered or selected, so every block outside it is dimmed,
 * as the map dims such nodes (map.css).
 */
export function splitFar(
  nodes: readonly MapFlowNode[],
  highlighted: boolean,
): { dom: MapFlowNode[]; blocks: Block[] } {
  const pinned: Array<{ node: MapFlowNode; rank: number; order: number }> = [];
  const rest: MapFlowNode[] = [];
  nodes.forEach((node, order) => {
    const rank = pinRank(node);
    if (rank === undefined) rest.push(node);
    else pinned.push({ node, rank, order });
  });
  if (pinned.length > PINNED_CAP) {
    pinned.sort((a, b) => a.rank - b.rank || a.order - b.order);
    for (const dropped of pinned.splice(PINNED_CAP)) rest.push(dropped.node);
    pinned.sort((a, b) => a.order - b.order);
  }
  const blocks = rest.map(node => ({
    id: node.id,
    x: node.position.x,
    y: node.position.y,
    state: node.data.node.state,
    dim: highlighted || node.data.emphasis === 'dim' || node.data.match === 'other',
  }));
  return { dom: pinned.map(p => p.node), blocks };
}

/** The block under a point (flow coordinates), the last painted first, as the eye sees it. */
export function blockAt(blocks: readonly Block[], at: Point): string | undefined {
  for (let i = blocks.length - 1; i >= 0; i--) {
    const b = blocks[i]!;
    if (at.x >= b.x && at.x <= b.x + NODE_WIDTH && at.y >= b.y && at.y <= b.y + NODE_HEIGHT) return b.id;
  }
  return undefined;
}

/** Alpha of a dimmed block: the far-zoom CSS mixes 20 % of the state colour into the canvas. */
export const DIM_ALPHA = 0.2;

/** What of CanvasRenderingContext2D the painter uses (a fake in the tests). */
export type BlockPainter = Pick<
  CanvasRenderingContext2D,
  'beginPath' | 'rect' | 'fill' | 'fillStyle' | 'globalAlpha'
>;

/**
 * Paints the blocks (in the context's flow coordinates): one path per state and dimming, so ten thousand
 * blocks are a dozen fills. Returns how many were painted.
 */
export function paintBlocks(
  ctx: BlockPainter,
  blocks: readonly Block[],
  colours: Readonly<Record<FluxState, string>>,
): number {
  const runs = new Map<string, Block[]>();
  for (const b of blocks) {
    const key = `${b.dim ? 1 : 0}${b.state}`;
    const run = runs.get(key);
    if (run) run.push(b);
    else runs.set(key, [b]);
  }
  // Dimmed first (so a bright block is never under a faint one), then in the order the states appear.
  for (const [key, run] of [...runs].sort(([a], [b]) => Number(b[0]) - Number(a[0]))) {
    ctx.globalAlpha = key.startsWith('1') ? DIM_ALPHA : 1;
    ctx.fillStyle = colours[run[0]!.state];
    ctx.beginPath();
    for (const b of run) ctx.rect(b.x, b.y, NODE_WIDTH, NODE_HEIGHT);
    ctx.fill();
  }
  ctx.globalAlpha = 1;
  return blocks.length;
}
