import { describe, expect, it } from 'vitest';
import { ROW_HEIGHT, filteredIndexes, lineLevel, visibleRange } from './viewer-model';

describe('visibleRange', () => {
  it('draws the rows on screen plus an overscan, clamped to the line count', () => {
    expect(visibleRange(0, 10 * ROW_HEIGHT, 1000)).toEqual({ start: 0, end: 40 });
    expect(visibleRange(500 * ROW_HEIGHT, 10 * ROW_HEIGHT, 1000)).toEqual({ start: 470, end: 540 });
    expect(visibleRange(990 * ROW_HEIGHT, 10 * ROW_HEIGHT, 1000)).toEqual({ start: 960, end: 1000 });
    expect(visibleRange(0, 500, 0)).toEqual({ start: 0, end: 0 });
  });
});

describe('lineLevel', () => {
  it('reads JSON, logfmt, klog and panics', () => {
    expect(lineLevel('{"level":"error","msg":"x"}')).toBe('error');
    expect(lineLevel('ts=1 level=warn msg=x')).toBe('warn');
    expect(lineLevel('E0101 12:00:00.000 1 x.go:1] boom')).toBe('error');
    expect(lineLevel('panic: runtime error')).toBe('error');
    expect(lineLevel('2026-01-01T00:00:00Z ERR Failed to query')).toBe('error');
    expect(lineLevel('I0101 all good')).toBeUndefined();
  });
});

describe('filteredIndexes', () => {
  it('keeps the indexes of matching lines in order', () => {
    const lines = ['a', 'b', 'ab'];
    expect(
      filteredIndexes(
        3,
        i => lines[i]!,
        l => l.includes('a'),
      ),
    ).toEqual([0, 2]);
  });
});
