import { describe, expect, it } from 'vitest';
import { facets, filterFromParams, filterGraph, filterToParams, hidesNodes } from './filter';
import { referenceLike } from './fixtures';

describe('map filter', () => {
  it('keeps matching nodes and only edges between them', () => {
    const { model, karpenter, kubecost } = referenceLike();
    const out = filterGraph(model, { kinds: new Set(['HelmRelease']) });
    expect(out.nodes.map(n => n.id)).toEqual([karpenter.id, kubecost.id]);
    expect(out.edges).toEqual([]);
    expect(filterGraph(model, {})).toBe(model);
  });

  it('filters by status and text', () => {
    const { model, karpenter, infra } = referenceLike();
    expect(filterGraph(model, { states: new Set(['failed', 'waiting']) }).nodes.map(n => n.id)).toEqual([
      infra.id,
      karpenter.id,
    ]);
    expect(filterGraph(model, { text: 'KARP', only: true }).nodes.map(n => n.ref.kind)).toEqual([
      'HelmRelease',
      'HelmChart',
      'HelmRepository',
    ]);
  });

  it('a search alone hides nothing (matches are lit in place); with "only matches" it filters', () => {
    const { model } = referenceLike();
    expect(filterGraph(model, { text: 'karp' })).toBe(model);
    expect(hidesNodes({ text: 'karp' })).toBe(false);
    expect(hidesNodes({ text: 'karp', only: true })).toBe(true);
    expect(hidesNodes({ only: true })).toBe(false);
    expect(hidesNodes({ kinds: new Set(['HelmRelease']) })).toBe(true);
  });

  it('round-trips through URL params and counts facets', () => {
    const filter = filterFromParams(new URLSearchParams('ns=flux-system&status=failed,stalled&q=x'));
    expect(filterToParams(filter)).toEqual({
      ns: 'flux-system',
      kind: undefined,
      status: 'failed,stalled',
      q: 'x',
      only: undefined,
    });
    // Old links (`q` alone) search; `only=1` keeps the hiding filter, and means nothing without a text.
    expect(filterFromParams(new URLSearchParams('q=x&only=1'))).toEqual({ text: 'x', only: true });
    expect(filterToParams({ only: true }).only).toBeUndefined();
    expect(facets(referenceLike().model).kinds.get('Kustomization')).toBe(3);
  });
});
