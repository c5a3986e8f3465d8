/**
 * Whether a rebuilt graph still has the same shape: same nodes (by id, with the same layer, rank, root and
 * placeholder flag) and the same edges. Most rebuilds on a live cluster are status changes only; then the
 * map keeps its layout and edge list and only node states move (perf: no relayout per status change).
 */
import type { GraphModel } from '@fluxscope/shared';

export function sameStructure(previous: GraphModel, next: GraphModel): boolean {
  if (previous === next) return true;
  if (previous.nodes.length !== next.nodes.length || previous.edges.length !== next.edges.length)
    return false;
  const nodes = new Map(previous.nodes.map(n => [n.id, n]));
  for (const node of next.nodes) {
    const old = nodes.get(node.id);
    if (
      !old ||
      old.layer !== node.layer ||
      old.rank !== node.rank ||
      Boolean(old.root) !== Boolean(node.root) ||
      Boolean(old.missing) !== Boolean(node.missing)
    )
      return false;
  }
  const edges = new Map(previous.edges.map(e => [e.id, e]));
  for (const edge of next.edges) {
    const old = edges.get(edge.id);
    if (!old || Boolean(old.dangling) !== Boolean(edge.dangling)) return false;
  }
  return true;
}
