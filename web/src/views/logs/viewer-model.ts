/** Pure parts of the log viewer: which rows to draw for a scroll position, and how a line is classed. */

export const ROW_HEIGHT = 18;
/** Rows drawn above and below the screen so fast scrolling does not flash empty space. */
const OVERSCAN = 30;
/** Wrapped lines have no fixed height: wrap mode draws only the newest lines of the filtered set. */
export const WRAP_WINDOW = 2000;

export function visibleRange(
  scrollTop: number,
  viewportHeight: number,
  count: number,
): { start: number; end: number } {
  const first = Math.floor(Math.max(0, scrollTop) / ROW_HEIGHT);
  const start = Math.max(0, first - OVERSCAN);
  const end = Math.min(count, first + Math.ceil(viewportHeight / ROW_HEIGHT) + OVERSCAN);
  return { start, end: Math.max(start, end) };
}

/** Severity as a line states it (JSON level, logfmt, klog's letter, Go panics); for colour only. */
export function lineLevel(line: string): 'error' | 'warn' | undefined {
  if (
    /"level":"(error|fatal|panic)"|\blevel=(error|fatal)\b|^E\d{4} |\bERR(OR)?\b|^panic: |^\s*goroutine \d+ \[/.test(
      line,
    )
  )
    return 'error';
  if (/"level":"warn(ing)?"|\blevel=warn(ing)?\b|^W\d{4} |\bWARN(ING)?\b/.test(line)) return 'warn';
  return undefined;
}

/** Indexes of the buffer's lines that pass `keep`, oldest first. */
export function filteredIndexes(
  length: number,
  at: (i: number) => string,
  keep: (line: string) => boolean,
): number[] {
  const out: number[] = [];
  for (let i = 0; i < length; i++) if (keep(at(i))) out.push(i);
  return out;
}
