import { describe, expect, it } from 'vitest';
import { referenceLike } from './fixtures';
import { chainOf, emphasisOf, highlightFor, needsIndex } from './highlight';

describe('map highlight', () => {
  it('lights what a node needs (upstream) and what needs it (downstream)', () => {
    const { model, root, sources, infra, karpenter, kubecost, git, chart, repo } = referenceLike();
    const index = needsIndex(model.edges);
    const h = highlightFor(index, infra.id);
    // infrastructure needs: sources (dependsOn), flux-system (its parent), the GitRepository.
    expect([...h.upstream].sort()).toEqual([root.id, sources.id, git.id].sort());
    // and is needed by what it deployed, transitively down to nothing else.
    expect([...h.downstream].sort()).toEqual([karpenter.id, kubecost.id].sort());
    expect(emphasisOf(h, infra.id)).toBe('selected');
    expect(emphasisOf(h, chart.id)).toBe('dim');
    expect(emphasisOf(undefined, chart.id)).toBeUndefined();

    const fromRepo = highlightFor(index, repo.id);
    expect(fromRepo.upstream.size).toBe(0);
    expect([...fromRepo.downstream]).toEqual(expect.arrayContaining([chart.id, karpenter.id]));
  });

  it('terminates on cycles', () => {
    const { model, root, sources } = referenceLike();
    const cyclic = [
      ...model.edges,
      { id: 'cycle', source: sources.id, target: root.id, type: 'dependsOn' as const },
    ];
    const h = highlightFor(needsIndex(cyclic), root.id);
    expect(h.upstream.has(root.id)).toBe(false);
    expect(h.downstream.has(sources.id)).toBe(true);
  });

  it('keeps the culprit bright and spans the chain from the root to the culprit', () => {
    const { model, root, sources, infra, karpenter, kubecost, git } = referenceLike();
    const h = highlightFor(needsIndex(model.edges), infra.id, karpenter.id);
    expect(emphasisOf(h, karpenter.id)).toBe('culprit');
    expect(emphasisOf(h, kubecost.id)).toBe('downstream');
    expect(chainOf(h).sort()).toEqual([infra.id, root.id, sources.id, git.id, karpenter.id].sort());
  });
});
