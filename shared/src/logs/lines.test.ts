import { describe, expect, it } from 'vitest';
import { LineBuffer, LineSplitter, matchesFilter, parseLineFilter } from './lines.js';

describe('parseLineFilter / matchesFilter', () => {
  it('includes words, excludes -words, keeps quoted phrases', () => {
    const f = parseLineFilter('error -probe "deadline exceeded"');
    expect(f).toEqual({ include: ['error', 'deadline exceeded'], exclude: ['probe'] });
    expect(matchesFilter('ERROR: context deadline exceeded', f)).toBe(true);
    expect(matchesFilter('error: probe deadline exceeded', f)).toBe(false);
    expect(matchesFilter('error only', f)).toBe(false);
  });

  it('an empty or blank filter matches everything; a lone - is ignored', () => {
    expect(matchesFilter('x', parseLineFilter(''))).toBe(true);
    expect(parseLineFilter('  - ')).toEqual({ include: [], exclude: [] });
    expect(parseLineFilter('-"a b"')).toEqual({ include: [], exclude: ['a b'] });
  });
});

describe('LineSplitter', () => {
  it('holds a partial line until the next chunk, strips CR', () => {
    const s = new LineSplitter();
    expect(s.push('a\r\nb')).toEqual(['a']);
    expect(s.push('c\nd\n')).toEqual(['bc', 'd']);
    expect(s.push('tail')).toEqual([]);
    expect(s.end()).toEqual(['tail']);
    expect(s.end()).toEqual([]);
  });
});

describe('LineBuffer', () => {
  it('keeps the newest lines up to its capacity and counts the dropped', () => {
    const b = new LineBuffer(3);
    b.push(['1', '2']);
    b.push(['3', '4', '5']);
    expect(b.toArray()).toEqual(['3', '4', '5']);
    expect(b.dropped).toBe(2);
    expect(b.at(0)).toBe('3');
    b.clear();
    expect(b.length).toBe(0);
    expect(b.dropped).toBe(0);
  });

  it('stays bounded over a long run', () => {
    const b = new LineBuffer(1000);
    for (let i = 0; i < 100; i++) b.push(Array.from({ length: 500 }, (_, j) => `${i}:${j}`));
    expect(b.length).toBe(1000);
    expect(b.dropped).toBe(49_000);
    expect(b.at(999)).toBe('99:499');
    expect((b as unknown as { items: string[] }).items.length).toBeLessThanOrEqual(2 * 1000 + 1024 + 500);
  });
});
