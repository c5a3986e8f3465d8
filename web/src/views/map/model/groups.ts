/**
 * Big maps: objects grouped by namespace, by tenant (shared's tenantOf: the `toolkit.fluxcd.io/tenant`
 * label, the Namespace's, or inherited from what applied the object) or by the Kustomization that applies
 * them, each group collapsed into one node per band (so the three bands still read entry points -> what
 * they deploy -> building blocks) or expanded into its objects. A band's part of a group bigger than
 * MAX_GROUP is cut into parts in name order (a root applying 3,400 Kustomizations is 14 parts), so opening
 * one never draws thousands of nodes at once. Edges are drawn for the level on screen only: an edge into a
 * collapsed group ends at the group's node, edges inside a collapsed group are not drawn, and parallel
 * edges between the same two nodes become one. Above SUMMARY_ABOVE objects the map starts in this summary
 * mode (every group collapsed), which keeps the first render and panning cheap at 10,000 Flux objects.
 */
import type { FluxState, GraphEdge, GraphLayer, GraphModel, GraphNode } from '@fluxscope/shared';
import { STATES_WORST_FIRST } from '@fluxscope/shared';

export type GroupBy = 'namespace' | 'tenant' | 'owner';

export const GROUP_BY: readonly GroupBy[] = ['namespace', 'tenant', 'owner'];

/** What the summary mode picks from: a cluster without tenants would be one "no tenant" group. */
const AUTO_GROUP_BY: readonly GroupBy[] = ['namespace', 'owner'];

export const GROUP_BY_LABELS: Record<GroupBy, string> = {
  namespace: 'Namespace',
  tenant: 'Tenant',
  owner: 'Applied by',
};

/** Each node's tenant ('' for none), for grouping by tenant (MapView resolves them with shared's tenantOf). */
export type Tenants = ReadonlyMap<string, string>;

/**
 * Above this many objects (after filters) the map opens grouped, every group collapsed. Up to here the whole
 * map is drawn (culled to the screen, edges on a canvas: figure 5 of bench/README.md is at 2,000).
 */
export const SUMMARY_ABOVE = 3000;

/** A group of one hides nothing: smaller groups are drawn as their objects. */
export const MIN_GROUP = 2;

/** Objects no Kustomization applies (the root, objects created by hand), in owner mode. */
export const UNOWNED_KEY = '';

/** A band's part of a group above this many objects is cut into parts of at most this many. */
export const MAX_GROUP = 250;

export interface MapGroup {
  id: string;
  by: GroupBy;
  /** What expands it: the namespace, tenant or applying Kustomization's node id ('' when none), plus
   *  `#<band>.<part>` for a part of a cut group. */
  key: string;
  /** For a part of a cut group: which one, of how many. */
  part?: { index: number; of: number };
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

/**
 * Each node's group: its namespace, its tenant, or the node id of the Kustomization that applies it; for a
 * band's part of a group bigger than MAX_GROUP, the part (`<key>#<band>.<n>`, members in name order).
 */
export function groupKeys(model: GraphModel, by: GroupBy, tenants?: Tenants): Map<string, string> {
  const keys = baseKeys(model, by, tenants);
  const buckets = new Map<string, GraphNode[]>();
  for (const node of model.nodes) {
    const bucket = `${node.layer}\0${keys.get(node.id) ?? ''}`;
    const list = buckets.get(bucket);
    if (list) list.push(node);
    else buckets.set(bucket, [node]);
  }
  for (const list of buckets.values()) {
    if (list.length <= MAX_GROUP) continue;
    const sorted = [...list].sort(
      (a, b) =>
        a.ref.name.localeCompare(b.ref.name) ||
        a.ref.namespace.localeCompare(b.ref.namespace) ||
        a.ref.kind.localeCompare(b.ref.kind),
    );
    const parts = Math.ceil(sorted.length / MAX_GROUP);
    // Parts of equal size: 3,399 in 14 parts of 242-243, not 13 of 250 and one of 149.
    const size = Math.ceil(sorted.length / parts);
    sorted.forEach((node, i) => {
      keys.set(node.id, `${keys.get(node.id) ?? ''}#${node.layer}.${Math.floor(i / size) + 1}`);
    });
  }
  return keys;
}

/** A part's key back to its group's key and part number ('apps#entry.3' -> 'apps', 3). */
function splitPart(key: string): { base: string; index: number } | undefined {
  const match = /^(.*)#[a-z]+\.(\d+)$/.exec(key);
  return match ? { base: match[1]!, index: Number(match[2]) } : undefined;
}

function baseKeys(model: GraphModel, by: GroupBy, tenants: Tenants | undefined): Map<string, string> {
  const keys = new Map<string, string>();
  if (by === 'namespace') {
    for (const node of model.nodes) keys.set(node.id, node.ref.namespace);
    return keys;
  }
  if (by === 'tenant') {
    for (const node of model.nodes) keys.set(node.id, tenants?.get(node.id) ?? '');
    return keys;
  }
  const appliedBy = new Map<string, string>();
  for (const edge of model.edges) if (edge.type === 'parent') appliedBy.set(edge.target, edge.source);
  for (const node of model.nodes) keys.set(node.id, appliedBy.get(node.id) ?? UNOWNED_KEY);
  nest(model, keys, appliedBy);
  return keys;
}

/** Owner groups of objects lifted from groups of one: `~` + the Kustomization above them (NESTED_PREFIX). */
const NESTED_PREFIX = '~';

/**
 * A Kustomization that applies a single object in a band would make a "group" of one, drawn as the object:
 * on a cluster where each app Kustomization applies one HelmRelease that is thousands of loose nodes. Such
 * objects are lifted to the Kustomization that applied their Kustomization, into a group of their own
 * ("applied by what flux-system applies"), and up again while that is still a group of one.
 */
function nest(model: GraphModel, keys: Map<string, string>, appliedBy: ReadonlyMap<string, string>): void {
  const owner = (key: string) => (key.startsWith(NESTED_PREFIX) ? key.slice(NESTED_PREFIX.length) : key);
  for (let level = 0; level < 8; level++) {
    const counts = new Map<string, number>();
    for (const node of model.nodes) {
      const bucket = `${node.layer}\0${keys.get(node.id)}`;
      counts.set(bucket, (counts.get(bucket) ?? 0) + 1);
    }
    let lifted = false;
    for (const node of model.nodes) {
      const key = keys.get(node.id) ?? UNOWNED_KEY;
      if (key === UNOWNED_KEY || (counts.get(`${node.layer}\0${key}`) ?? 0) >= MIN_GROUP) continue;
      const above = appliedBy.get(owner(key));
      if (above === undefined) continue;
      keys.set(node.id, NESTED_PREFIX + above);
      lifted = true;
    }
    if (!lifted) return;
  }
}

function namesOf(by: GroupBy, key: string, byId: Map<string, GraphNode>): { label: string; name: string } {
  if (by === 'namespace') {
    const name = key || '(cluster-scoped)';
    return { name, label: `namespace ${name}` };
  }
  if (by === 'tenant')
    return key ? { name: key, label: `tenant ${key}` } : { name: 'no tenant', label: 'no tenant' };
  // The graph links sources to what uses them, not to what applied them: they land here too.
  if (key === UNOWNED_KEY) return { name: 'other objects', label: 'other objects' };
  const nested = key.startsWith(NESTED_PREFIX);
  const id = nested ? key.slice(NESTED_PREFIX.length) : key;
  const name = byId.get(id)?.ref.name ?? id.split('/').pop() ?? id;
  return { name, label: nested ? `applied by what ${name} applies` : `applied by ${name}` };
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

/** The words before a group node's summary line: "applies 12 HelmReleases", "tenant · 3 Kustomizations". */
const LEADS: Record<GroupBy, string> = { owner: 'applies ', namespace: 'namespace · ', tenant: 'tenant · ' };

/** How many parts a cut group has in a band. */
function partsOf(keys: ReadonlyMap<string, string>, base: string, layer: GraphLayer): number {
  const prefix = `${base}#${layer}.`;
  let most = 0;
  for (const key of keys.values())
    if (key.startsWith(prefix)) most = Math.max(most, Number(key.slice(prefix.length)));
  return most;
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
export function collapseGraph(
  model: GraphModel,
  by: GroupBy,
  expanded: ReadonlySet<string>,
  tenants?: Tenants,
): CollapsedGraph {
  const keys = groupKeys(model, by, tenants);
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
    const cut = splitPart(key);
    const names = namesOf(by, cut ? cut.base : key, byId);
    const of = cut ? partsOf(keys, cut.base, first.layer) : 0;
    const group: MapGroup = {
      id,
      by,
      key,
      ...(cut
        ? {
            name: `${names.name} (${cut.index}/${of})`,
            label: `${names.label}, part ${cut.index} of ${of}`,
            part: { index: cut.index, of },
          }
        : names),
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
    const base = splitPart(group.key)?.base ?? group.key;
    const lead = base === UNOWNED_KEY ? '' : base.startsWith(NESTED_PREFIX) ? 'nested · ' : LEADS[by];
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

/** The URL's `group` parameter: `none`, `namespace`, `tenant`, `owner`, or absent (summary mode decides). */
export type GroupParam = GroupBy | 'none' | '';

/**
 * The grouping in force. Absent from the URL: none up to SUMMARY_ABOVE objects, above it the summary: the
 * grouping that draws fewer nodes (a cluster with every object in one namespace is better summarized by
 * owner, a flat one with many namespaces by namespace).
 */
export function groupingFor(model: GraphModel, param: string): GroupBy | undefined {
  if ((GROUP_BY as readonly string[]).includes(param)) return param as GroupBy;
  if (param === 'none' || model.nodes.length <= SUMMARY_ABOVE) return undefined;
  const none = new Set<string>();
  const sizes = AUTO_GROUP_BY.map(by => collapseGraph(model, by, none).model.nodes.length);
  return sizes[1]! < sizes[0]! ? 'owner' : 'namespace';
}
