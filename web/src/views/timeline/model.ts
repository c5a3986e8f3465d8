/**
 * Timeline geometry: rows ordered along the dependsOn chains (by when they turned ready, unfinished last),
 * each with a bar from start to ready (or to "now" while still going), as fractions of the window, split
 * into waiting (until its last dependency was Ready) and working, with its dependencies' ready times.
 */
import type { TimelineBar } from '@fluxscope/shared';
import { refKey } from '@fluxscope/shared';

export interface TimelineRow {
  bar: TimelineBar;
  key: string;
  /** 0..1 of the window; `from` equals `to` when only the ready time is known. */
  from: number;
  to: number;
  /** Ready mark position, when ready. */
  readyAt?: number;
  open: boolean;
  durationMs?: number;
  /**
   * Where waiting ends and working begins (0..1): the last of its dependsOn dependencies turning Ready, when
   * that falls inside the bar. Before it the object only waited (DependencyNotReady); after it, it worked.
   */
  waitTo?: number;
  /** Its dependencies' ready times, for the dependsOn links drawn on its track. */
  deps: Array<{ name: string; at: number }>;
}

export interface TimelineModel {
  rows: TimelineRow[];
  start: number;
  end: number;
  /** Axis ticks as [fraction, ms offset from start]. */
  ticks: Array<[number, number]>;
}

const t = (iso: string | undefined) => (iso ? Date.parse(iso) : NaN);

function niceStep(spanMs: number): number {
  const steps = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 21600, 43200, 86400].map(
    s => s * 1000,
  );
  return steps.find(s => spanMs / s <= 8) ?? 86400_000 * Math.ceil(spanMs / 86400_000 / 8);
}

export function timelineModel(bars: readonly TimelineBar[], now: number): TimelineModel {
  let start = Infinity;
  let end = -Infinity;
  for (const bar of bars) {
    for (const v of [t(bar.start), t(bar.ready)]) {
      if (Number.isNaN(v)) continue;
      start = Math.min(start, v);
      end = Math.max(end, v);
    }
    if (!bar.ready) end = Math.max(end, now);
  }
  if (!Number.isFinite(start)) return { rows: [], start: now, end: now, ticks: [] };
  if (end - start < 1000) end = start + 1000;
  const span = end - start;
  const frac = (v: number) => (v - start) / span;

  const readyOf = new Map(bars.map(b => [refKey(b.ref), { name: b.ref.name, at: t(b.ready) }]));
  const rows = bars.map(bar => {
    const s = t(bar.start);
    const r = t(bar.ready);
    const open = Number.isNaN(r);
    const from = frac(Number.isNaN(s) ? (open ? now : r) : s);
    const to = open ? frac(now) : frac(r);
    const row: TimelineRow = {
      bar,
      key: `${bar.ref.kind}/${bar.ref.namespace}/${bar.ref.name}`,
      from,
      to: Math.max(from, to),
      open,
      deps: [],
    };
    for (const key of bar.dependsOn) {
      const dep = readyOf.get(key);
      if (dep && !Number.isNaN(dep.at)) row.deps.push({ name: dep.name, at: frac(dep.at) });
    }
    const lastDep = Math.max(...row.deps.map(d => d.at));
    if (row.deps.length && lastDep > row.from && lastDep < row.to) row.waitTo = lastDep;
    if (!open) row.readyAt = frac(r);
    if (!Number.isNaN(s) && !open) row.durationMs = r - s;
    return row;
  });
  rows.sort(
    (a, b) =>
      (a.open ? 2 : a.readyAt!) - (b.open ? 2 : b.readyAt!) || a.from - b.from || a.key.localeCompare(b.key),
  );

  const step = niceStep(span);
  const ticks: Array<[number, number]> = [];
  for (let ms = 0; ms <= span; ms += step) ticks.push([ms / span, ms]);
  return { rows, start, end, ticks };
}

export function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${s % 60 ? `${s % 60}s` : ''}`;
  return `${Math.floor(m / 60)}h${m % 60 ? `${m % 60}m` : ''}`;
}
