/**
 * What to light up when a node is hovered or selected: everything it needs (upstream: its dependsOn
 * targets, the Kustomization that applied it, its sources, transitively) and everything that needs it
 * (downstream). Edges are normalised to "needer -> needed" first: a parent edge points the other way.
 */
import type { GraphEdge } from '@fluxscope/shared';

export interface HighlightSet {
  selected: string;
  /** The selected node's root cause, kept bright whatever its place in the graph. */
  culprit?: string;
  upstream: Set<string>;
  downstream: Set<string>;
  edges: Set<string>;
}

interface Needs {
  needs: Map<string, Array<{ node: string; edge: string }>>;
  neededBy: Map<string, Array<{ node: string; edge: string }>>;
}

function add(
  map: Map<string, Array<{ node: string; edge: string }>>,
  key: string,
  node: string,
  edge: string,
): void {
  const list = map.get(key);
  if (list) list.push({ node, edge });
  else map.set(key, [{ node, edge }]);
}

/** Build once per graph; reuse for every hover. */
export function needsIndex(edges: readonly GraphEdge[]): Needs {
  const needs = new Map<string, Array<{ node: string; edge: string }>>();
  const neededBy = new Map<string, Array<{ node: string; edge: string }>>();
  for (const edge of edges) {
    const [needer, needed] = edge.type === 'parent' ? [edge.target, edge.source] : [edge.source, edge.target];
    add(needs, needer, needed, edge.id);
    add(neededBy, needed, needer, edge.id);
  }
  return { needs, neededBy };
}

function walk(
  start: string,
  next: Map<string, Array<{ node: string; edge: string }>>,
  edges: Set<string>,
): Set<string> {
  const seen = new Set<string>();
  const stack = [start];
  while (stack.length) {
    const id = stack.pop()!;
    for (const step of next.get(id) ?? []) {
      edges.add(step.edge);
      if (step.node === start || seen.has(step.node)) continue;
      seen.add(step.node);
      stack.push(step.node);
    }
  }
  return seen;
}

export function highlightFor(index: Needs, selected: string, culprit?: string): HighlightSet {
  const edges = new Set<string>();
  const upstream = walk(selected, index.needs, edges);
  const downstream = walk(selected, index.neededBy, edges);
  return culprit
    ? { selected, culprit, upstream, downstream, edges }
    : { selected, upstream, downstream, edges };
}

/** The nodes a focused node's chain spans: it, what it needs up to the root and its sources, its culprit. */
export function chainOf(highlight: HighlightSet): string[] {
  return [highlight.selected, ...highlight.upstream, ...(highlight.culprit ? [highlight.culprit] : [])];
}

export type NodeEmphasis = 'selected' | 'culprit' | 'upstream' | 'downstream' | 'dim' | undefined;

export function emphasisOf(highlight: HighlightSet | undefined, id: string): NodeEmphasis {
  if (!highlight) return undefined;
  if (id === highlight.selected) return 'selected';
  if (id === highlight.culprit) return 'culprit';
  if (highlight.upstream.has(id)) return 'upstream';
  if (highlight.downstream.has(id)) return 'downstream';
  return 'dim';
}
