/**
 * A map node as its object is now. The graph is rebuilt (and laid out) at most a few times a second on big
 * clusters, but a node's colour, message and fact line depend on its own object only (buildGraph takes them
 * from fluxStatus and subtitleOf), so a node on screen follows its object between rebuilds.
 */
import type { ClusterObject, GraphNode } from '@fluxscope/shared';
import { fluxStatus, subtitleOf } from '@fluxscope/shared';

export function liveNode(node: GraphNode, obj: ClusterObject | undefined): GraphNode {
  if (!obj || node.missing) return node;
  const { state, message } = fluxStatus(obj);
  const subtitle = subtitleOf(obj);
  if (state === node.state && message === node.message && subtitle === node.subtitle) return node;
  const live: GraphNode = { ...node, state, message };
  if (subtitle) live.subtitle = subtitle;
  else delete live.subtitle;
  return live;
}
