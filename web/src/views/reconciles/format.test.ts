import { describe, expect, it } from 'vitest';
import { formatMs } from './format';

describe('formatMs', () => {
  it.each([
    [350, '350ms'],
    [4200, '4.2s'],
    [42_000, '42s'],
    [65_000, '1m05s'],
  ])('%d ms', (ms, text) => expect(formatMs(ms)).toBe(text));
});
