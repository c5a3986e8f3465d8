import { describe, expect, it } from 'vitest';
import {
  SUMMARY_ABOVE,
  collapseGraph,
  groupId,
  groupKeys,
  groupSummary,
  groupingFor,
  isGroupId,
} from './groups';
import { referenceLike, synthetic } from './fixtures';

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

  it('summarizes 10,000 objects in one namespace into one node per band', () => {
    const model = synthetic(5000);
    const byOwner = collapseGraph(model, 'owner', new Set());
    // Each Kustomization applies one HelmRelease (a group of one stays itself), so the owner view is
    // no smaller here; by namespace (all in flux-system) it is three nodes, one per band.
    expect(byOwner.model.nodes.length).toBeGreaterThan(5000);
    const byNamespace = collapseGraph(model, 'namespace', new Set());
    expect(byNamespace.model.nodes).toHaveLength(3);
    expect(byNamespace.model.edges.length).toBeLessThanOrEqual(2);
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
