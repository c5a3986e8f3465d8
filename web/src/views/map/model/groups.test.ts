import { describe, expect, it } from 'vitest';
import {
  MAX_GROUP,
  SUMMARY_ABOVE,
  collapseGraph,
  groupId,
  groupKeys,
  groupSummary,
  groupingFor,
  isGroupId,
} from './groups';
import { edge, node, referenceLike, synthetic, syntheticFleet } from './fixtures';

describe('groupKeys', () => {
  it('by owner: the Kustomization that applies each object, the root in no group', () => {
    const { model, root, sources, infra, karpenter } = referenceLike();
    const keys = groupKeys(model, 'owner');
    expect(keys.get(karpenter.id)).toBe(infra.id);
    expect(keys.get(sources.id)).toBe(root.id);
    expect(keys.get(root.id)).toBe('');
  });
});

describe('collapseGraph', () => {
  it('folds each collapsed group into one node per band, with its worst state and counts', () => {
    const { model, infra, karpenter, kubecost } = referenceLike();
    const { model: collapsed, groups } = collapseGraph(model, 'owner', new Set());
    const deploy = groups.get(groupId('owner', 'deploy', infra.id))!;
    expect(deploy.members.sort()).toEqual([karpenter.id, kubecost.id].sort());
    expect(deploy.label).toBe('applied by infrastructure');
    const node = collapsed.nodes.find(n => n.id === deploy.id)!;
    expect(node).toMatchObject({ layer: 'deploy', state: 'failed' });
    expect(groupSummary(deploy)).toBe('2 HelmReleases · 1 failed');
    expect(collapsed.nodes.some(n => n.id === karpenter.id)).toBe(false);
  });

  it('draws edges for the visible level only: re-pointed at groups, none inside a group, no duplicates', () => {
    const { model, root, infra } = referenceLike();
    const { model: collapsed } = collapseGraph(model, 'owner', new Set());
    const ids = new Set(collapsed.nodes.map(n => n.id));
    for (const edge of collapsed.edges) {
      expect(ids.has(edge.source) && ids.has(edge.target)).toBe(true);
      expect(edge.source).not.toBe(edge.target);
    }
    expect(new Set(collapsed.edges.map(e => e.id)).size).toBe(collapsed.edges.length);
    // infrastructure applies two HelmReleases: one edge to their group.
    const entry = groupId('owner', 'entry', root.id);
    const deploy = groupId('owner', 'deploy', infra.id);
    expect(collapsed.edges.filter(e => e.target === deploy)).toHaveLength(1);
    // sources and infrastructure (both applied by the root) are one node: their dependsOn edge is inside it.
    expect(collapsed.edges.some(e => e.type === 'dependsOn')).toBe(false);
    expect(ids.has(entry)).toBe(true);
  });

  it('an expanded group shows its objects and their edges again; a group of one is never folded', () => {
    const { model, root, sources, infra } = referenceLike();
    const { model: open, groups } = collapseGraph(model, 'owner', new Set([root.id]));
    expect(open.nodes.some(n => n.id === sources.id)).toBe(true);
    expect(open.edges.some(e => e.type === 'dependsOn' && e.source === infra.id)).toBe(true);
    // The root is alone in its group: drawn as itself.
    expect(open.nodes.some(n => n.id === root.id)).toBe(true);
    expect([...groups.keys()].every(isGroupId)).toBe(true);
  });

  it('summarizes 10,000 objects in one namespace in parts of at most MAX_GROUP per band', () => {
    const model = synthetic(5000);
    const byOwner = collapseGraph(model, 'owner', new Set());
    // Each Kustomization applies one HelmRelease (a group of one stays itself), so the owner view is
    // no smaller here; by namespace (all in flux-system) it is one group per band, the two bands of
    // 5,000 cut into 20 parts each.
    expect(byOwner.model.nodes.length).toBeGreaterThan(5000);
    const byNamespace = collapseGraph(model, 'namespace', new Set());
    expect(byNamespace.model.nodes).toHaveLength(41);
    const sizes = [...byNamespace.groups.values()].map(g => g.members.length);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(MAX_GROUP);
    const first = [...byNamespace.groups.values()].find(g => g.layer === 'entry' && g.part?.index === 1)!;
    expect(first).toMatchObject({ name: 'flux-system (1/20)', part: { of: 20 } });
    expect(first.label).toBe('namespace flux-system, part 1 of 20');
    // Opening one part draws its objects, not the whole band.
    const open = collapseGraph(model, 'namespace', new Set([first.key]));
    expect(open.model.nodes).toHaveLength(41 - 1 + 250);
  });

  it('groups by tenant, objects without one in "no tenant"', () => {
    const { model, root, sources, infra, karpenter, kubecost } = referenceLike();
    const tenants = new Map([
      [infra.id, 'team-a'],
      [karpenter.id, 'team-a'],
      [kubecost.id, 'team-a'],
      [sources.id, 'team-a'],
    ]);
    const keys = groupKeys(model, 'tenant', tenants);
    expect(keys.get(karpenter.id)).toBe('team-a');
    expect(keys.get(root.id)).toBe('');
    const { groups, model: collapsed } = collapseGraph(model, 'tenant', new Set(), tenants);
    const team = groups.get(groupId('tenant', 'deploy', 'team-a'))!;
    expect(team).toMatchObject({ name: 'team-a', label: 'tenant team-a' });
    expect(collapsed.nodes.find(n => n.id === team.id)?.subtitle).toBe('tenant · 2 HelmReleases · 1 failed');
    const none = groups.get(groupId('tenant', 'source', ''))!;
    expect(none).toMatchObject({ name: 'no tenant', label: 'no tenant' });
    expect(groupingFor(model, 'tenant')).toBe('tenant');
  });
});

describe('owner groups on a fleet of 10,000 Flux objects', () => {
  // Measured with demo-cluster's generator (20,000 objects, 3,400 Kustomizations, 3,270 HelmReleases:
  // 10,007 Flux objects). Before parts and nesting, by owner: 2 groups, the largest 3,399 Kustomizations
  // "applied by flux-system", and 3,270 HelmReleases drawn one by one (each app Kustomization applies one);
  // by namespace: 3 groups of 3,400, 3,270 and 3,337. After: by owner 42 groups (43 nodes drawn), by
  // namespace 42, none above 243.
  it('nests groups of one under the Kustomization above, and cuts big groups into parts', () => {
    const model = syntheticFleet(3400, 3270);
    expect(model.nodes).toHaveLength(10007);
    for (const by of ['owner', 'namespace'] as const) {
      const { model: drawn, groups } = collapseGraph(model, by, new Set());
      const sizes = [...groups.values()].map(g => g.members.length);
      expect(Math.max(...sizes), by).toBeLessThanOrEqual(MAX_GROUP);
      expect(drawn.nodes.length, by).toBeLessThan(60);
      expect(sizes.reduce((a, b) => a + b, 0) + (drawn.nodes.length - groups.size)).toBe(10007);
    }
    const { groups } = collapseGraph(model, 'owner', new Set());
    const releases = [...groups.values()].filter(g => g.layer === 'deploy');
    expect(releases).toHaveLength(14);
    expect(releases[0]!.label).toBe('applied by what flux-system applies, part 1 of 14');
  });

  it('keeps a Kustomization that applies several objects in a band as their group', () => {
    const root = node('Kustomization', 'flux-system', 'entry');
    const app = node('Kustomization', 'app', 'entry', 1);
    const lone = node('Kustomization', 'lone', 'entry', 1);
    const [a, b, c] = ['a', 'b', 'c'].map(name => node('HelmRelease', name, 'deploy'));
    const model = {
      nodes: [root, app, lone, a!, b!, c!],
      edges: [
        edge('parent', root, app),
        edge('parent', root, lone),
        edge('parent', app, a!),
        edge('parent', app, b!),
        edge('parent', lone, c!),
      ],
    };
    const keys = groupKeys(model, 'owner');
    expect(keys.get(a!.id)).toBe(app.id);
    expect(keys.get(c!.id)).toBe(`~${root.id}`);
  });
});

describe('groupingFor', () => {
  it('groups only when asked, or above the summary threshold by the grouping that draws fewer nodes', () => {
    const { model } = referenceLike();
    expect(groupingFor(model, '')).toBeUndefined();
    expect(groupingFor(model, 'owner')).toBe('owner');
    expect(groupingFor(model, 'bogus')).toBeUndefined();
    const big = synthetic(SUMMARY_ABOVE);
    expect(groupingFor(big, '')).toBe('namespace');
    expect(groupingFor(big, 'none')).toBeUndefined();
  });
});
