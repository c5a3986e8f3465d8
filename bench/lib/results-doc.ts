/**
 * How bench/report.ts rewrites bench/results.md without losing what it did not measure this time: the
 * generated part sits between GENERATED markers and is the only part rewritten; every other section (hand
 * kept comparisons, other benches' sections between their own markers) stays as it is. In the generated
 * table, a figure whose bench left no bench/out json this time keeps its previous row, so a partial run
 * (one server size) never wipes the browser's or the flux CLI's figures.
 */

export const GENERATED_START = '<!-- report.ts: the part below is rewritten by `node bench/report.ts` -->';
export const GENERATED_END = '<!-- /report.ts -->';

export interface Section {
  start: string;
  end: string;
  /** The section with its markers; undefined = keep whatever the file has between them. */
  text: string | undefined;
}

export function currentSection(text: string, start: string, end: string): string | undefined {
  const a = text.indexOf(start);
  const b = text.indexOf(end, a);
  return a >= 0 && b > a ? text.slice(a, b + end.length) : undefined;
}

/** `text` with the section between `start` and `end` replaced, or appended when it has none. */
export function spliceSection(text: string, start: string, end: string, section: string): string {
  const a = text.indexOf(start);
  const b = text.indexOf(end, a);
  if (a >= 0 && b > a) return text.slice(0, a) + section + text.slice(b + end.length);
  return `${text.trimEnd()}\n\n${section}\n`;
}

/**
 * What stays the same of a figure's name from one run to the next: its numbers (or `?` for a number a run
 * lacked) left out but sizes such as "10k" kept, and parenthesized details that hold numbers or nothing, so "Cold sync, 10k objects
 * (process start 850 ms of it)" and "Cold sync, 10k objects (process start ? ms of it)" are one figure.
 */
export function figureKey(figure: string): string {
  // A number with a unit letter glued to it names a size ("10k", "100k objects"): that stays.
  let key = figure.replace(/\d[\d.,]*(?![\d.,]*[a-zA-Z])|\?/g, '#');
  for (let before = ''; before !== key;) {
    before = key;
    key = key.replace(/\s*\(([^()]*)\)/g, (all: string, inner: string) =>
      inner.trim() === '' || inner.includes('#') ? '' : all.replace('(', '[').replace(/\)$/, ']'),
    );
  }
  return key.replace(/\s+/g, ' ').trim();
}

export interface TableRow {
  /** The figure's name as printed (first column). */
  figure: string;
  /** The whole markdown line. */
  line: string;
  /** False when its bench left nothing this time ("not run", "not measured"). */
  measured: boolean;
}

const cellsOf = (line: string): string[] => line.split('|').map(c => c.trim());

/** Table rows (`| a | b |`) of a markdown text, without the header and separator lines. */
export function tableRows(text: string): Array<{ key: string; line: string }> {
  const lines = text.split('\n').filter(l => l.startsWith('|'));
  return lines.slice(2).map(line => ({ key: figureKey(cellsOf(line)[1] ?? ''), line }));
}

/**
 * The rows to print: each previous row in its place, replaced by this run's row of the same figure when that
 * one was measured; then figures that are new. A previous row no bench produced this time stays.
 */
export function mergeRows(previous: Array<{ key: string; line: string }>, fresh: TableRow[]): string[] {
  // Figures that differ only in a number share a key (change to screen at 20 and at 200 changes/s): this
  // run's rows of one key replace the previous rows of that key in order.
  const byKey = new Map<string, TableRow[]>();
  for (const r of fresh) {
    const key = figureKey(r.figure);
    byKey.set(key, [...(byKey.get(key) ?? []), r]);
  }
  const out: string[] = [];
  for (const old of previous) {
    const now = byKey.get(old.key)?.shift();
    out.push(now?.measured ? now.line : old.line);
  }
  for (const rows of byKey.values()) for (const r of rows) out.push(r.line);
  return out;
}

/**
 * The new results.md: the generated part and each section put in place of its previous text (appended when
 * new), everything else of `previous` kept. Without generated markers (an older file) the generated part goes
 * on top and the whole previous text follows it, so nothing hand-written is lost.
 */
export function composeResults(previous: string | undefined, generated: string, sections: Section[]): string {
  let text = previous ?? '';
  const block = `${GENERATED_START}\n${generated.trim()}\n${GENERATED_END}`;
  if (currentSection(text, GENERATED_START, GENERATED_END) !== undefined)
    text = spliceSection(text, GENERATED_START, GENERATED_END, block);
  else text = text.trim() ? `${block}\n\n${text.trim()}\n` : `${block}\n`;
  for (const s of sections) if (s.text !== undefined) text = spliceSection(text, s.start, s.end, s.text);
  return text.endsWith('\n') ? text : `${text}\n`;
}
