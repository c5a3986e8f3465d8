/**
 * The logs section of bench/results.md, from bench/out/logs.json. logs-bench.ts writes it in place and
 * report.ts keeps it (or rewrites it when logs.json is present), between the two markers.
 */
type Json = Record<string, unknown>;
const START = '<!-- logs-bench -->';
const END = '<!-- /logs-bench -->';

const get = (o: unknown, ...path: string[]): unknown =>
  path.reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Json)[k] : undefined), o);
const n = (o: unknown, ...path: string[]): number | undefined => {
  const v = get(o, ...path);
  return typeof v === 'number' ? v : undefined;
};

/** Budgets (bench/README.md): click to first line, tab memory while following, server memory flat. */
export const LOGS_BUDGETS = { clickToFirstLineMs: 500, tabMB: 150, serverGrowthMB: 20 };

export function logsSection(r: Json): string {
  const m = get(r, 'machine') as Json;
  const run = `${String(get(m, 'date')).slice(0, 16)}Z, load ${String(get(r, 'loadStart'))}-${String(get(r, 'loadEnd') ?? '?')}`;
  const click = n(r, 'clickToFirstLine', 'p50');
  const tab = n(r, 'follow', 'maxTabPssMB');
  const heap = n(r, 'follow', 'maxTabHeapMB');
  const rss0 = n(r, 'follow', 'serverRssFirstMB');
  const rss1 = n(r, 'follow', 'serverRssLastMB');
  const h0 = n(r, 'follow', 'serverHeapFirstMB');
  const h1 = n(r, 'follow', 'serverHeapLastMB');
  const verdict = (ok: boolean | undefined) => (ok === undefined ? '—' : ok ? '**met**' : '**missed**');
  const growth = rss0 !== undefined && rss1 !== undefined ? Math.round((rss1 - rss0) * 10) / 10 : undefined;
  const samples = (get(r, 'clickToFirstLine', 'samples') as number[] | undefined)?.join(', ') ?? '';
  return [
    START,
    '## Logs',
    '',
    `Command: \`node bench/logs-bench.ts\` (demo cluster pods/log, built server and web, Chromium 1440×900; ${String(get(m, 'nproc'))} cores, ${String(get(m, 'cpu'))}, Node ${String(get(m, 'node'))}, commit ${String(get(m, 'commit'))}).`,
    '',
    '| Figure | Value | Budget | Verdict | Run (UTC, load) |',
    '|---|---|---|---|---|',
    `| Click on Logs to the first line painted (150-line log, tail 1,000; median of 7: ${samples} ms) | ${click ?? '?'} ms | < ${LOGS_BUDGETS.clickToFirstLineMs} ms | ${verdict(click === undefined ? undefined : click < LOGS_BUDGETS.clickToFirstLineMs)} | ${run} |`,
    `| A ${String(get(r, 'history'))}-line log loaded whole (tail 100,000): request to all lines held | ${n(r, 'load50kMs') ?? '?'} ms | — | — | ${run} |`,
    `| That log followed ${n(r, 'follow', 'seconds') ?? '?'} s at ${String(get(r, 'rate'))} lines/s: the tab's renderer process PSS, max of samples every 10 s (JS heap after GC ${heap ?? '?'} MB) | ${tab ?? '?'} MB | < ${LOGS_BUDGETS.tabMB} MB | ${verdict(tab === undefined ? undefined : tab < LOGS_BUDGETS.tabMB)} | ${run} |`,
    `| Server while following: RSS first → last sample (heap after GC ${h0 ?? '?'} → ${h1 ?? '?'} MB) | ${rss0 ?? '?'} → ${rss1 ?? '?'} MB | flat: growth < ${LOGS_BUDGETS.serverGrowthMB} MB | ${verdict(growth === undefined ? undefined : growth < LOGS_BUDGETS.serverGrowthMB)} | ${run} |`,
    '',
    `Tab status at the end: ${String(get(r, 'follow', 'status'))}.`,
    END,
  ].join('\n');
}

/** results.md with the logs section replaced (or appended). */
export function spliceLogsSection(text: string, section: string): string {
  const a = text.indexOf(START);
  const b = text.indexOf(END);
  if (a >= 0 && b > a) return text.slice(0, a) + section + text.slice(b + END.length);
  return `${text.trimEnd()}\n\n${section}\n`;
}

/** The section as results.md holds it now (report.ts keeps it when logs.json is absent). */
export function currentLogsSection(text: string): string | undefined {
  const a = text.indexOf(START);
  const b = text.indexOf(END);
  return a >= 0 && b > a ? text.slice(a, b + END.length) : undefined;
}
