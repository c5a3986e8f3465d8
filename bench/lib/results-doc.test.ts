import { describe, expect, it } from 'vitest';
import {
  GENERATED_END,
  GENERATED_START,
  composeResults,
  currentSection,
  figureKey,
  mergeRows,
  tableRows,
} from './results-doc.ts';

const table = (...rows: string[]) =>
  ['| Figure | Value |', '|---|---|', ...rows.map(r => `| ${r} |`)].join('\n');

const previous = [
  GENERATED_START,
  '# Fluxscope benchmarks',
  '',
  table(
    'Cold sync, 10k objects (process start 850 ms of it) | 1392 ms',
    'Map: frame rate while panning | 11.7 fps',
    'flux tree vs ours (flux version 2.9.2, the test bed (real controllers), medians of 7) | 90.8×',
  ),
  GENERATED_END,
  '',
  '## A comparison kept by hand',
  '',
  'Before / after, written by a person.',
  '',
  '<!-- logs-bench -->',
  '## Logs (old)',
  '<!-- /logs-bench -->',
  '',
  '## Notes at the end',
].join('\n');

describe('results.md rewrite (report.ts)', () => {
  it('keys a figure without its numbers and numeric details', () => {
    expect(figureKey('Cold sync, 10k objects (process start 850 ms of it; server CPU 1.64 s)')).toBe(
      figureKey('Cold sync, 10k objects (process start ? ms of it; server CPU ? s)'),
    );
    expect(figureKey('API tree root (compact), 10k')).not.toBe(figureKey('API tree root (full), 10k'));
    expect(figureKey('Server heap after GC, 10k objects')).not.toBe(
      figureKey('Server heap after GC, 100k objects'),
    );
    expect(figureKey('API stats, 100k, 20 clients: p50 2.7 / p95')).toBe(
      figureKey('API stats, 100k, 20 clients: p50 1 / p95'),
    );
    expect(
      figureKey('flux tree vs ours (flux version 2.9.2, the test bed (real controllers), medians of 7)'),
    ).toBe(figureKey('flux tree vs ours ()'));
  });

  it('replaces measured rows in place, keeps rows not measured this time, appends new figures', () => {
    const rows = mergeRows(tableRows(previous), [
      { figure: 'Cold sync, 10k objects (process start 700 ms of it)', line: '| cold new |', measured: true },
      { figure: 'Map: frame rate while panning', line: '| map not run |', measured: false },
      { figure: 'flux tree vs ours ()', line: '| flux not run |', measured: false },
      { figure: 'Heap after GC, 10k objects', line: '| heap new |', measured: true },
    ]);
    expect(rows).toEqual([
      '| cold new |',
      '| Map: frame rate while panning | 11.7 fps |',
      '| flux tree vs ours (flux version 2.9.2, the test bed (real controllers), medians of 7) | 90.8× |',
      '| heap new |',
    ]);
  });

  it('pairs figures that differ only in a number in order, losing neither', () => {
    const old = tableRows(
      '| Figure | Value |\n|---|---|\n' +
        '| Change to screen at 20 changes/s (p50 75), p95 | 117 ms |\n' +
        '| Change to screen at 200 changes/s (p50 130), p95 | 272 ms |\n',
    );
    const rows = mergeRows(old, [
      { figure: 'Change to screen at 20 changes/s (p50 65), p95', line: '| 20 new |', measured: true },
      { figure: 'Change to screen at 200 changes/s (p50 81), p95', line: '| 200 new |', measured: true },
    ]);
    expect(rows).toEqual(['| 20 new |', '| 200 new |']);
  });

  it('rewrites only the generated part and the sections it has text for, keeping hand-written ones', () => {
    const out = composeResults(previous, '# Fluxscope benchmarks\n\nnew table', [
      {
        start: '<!-- logs-bench -->',
        end: '<!-- /logs-bench -->',
        text: '<!-- logs-bench -->\n## Logs (new)\n<!-- /logs-bench -->',
      },
      { start: '<!-- map-scale-bench -->', end: '<!-- /map-scale-bench -->', text: undefined },
      {
        start: '<!-- bench/fleet.md -->',
        end: '<!-- /bench/fleet.md -->',
        text: '<!-- bench/fleet.md -->\nfleet\n<!-- /bench/fleet.md -->',
      },
    ]);
    expect(currentSection(out, GENERATED_START, GENERATED_END)).toContain('new table');
    expect(out).not.toContain('1392 ms');
    expect(out).toContain('## A comparison kept by hand\n\nBefore / after, written by a person.');
    expect(out).toContain('## Logs (new)');
    expect(out).not.toContain('## Logs (old)');
    expect(out).toContain('## Notes at the end');
    expect(out).not.toContain('map-scale-bench');
    expect(out.trimEnd().endsWith('<!-- /bench/fleet.md -->')).toBe(true);
    // Running it again changes nothing.
    expect(composeResults(out, '# Fluxscope benchmarks\n\nnew table', [])).toBe(out);
  });

  it('puts the generated part on top of a file without markers and keeps all of that file', () => {
    const old = '# Old results\n\n## Hand-written\n\ntext';
    const out = composeResults(old, 'generated', []);
    expect(out.startsWith(`${GENERATED_START}\ngenerated\n${GENERATED_END}`)).toBe(true);
    expect(out).toContain(old);
    expect(composeResults(undefined, 'generated', [])).toBe(
      `${GENERATED_START}\ngenerated\n${GENERATED_END}\n`,
    );
  });
});
