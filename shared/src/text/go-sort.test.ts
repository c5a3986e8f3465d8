import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { goSort } from './go-sort.js';

interface GoSortCase {
  name: string;
  keys: number[] | null;
  order: number[] | null;
}

// Written by Go's own sort.Sort (__golden__/go-sort/main.go): inputs with many ties and the order Go
// leaves them in. Ties are what an unstable sort decides, so only the same algorithm reproduces them.
const cases = JSON.parse(
  readFileSync(new URL('./__golden__/go-sort/go-sort.json', import.meta.url), 'utf8'),
) as GoSortCase[];

describe('goSort', () => {
  it('has fixtures covering insertion sort, ninther pivots and long inputs', () => {
    expect(cases.length).toBeGreaterThan(300);
    expect(Math.max(...cases.map(c => c.keys?.length ?? 0))).toBeGreaterThanOrEqual(600);
  });

  it('leaves ties exactly where Go sort.Sort leaves them', () => {
    const mismatches: string[] = [];
    for (const c of cases) {
      const keys = c.keys ?? [];
      const order = keys.map((_, i) => i);
      goSort(order, (a, b) => (keys[a] as number) < (keys[b] as number));
      if (order.join(',') !== (c.order ?? []).join(',')) mismatches.push(`${c.name} n=${keys.length}`);
    }
    expect(mismatches).toEqual([]);
  });

  it('sorts', () => {
    const xs = [5, 3, 9, 1, 1, 7, 0, 2, 8, 6, 4, 3, 2, 10, 11, 5, 4];
    expect(goSort([...xs], (a, b) => a < b)).toEqual([...xs].sort((a, b) => a - b));
  });
});
