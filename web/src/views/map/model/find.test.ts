import type { ObjRef } from '@fluxscope/shared';
import { describe, expect, it } from 'vitest';
import { findMatches, matchCount, matchMarkOf, matchesPerGroup, stepMatch, viaText } from './find';
import { referenceLike } from './fixtures';
import { collapseGraph } from './groups';
import { layoutGraph } from './layout';

const deployment: ObjRef = {
  group: 'apps',
  kind: 'Deployment',
  namespace: 'kubecost',
  name: 'cost-analyzer',
};

describe('map search', () => {
  it('finds nodes by kind, namespace or name, and through a managed object (saying which)', () => {
    const { model, karpenter, chart, repo, kubecost } = referenceLike();
    const layout = layoutGraph(model);
    const place = (id: string) => layout.positions.get(id);
    const found = findMatches(model, ' KARP ', undefined, place);
    expect(found.matches.map(m => m.id)).toEqual([karpenter.id, chart.id, repo.id]);
    expect(found.matches.every(m => m.via === undefined)).toBe(true);

    const via = findMatches(model, 'analyzer', new Map([[kubecost.id, deployment]]), place);
    expect(via.matches).toEqual([{ id: kubecost.id, via: deployment }]);
    expect(viaText(deployment)).toBe('Deployment kubecost/cost-analyzer');
    // A node that matches by its own name says nothing about a managed object.
    const both = findMatches(model, 'kubecost', new Map([[kubecost.id, deployment]]), place);
    expect(both.byId.get(kubecost.id)).toEqual({ id: kubecost.id });

    expect(findMatches(model, '   ', undefined).matches).toEqual([]);
  });

  it('orders matches as the map reads: band by band, the entry band top to bottom', () => {
    const { model, root, sources, infra, git } = referenceLike();
    const layout = layoutGraph(model);
    const found = findMatches(model, 'flux-system', undefined, id => layout.positions.get(id));
    // Every node is in flux-system: the entry band in dependsOn order first, the sources last.
    const ids = found.matches.map(m => m.id);
    expect(ids.slice(0, 3)).toEqual([root.id, sources.id, infra.id]);
    expect(ids.at(-1) === git.id || ids.indexOf(git.id) > ids.indexOf(infra.id)).toBe(true);
  });

  it('steps forwards and backwards with wrap-around, and counts "3 of 12"', () => {
    const { model } = referenceLike();
    const found = findMatches(model, 'karp', undefined);
    const [a, b, c] = found.matches.map(m => m.id);
    expect(matchCount(found, undefined)).toBe('3 matches');
    expect(stepMatch(found, undefined, 1)).toBe(a);
    expect(stepMatch(found, undefined, -1)).toBe(c);
    expect(stepMatch(found, a, 1)).toBe(b);
    expect(stepMatch(found, c, 1)).toBe(a);
    expect(stepMatch(found, a, -1)).toBe(c);
    // A current match that no longer matches (the text changed) restarts at the first.
    expect(stepMatch(found, 'gone', 1)).toBe(a);
    expect(matchCount(found, b)).toBe('2 of 3');
    const none = findMatches(model, 'no-such-object', undefined);
    expect(matchCount(none, undefined)).toBe('No match');
    expect(stepMatch(none, undefined, 1)).toBeUndefined();
  });

  it('counts matches folded into collapsed groups and marks the group that holds the current one', () => {
    const { model, karpenter, kubecost, sources } = referenceLike();
    const collapsed = collapseGraph(model, 'owner', new Set());
    const found = findMatches(model, 'k', new Map(), undefined);
    const perGroup = matchesPerGroup(found, collapsed.folded);
    const deployGroup = collapsed.folded.get(karpenter.id)!;
    expect(perGroup.get(deployGroup)).toBe(2);
    // The current match is folded: its group stands for it on screen.
    const onScreen = collapsed.folded.get(kubecost.id);
    expect(onScreen).toBe(deployGroup);
    expect(matchMarkOf(found, onScreen, deployGroup, perGroup.get(deployGroup))).toBe('current');
    expect(matchMarkOf(found, undefined, deployGroup, perGroup.get(deployGroup))).toBe('match');
    // Nothing matched: no node is dimmed.
    expect(matchMarkOf(findMatches(model, 'zzz', undefined), undefined, sources.id)).toBeUndefined();
    expect(matchMarkOf(findMatches(model, 'karp', undefined), undefined, sources.id)).toBe('other');
  });
});
