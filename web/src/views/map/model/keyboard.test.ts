import { describe, expect, it } from 'vitest';
import { neighbourOf } from './keyboard';

// A 2x2 grid plus one far node to the right on the lower row.
const positions = new Map([
  ['a', { x: 0, y: 0 }],
  ['b', { x: 300, y: 0 }],
  ['c', { x: 0, y: 100 }],
  ['d', { x: 300, y: 100 }],
  ['e', { x: 900, y: 100 }],
]);

describe('neighbourOf', () => {
  it('moves to the nearest node in the arrow direction, staying on the row or column', () => {
    expect(neighbourOf(positions, 'a', 'ArrowRight')).toBe('b');
    expect(neighbourOf(positions, 'a', 'ArrowDown')).toBe('c');
    expect(neighbourOf(positions, 'd', 'ArrowUp')).toBe('b');
    expect(neighbourOf(positions, 'd', 'ArrowLeft')).toBe('c');
    expect(neighbourOf(positions, 'd', 'ArrowRight')).toBe('e');
  });

  it('stops at the edge, and skips nodes that are not among the visible ones', () => {
    expect(neighbourOf(positions, 'a', 'ArrowUp')).toBeUndefined();
    expect(neighbourOf(positions, 'e', 'ArrowRight')).toBeUndefined();
    expect(neighbourOf(positions, 'c', 'ArrowRight', new Set(['a', 'c', 'e']))).toBe('e');
    expect(neighbourOf(positions, 'missing', 'ArrowRight')).toBeUndefined();
  });
});
