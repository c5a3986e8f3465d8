/**
 * Big maps: objects grouped by namespace or by the Kustomization that applies them, each group collapsed
 * into one node per band (so the three bands still read entry points -> what they deploy -> building
 * blocks) or expanded into its objects. Edges are drawn for the level on screen only: an edge into a
 * collapsed group ends at the group's node, edges inside a collapsed group are not drawn, and parallel
 * edges between the same two nodes become one. Above SUMMARY_ABOVE objects the map starts in this summary
 * mode (every group collapsed), which keeps the first render and panning cheap at 10,000 Flux objects.
 */
import type { FluxState, GraphEdge, GraphLayer, GraphModel, GraphNode } from '@fluxscope/shared';
import { STATES_WORST_FIRST } from '@fluxscope/shared';

export type GroupBy = 'namespace' | 'owner';

export const GROUP_BY: readonly GroupBy[] = ['namespace', 'owner'];

export const GROUP_BY_LABELS: Record<GroupBy, string> = {
  namespace: 'Namespace',
  owner: 'Applied by',
};

/**
 * Above this many objects (after filters) the map opens grouped, every group collapsed. Up to here the whole
 * map is drawn (culled to the screen, edges on a canvas: figure 5 of bench/README.md is at 2,000).
 */
export const SUMMARY_ABOVE = 3000;

/** A group of one hides nothing: smaller groups are drawn as their objects. */
export const MIN_GROUP = 2;

/** Objects no Kustomization applies (the root, objects created by hand), in owner mode. */
export const UNOWNED_KEY = '';

export interface MapGroup {
  id: string;
  by: GroupBy;
  /** The namespace, or the applying Kustomization's node id ('' when none). */
  key: string;
  /** What it is, in words: "namespace tenants", "applied by infrastructure", "other objects". */
  label: string;
  /** What the node shows as its name: the namespace, or the applying Kustomization's name. */
  name: string;
  layer: GraphLayer;
  members: string[];
  /** Members per state, worst first when listed. */
  states: Partial<Record<FluxState, number>>;
  /** Members per kind. */
  kinds: Record<string, number>;
}

const GROUP_PREFIX = 'group:';

export const isGroupId = (id: string): boolean => id.startsWith(GROUP_PREFIX);

export const groupId = (by: GroupBy, layer: GraphLayer, key: string): string =>
  `${GROUP_PREFIX}${by}:${layer}:${key}`;

/** Each node's group key: its namespace, or the node id of the Kustomization that applies it. */
export function groupKeys(model: GraphModel, by: GroupBy): Map<string, string> {
  const keys = new Map<string, string>();
  if (by === 'namespace') {
    for (const node of model.nodes) keys.set(node.id, node.ref.namespace);
    return keys;
  }
  const appliedBy = new Map<string, string>();
  for (const edge of model.edges) if (edge.type === 'parent') appliedBy.set(edge.target, edge.source);
  for (const node of model.nodes) keys.set(node.id, appliedBy.get(node.id) ?? UNOWNED_KEY);
  return keys;
}

function namesOf(by: GroupBy, key: string, byId: Map<string, GraphNode>): { label: string; name: string } {
  if (by === 'namespace') {
    const name = key || '(cluster-scoped)';
    return { name, label: `namespace ${name}` };
  }
  // The graph links sources to what uses them, not to what applied them: they land here too.
  if (key === UNOWNED_KEY) return { name: 'other objects', label: 'other objects' };
  const name = byId.get(key)?.ref.name ?? key.split('/').pop() ?? key;
  return { name, label: `applied by ${name}` };
}

export function worstOf(states: Partial<Record<FluxState, number>>): FluxState {
  return STATES_WORST_FIRST.find(state => states[state]) ?? 'ready';
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** "12 HelmReleases · 2 failed, 1 waiting": the line under a group's name. */
export function groupSummary(group: MapGroup): string {
  const kinds = Object.entries(group.kinds)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([kind, n]) => plural(n, kind));
  const bad = STATES_WORST_FIRST.filter(s => s !== 'ready' && group.states[s]).map(
    s => `${group.states[s]} ${s}`,
  );
  return [kinds.slice(0, 2).join(', ') + (kinds.length > 2 ? ', …' : ''), bad.join(', ')]
    .filter(Boolean)
    .join(' · ');
}

export interface CollapsedGraph {
  model: GraphModel;
  /** The group nodes in `model`, by node id. */
  groups: Map<string, MapGroup>;
  /** Each folded object's group node id. */
  folded: Map<string, string>;
}

/**
 * The graph with every group whose key is not in `expanded` folded into one node per band. A group node
 * takes the worst state of its members and the lowest rank (so an entry-band group sits where its first
 * member would).
 */
export function collapseGraph(model: GraphModel, by: GroupBy, expanded: ReadonlySet<string>): CollapsedGraph {
  const keys = groupKeys(model, by);
  const byId = new Map(model.nodes.map(n => [n.id, n]));
  const members = new Map<string, GraphNode[]>();
  for (const node of model.nodes) {
    const key = keys.get(node.id) ?? UNOWNED_KEY;
    if (expanded.has(key)) continue;
    const id = groupId(by, node.layer, key);
    const list = members.get(id);
    if (list) list.push(node);
    else members.set(id, [node]);
  }
  const groups = new Map<string, MapGroup>();
  const folded = new Map<string, string>();
  for (const [id, list] of members) {
    if (list.length < MIN_GROUP) continue;
    const first = list[0]!;
    const key = keys.get(first.id) ?? UNOWNED_KEY;
    const group: MapGroup = {
      id,
      by,
      key,
      ...namesOf(by, key, byId),
      layer: first.layer,
      members: list.map(n => n.id),
      states: {},
      kinds: {},
    };
    for (const node of list) {
      group.states[node.state] = (group.states[node.state] ?? 0) + 1;
      group.kinds[node.ref.kind] = (group.kinds[node.ref.kind] ?? 0) + 1;
      folded.set(node.id, id);
    }
    groups.set(id, group);
  }
  if (groups.size === 0) return { model, groups, folded };

  const nodes: GraphNode[] = [];
  const placed = new Set<string>();
  for (const node of model.nodes) {
    const into = folded.get(node.id);
    if (!into) {
      nodes.push(node);
      continue;
    }
    if (placed.has(into)) continue;
    placed.add(into);
    const group = groups.get(into)!;
    const list = members.get(into)!;
    const summary = groupSummary(group);
    const lead = group.key === UNOWNED_KEY ? '' : by === 'owner' ? 'applies ' : 'namespace · ';
    nodes.push({
      id: into,
      ref: { group: '', kind: 'Group', namespace: '', name: group.name },
      layer: group.layer,
      state: worstOf(group.states),
      message: `${group.label}: ${summary}`,
      subtitle: `${lead}${summary}`,
      rank: Math.min(...list.map(n => n.rank)),
    });
  }
  const edges: GraphEdge[] = [];
  const seen = new Set<string>();
  for (const edge of model.edges) {
    const source = folded.get(edge.source) ?? edge.source;
    const target = folded.get(edge.target) ?? edge.target;
    if (source === target) continue;
    const id =
      source === edge.source && target === edge.target ? edge.id : `${edge.type}:${source}->${target}`;
    if (seen.has(id)) continue;
    seen.add(id);
    edges.push(id === edge.id ? edge : { ...edge, id, source, target });
  }
  return { model: { nodes, edges }, groups, folded };
}

/** The URL's `group` parameter: `none`, `namespace`, `owner`, or absent (summary mode decides). */
export type GroupParam = GroupBy | 'none' | '';

/**
 * The grouping in force. Absent from the URL: none up to SUMMARY_ABOVE objects, above it the summary: the
 * grouping that draws fewer nodes (a cluster with every object in one namespace is better summarized by
 * owner, a flat one with many namespaces by namespace).
 */
export function groupingFor(model: GraphModel, param: string): GroupBy | undefined {
  if (param === 'namespace' || param === 'owner') return param;
  if (param === 'none' || model.nodes.length <= SUMMARY_ABOVE) return undefined;
  const none = new Set<string>();
  const sizes = GROUP_BY.map(by => collapseGraph(model, by, none).model.nodes.length);
  return sizes[1]! < sizes[0]! ? 'owner' : 'namespace';
}
