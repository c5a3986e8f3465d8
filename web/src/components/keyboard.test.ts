import { describe, expect, it } from 'vitest';
import { rovingIndex } from './keyboard';

describe('rovingIndex', () => {
  it('moves along the row and wraps at both ends', () => {
    expect(rovingIndex('ArrowRight', 0, 3)).toBe(1);
    expect(rovingIndex('ArrowRight', 2, 3)).toBe(0);
    expect(rovingIndex('ArrowLeft', 0, 3)).toBe(2);
    expect(rovingIndex('Home', 2, 3)).toBe(0);
    expect(rovingIndex('End', 0, 3)).toBe(2);
  });

  it('ignores the other axis and other keys', () => {
    expect(rovingIndex('ArrowDown', 0, 3)).toBeUndefined();
    expect(rovingIndex('a', 0, 3)).toBeUndefined();
    expect(rovingIndex('ArrowDown', 0, 3, 'vertical')).toBe(1);
    expect(rovingIndex('ArrowRight', 0, 0)).toBeUndefined();
  });
});
