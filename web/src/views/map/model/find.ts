/**
 * Search on the map: matches are lit in place and the rest dimmed, never removed, so the layout does not
 * move while the user types. A node matches by its own kind, namespace and name, or through an object it
 * manages (search.ts: a Deployment's name leads to its HelmRelease); the latter says which object. Matches
 * are stepped through in reading order of what is on screen (a match folded into a collapsed group sits
 * where its group's node is), and the current match is kept by id, so expanding a group or a graph rebuild
 * never moves the user to another match.
 */
import type { GraphModel, GraphNode, ObjRef } from '@fluxscope/shared';
import type { Point } from './layout';

export interface MapMatch {
  id: string;
  /** Set when the node matched only through an object it manages. */
  via?: ObjRef;
}

export interface MapSearch {
  text: string;
  /** In stepping order. */
  matches: MapMatch[];
  byId: Map<string, MapMatch>;
}

/** The search text as typed, trimmed; '' is no search. */
export const searchNeedle = (text: string | undefined): string => (text ?? '').trim().toLowerCase();

/** Does the node's own kind, namespace or name contain the (lowercased) needle? */
export function matchesText(node: GraphNode, needle: string): boolean {
  return `${node.ref.kind} ${node.ref.namespace}/${node.ref.name}`.toLowerCase().includes(needle);
}

/** "Deployment tenants/app-1": how a match through a managed object is named on the node and in the panel. */
export const viaText = (via: ObjRef): string =>
  `${via.kind} ${via.namespace ? `${via.namespace}/` : ''}${via.name}`;

const LAYER_ORDER: Record<GraphNode['layer'], number> = { entry: 0, deploy: 1, source: 2 };

/**
 * The matches among `model`'s nodes, ordered as the map reads: by band, then the entry band row by row and
 * the others column by column (the order Tab follows), each match at the position of what stands for it on
 * screen (`placeOf`: itself, or its collapsed group). Matches that share a place (one group) keep name order.
 */
export function findMatches(
  model: GraphModel,
  text: string | undefined,
  viaOwned: ReadonlyMap<string, ObjRef> | undefined,
  placeOf: (id: string) => Point | undefined = () => undefined,
): MapSearch {
  const needle = searchNeedle(text);
  const empty: MapSearch = { text: needle, matches: [], byId: new Map() };
  if (!needle) return empty;
  const found: Array<{ match: MapMatch; node: GraphNode; at: Point }> = [];
  for (const node of model.nodes) {
    const direct = matchesText(node, needle);
    const via = direct ? undefined : viaOwned?.get(node.id);
    if (!direct && !via) continue;
    const match: MapMatch = via ? { id: node.id, via } : { id: node.id };
    found.push({ match, node, at: placeOf(node.id) ?? { x: 0, y: 0 } });
  }
  found.sort((a, b) => {
    const la = a.node.layer;
    const lb = b.node.layer;
    if (la !== lb) return LAYER_ORDER[la] - LAYER_ORDER[lb];
    const byPlace = la === 'entry' ? a.at.y - b.at.y || a.at.x - b.at.x : a.at.x - b.at.x || a.at.y - b.at.y;
    return (
      byPlace ||
      a.node.rank - b.node.rank ||
      a.node.ref.namespace.localeCompare(b.node.ref.namespace) ||
      a.node.ref.name.localeCompare(b.node.ref.name) ||
      a.node.ref.kind.localeCompare(b.node.ref.kind)
    );
  });
  const matches = found.map(f => f.match);
  return { text: needle, matches, byId: new Map(matches.map(m => [m.id, m])) };
}

/**
 * The match after (or before) `current`. With no current match (or one that matches no more) the first
 * step goes to the first match, or the last one backwards; stepping wraps around.
 */
export function stepMatch(
  search: MapSearch,
  current: string | undefined,
  direction: 1 | -1,
): string | undefined {
  const { matches } = search;
  if (matches.length === 0) return undefined;
  const at = current === undefined ? -1 : matches.findIndex(m => m.id === current);
  if (at < 0) return matches[direction === 1 ? 0 : matches.length - 1]!.id;
  return matches[(at + direction + matches.length) % matches.length]!.id;
}

/** "3 of 12", "12 matches" before the first step, "No match". */
export function matchCount(search: MapSearch, current: string | undefined): string {
  const n = search.matches.length;
  if (n === 0) return 'No match';
  const at = current === undefined ? -1 : search.matches.findIndex(m => m.id === current);
  if (at < 0) return n === 1 ? '1 match' : `${n} matches`;
  return `${at + 1} of ${n}`;
}

/** How many matches each collapsed group holds (group node id -> count), from node id -> group node id. */
export function matchesPerGroup(search: MapSearch, folded: ReadonlyMap<string, string>): Map<string, number> {
  const out = new Map<string, number>();
  for (const match of search.matches) {
    const group = folded.get(match.id);
    if (group !== undefined) out.set(group, (out.get(group) ?? 0) + 1);
  }
  return out;
}

/** How a node stands in a search: the current match, a match (or a group holding some), or neither. */
export type MatchMark = 'current' | 'match' | 'other';

/**
 * `onScreen` is what stands for the current match on screen (itself, or the collapsed group holding it);
 * `inGroup` how many matches a group node holds. undefined when no search is active, or when nothing
 * matches (dimming the whole map would only hide it; the toolbar says "No match" instead).
 */
export function matchMarkOf(
  search: MapSearch,
  onScreen: string | undefined,
  id: string,
  inGroup = 0,
): MatchMark | undefined {
  if (search.matches.length === 0) return undefined;
  if (id === onScreen) return 'current';
  if (search.byId.has(id) || inGroup > 0) return 'match';
  return 'other';
}
