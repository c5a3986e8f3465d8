/**
 * The browser's side of a log stream, as pure logic: a text filter (`-word` negates, quoted phrases), and a
 * buffer that holds at most a fixed number of lines and counts what it dropped, so a followed log can run
 * for hours in a tab at a bounded memory cost.
 */

export interface LineFilter {
  /** Every one of these must occur (case-insensitive). */
  include: string[];
  /** None of these may occur. */
  exclude: string[];
}

/** `error -probe "context deadline"` → include [error, context deadline], exclude [probe]. */
export function parseLineFilter(query: string): LineFilter {
  const include: string[] = [];
  const exclude: string[] = [];
  const re = /(-?)(?:"([^"]*)"?|(\S+))/g;
  for (const m of query.matchAll(re)) {
    const term = (m[2] ?? m[3] ?? '').toLowerCase();
    if (term === '' || (m[1] === '' && term === '-')) continue;
    (m[1] === '-' ? exclude : include).push(term);
  }
  return { include, exclude };
}

export const isEmptyFilter = (f: LineFilter): boolean => f.include.length === 0 && f.exclude.length === 0;

export function matchesFilter(line: string, f: LineFilter): boolean {
  if (isEmptyFilter(f)) return true;
  const lower = line.toLowerCase();
  return f.include.every(t => lower.includes(t)) && !f.exclude.some(t => lower.includes(t));
}

/**
 * Splits a chunked text stream into lines: feed chunks, get the complete lines; the last partial line waits
 * for the next chunk (or `end()`).
 */
export class LineSplitter {
  private rest = '';

  push(chunk: string): string[] {
    const text = this.rest + chunk;
    const parts = text.split('\n');
    this.rest = parts.pop() ?? '';
    return parts.map(stripCr);
  }

  end(): string[] {
    const last = this.rest;
    this.rest = '';
    return last === '' ? [] : [stripCr(last)];
  }
}

const stripCr = (line: string): string => (line.endsWith('\r') ? line.slice(0, -1) : line);

/** A ring of the newest `capacity` lines; `dropped` counts lines pushed out since the last clear. */
export class LineBuffer {
  private items: string[] = [];
  private start = 0;
  dropped = 0;
  /** Bumped on every change, so a view can tell cheaply whether to re-render. */
  version = 0;

  constructor(readonly capacity: number) {}

  get length(): number {
    return this.items.length - this.start;
  }

  push(lines: readonly string[]): void {
    if (lines.length === 0) return;
    for (const line of lines) this.items.push(line);
    const over = this.length - this.capacity;
    if (over > 0) {
      this.start += over;
      this.dropped += over;
    }
    // Compact once the dead prefix is as large as the live part: amortized O(1) per line.
    if (this.start > 1024 && this.start >= this.length) {
      this.items = this.items.slice(this.start);
      this.start = 0;
    }
    this.version++;
  }

  at(i: number): string {
    return this.items[this.start + i] ?? '';
  }

  toArray(): string[] {
    return this.items.slice(this.start);
  }

  clear(): void {
    this.items = [];
    this.start = 0;
    this.dropped = 0;
    this.version++;
  }
}
