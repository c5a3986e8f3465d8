import type { KindState, TreeNode } from '@fluxscope/shared';
import { describe, expect, it } from 'vitest';
import { inventoryRank, sortFailingFirst, watchedBy } from './inventory-order';

const node = (name: string, health?: TreeNode['health'], children: TreeNode[] = []): TreeNode => ({
  ref: { group: 'apps', kind: 'Deployment', namespace: 'a', name },
  found: true,
  children,
  ...(health ? { health } : {}),
});

describe('sortFailingFirst', () => {
  it('puts failing nodes first, then those holding failures, then progressing, keeping inventory order', () => {
    const ok = node('ok', { status: 'Current', message: '' });
    const cm = { ...node('cm'), found: false };
    const bad = node('bad', { status: 'Failed', message: 'x: CrashLoopBackOff' });
    const rolling = node('rolling', { status: 'InProgress', message: 'Ready: 0/1' });
    const parent = node('parent', { status: 'Current', message: '' }, [
      node('pod', { status: 'Failed', message: '' }),
    ]);
    const bad2 = node('bad2', { status: 'Failed', message: '' });
    expect(sortFailingFirst([ok, cm, bad, rolling, parent, bad2]).map(n => n.ref.name)).toEqual([
      'bad',
      'bad2',
      'parent',
      'rolling',
      'ok',
      'cm',
    ]);
    expect(inventoryRank(parent)).toBe(1);
  });
});

describe('watchedBy', () => {
  const kind = (k: Partial<KindState>): KindState => ({
    group: 'apps',
    kind: 'Deployment',
    served: true,
    synced: true,
    flux: false,
    count: 1,
    ...k,
  });
  it('knows a kind is watched only when served, and only in the namespaces watched', () => {
    const watched = watchedBy([
      kind({}),
      kind({ group: '', kind: 'ConfigMap', served: false }),
      kind({ group: '', kind: 'Pod', namespaces: ['apps'] }),
    ]);
    expect(watched({ group: 'apps', kind: 'Deployment', namespace: 'x', name: 'd' })).toBe(true);
    expect(watched({ group: '', kind: 'ConfigMap', namespace: 'x', name: 'c' })).toBe(false);
    expect(watched({ group: '', kind: 'Secret', namespace: 'x', name: 's' })).toBe(false);
    expect(watched({ group: '', kind: 'Pod', namespace: 'apps', name: 'p' })).toBe(true);
    expect(watched({ group: '', kind: 'Pod', namespace: 'other', name: 'p' })).toBe(false);
  });
});
