/**
 * Keyboard movement within a group (tabs, a list): ArrowLeft/ArrowRight (or Up/Down for vertical groups),
 * Home and End, wrapping at the ends, as the WAI-ARIA tabs pattern has it. Undefined for any other key.
 */
export function rovingIndex(
  key: string,
  current: number,
  count: number,
  orientation: 'horizontal' | 'vertical' = 'horizontal',
): number | undefined {
  if (count === 0) return undefined;
  const [back, forth] = orientation === 'horizontal' ? ['ArrowLeft', 'ArrowRight'] : ['ArrowUp', 'ArrowDown'];
  if (key === back) return (current - 1 + count) % count;
  if (key === forth) return (current + 1) % count;
  if (key === 'Home') return 0;
  if (key === 'End') return count - 1;
  return undefined;
}
