import { describe, expect, it } from 'vitest';
import type { ClusterIndex } from '@fluxscope/shared';
import { ViewWarmer } from './view-warmer.js';

function bed() {
  const index = { version: 0 };
  let now = 0;
  const warmedAt: number[] = [];
  const warmer = new ViewWarmer(
    index as unknown as ClusterIndex,
    { warm: async () => (warmedAt.push(index.version), 1) },
    250,
    2000,
    () => now,
  );
  return { index, warmer, warmedAt, advance: (ms: number) => (now += ms) };
}

describe('ViewWarmer', () => {
  it('warms once the index has held still for a tick after a change, and not again until the next change', async () => {
    const { index, warmer, warmedAt, advance } = bed();
    await warmer.tick();
    expect(warmedAt).toEqual([]);
    index.version = 3;
    await warmer.tick();
    expect(warmedAt).toEqual([]);
    advance(250);
    await warmer.tick();
    expect(warmedAt).toEqual([3]);
    advance(250);
    await warmer.tick();
    expect(warmedAt).toEqual([3]);
  });

  it('a cluster that never holds still is still warmed every maxWaitMs', async () => {
    const { index, warmer, warmedAt, advance } = bed();
    for (let i = 1; i <= 12; i++) {
      index.version = i;
      await warmer.tick();
      advance(250);
    }
    expect(warmedAt).toEqual([9]);
  });
});
