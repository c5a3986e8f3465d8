/**
 * Writes bench/results.md from the figures the benches left in bench/out/*.json: every figure next to its
 * budget, met or not, with the machine, date, command and load average of the run that produced it.
 * The budgets are the ones bench/README.md states.
 *   node bench/report.ts
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { logsSection } from './lib/logs-report.ts';
import { mapScaleSection } from './lib/map-scale-report.ts';
import { ROOT } from './lib/proc.ts';
import {
  GENERATED_END,
  GENERATED_START,
  type Section,
  type TableRow,
  composeResults,
  currentSection,
  mergeRows,
  tableRows,
} from './lib/results-doc.ts';

type Json = Record<string, unknown>;
const read = (name: string): Json | undefined => {
  const path = `${ROOT}bench/out/${name}.json`;
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as Json) : undefined;
};
const at = (o: unknown, ...path: string[]): unknown =>
  path.reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Json)[k] : undefined), o);
const num = (o: unknown, ...path: string[]): number | undefined => {
  const v = at(o, ...path);
  return typeof v === 'number' ? v : undefined;
};

const rows: TableRow[] = [];
const verdict = (met: boolean | undefined): string =>
  met === undefined ? '—' : met ? '**met**' : '**missed**';
const runOf = (r: Json | undefined): string =>
  r
    ? `${String(at(r, 'machine', 'date')).slice(0, 16)}Z, load ${String(at(r, 'loadStart') ?? '?')}`
    : 'not run';
function row(
  figure: string,
  value: number | string | undefined,
  unit: string,
  budget: string,
  met: boolean | undefined,
  run: Json | undefined,
): void {
  const shown = value === undefined ? 'not measured' : `${value}${unit}`;
  const shownMet = value === undefined ? undefined : met;
  rows.push({
    figure,
    line: `| ${figure} | ${shown} | ${budget} | ${verdict(shownMet)} | ${runOf(run)} |`,
    measured: value !== undefined && run !== undefined,
  });
}

const s10 = read('server-10000');
const s100 = read('server-100000');
const base = read('server-1000');
const browser = read('browser');
const flux = read('flux');
const fluxSynthetic = read('flux-synthetic');

/** The two server runs every per-size figure is read from. */
const SIZES = [
  [s10, '10k'],
  [s100, '100k'],
] as const;

// 1. Cold sync.
for (const [r, n, budget] of [
  [s10, '10k', 5000],
  [s100, '100k', 10_000],
] as const) {
  const ms = num(r, 'coldSync', 'readyMs');
  row(
    `Cold sync, ${n} objects: spawn to /readyz ready (process start ${num(r, 'coldSync', 'listeningMs') ?? '?'} ms of it; server CPU ${num(r, 'coldSync', 'serverCpuSeconds') ?? '?'} s)`,
    ms,
    ' ms',
    `< ${budget} ms`,
    ms === undefined ? undefined : ms < budget,
    r,
  );
}
// 2. Memory.
for (const [r, n] of [
  [base, '1k'],
  [s10, '10k'],
  [s100, '100k'],
] as const) {
  row(
    `Server heap after GC, ${n} objects`,
    num(r, 'memory', 'heapUsedMB'),
    ' MB',
    'see per-10k',
    undefined,
    r,
  );
  row(
    `Server RSS (peak during sync), ${n} objects`,
    r ? `${num(r, 'memory', 'rssMB')} (${num(r, 'memory', 'peakRssMB')})` : undefined,
    ' MB',
    '—',
    undefined,
    r,
  );
}
const h10 = num(s10, 'memory', 'heapUsedMB');
const h100 = num(s100, 'memory', 'heapUsedMB');
const h1 = num(base, 'memory', 'heapUsedMB');
if (h10 !== undefined && h100 !== undefined) {
  const per10k = Math.round(((h100 - h10) / 9) * 10) / 10;
  row(
    'Heap per 10k objects, marginal: (heap@100k - heap@10k) / 9',
    per10k,
    ' MB',
    '< 20 MB',
    per10k < 20,
    s100,
  );
  const avg = Math.round(((h100 - (h1 ?? 0)) / 9.9) * 10) / 10;
  row(
    `Heap per 10k objects, average over 100k${h1 !== undefined ? ' (minus the 1k-object baseline)' : ''}`,
    avg,
    ' MB',
    '< 20 MB',
    avg < 20,
    s100,
  );
}
const snapGz = num(s10, 'snapshot', 'gzipMB');
row(
  `Snapshot of 10k objects, gzip as served (raw ${num(s10, 'snapshot', 'rawMB') ?? '?'} MB)`,
  snapGz,
  ' MB',
  '< 1 MB',
  snapGz === undefined ? undefined : snapGz < 1,
  s10,
);
const snap100 = num(s100, 'snapshot', 'gzipMB');
row(
  `Snapshot of 100k objects, gzip as served (raw ${num(s100, 'snapshot', 'rawMB') ?? '?'} MB)`,
  snap100,
  ' MB',
  '—',
  undefined,
  s100,
);
// 3. API latency.
for (const [r, n] of SIZES) {
  const api = at(r, 'api') as Record<string, Json> | undefined;
  for (const [name, fig] of Object.entries(api ?? {})) {
    const budgeted = n === '100k' && /tree|trace|stats/.test(name) && name !== 'tree root (full)';
    const p95 = num(fig, 'p95');
    const cpu = num(fig, 'cpuMsPerRequest');
    row(
      `API ${name}, ${n}, 20 clients: p50 ${num(fig, 'p50')} / p95 (gzip ${num(fig, 'bytes')} B${cpu !== undefined ? `; server CPU ${cpu} ms/request` : ''})`,
      p95,
      ' ms',
      budgeted ? '< 20 ms p95' : '—',
      budgeted && p95 !== undefined ? p95 < 20 : undefined,
      r,
    );
  }
}
// 3b. The budgeted views while the cluster changes (the response cache is dropped on every change).
for (const [r, n] of SIZES) {
  const changing = at(r, 'apiUnderChanges') as Record<string, Json> | undefined;
  const rate = num(changing, 'changesPerSecond');
  for (const [name, fig] of Object.entries(changing ?? {})) {
    if (typeof fig !== 'object' || fig === null) continue;
    const cpu = num(fig, 'cpuMsPerRequest');
    row(
      `API ${name}, ${n}, 20 clients, cluster changing at ${rate}/s: p50 ${num(fig, 'p50')} / p95 (server CPU ${cpu} ms/request)`,
      num(fig, 'p95'),
      ' ms',
      '— (budget is for a steady cluster)',
      undefined,
      r,
    );
  }
}
// 3c. The full root tree's first request after a change (`server-bench.ts --objects 14000 --skip api,fanout`):
// what the server's warming of recently asked costly views after a change saves.
for (const [r, n] of [[read('server-14000'), '14k'], ...SIZES] as const) {
  const first = at(r, 'firstRequest');
  if (!first) continue;
  row(
    `Full root tree, first request after a change (1.5 s to settle), ${n}: max ${num(first, 'firstMax')} ms (the round before the view was ever asked), next request ${num(first, 'nextP50')} ms; ${num(first, 'rounds')} rounds`,
    num(first, 'firstP50'),
    ' ms p50',
    '—',
    undefined,
    r,
  );
}
// 6. Fan-out.
for (const [r, n] of SIZES) {
  const cpu = num(r, 'fanout', 'addedCpuPercent');
  const rss = num(r, 'fanout', 'addedRssMB');
  const perRound = at(r, 'fanout', 'addedCpuPercentPerRound');
  const rounds = Array.isArray(perRound)
    ? ` (mean of ${perRound.length} rounds of ${num(r, 'fanout', 'seconds')} s: ${perRound.join(', ')} %)`
    : '';
  row(
    `SSE fan-out, 50 clients at 20 changes/s, ${n}: added CPU (of one core)`,
    cpu,
    ` %${rounds}`,
    '≤ 5 %',
    cpu === undefined ? undefined : cpu <= 5,
    r,
  );
  row(
    `SSE fan-out, 50 clients, ${n}: added RSS (heap ${num(r, 'fanout', 'addedHeapMB') ?? '?'} MB)`,
    rss,
    ' MB',
    '≤ 50 MB',
    rss === undefined ? undefined : rss <= 50,
    r,
  );
}
// Steady state requests.
for (const [r, n] of SIZES) {
  const lists = num(r, 'steadyState', 'listCount');
  const secs = num(r, 'steadyState', 'seconds');
  row(
    `LIST requests at steady state, ${n} (over ${secs ?? '?'} s after ready, with changes)`,
    lists,
    '',
    '0',
    lists === undefined ? undefined : lists === 0,
    r,
  );
  const w = num(r, 'coldSync', 'watchesDuringSync');
  const kinds = num(r, 'steadyState', 'kindsWatched');
  const extra = num(r, 'steadyState', 'watchCount');
  row(
    `Watches opened, ${n}: at sync / kinds watched / re-opened after`,
    r ? `${w} / ${kinds} / ${extra}` : undefined,
    '',
    '1 per kind',
    r ? w === kinds && extra === 0 : undefined,
    r,
  );
}
// 4, 5: browser.
for (const rate of [20, 200]) {
  const p50 = num(browser, `changeToScreen${rate}`, 'p50');
  const p95 = num(browser, `changeToScreen${rate}`, 'p95');
  row(
    `Change to screen at ${rate} changes/s (p50 ${p50 ?? '?'}), p95`,
    p95,
    ' ms',
    rate === 20 ? '< 250 ms p95' : '—',
    rate === 20 && p95 !== undefined ? p95 < 250 : undefined,
    browser,
  );
}
const fr = num(browser, 'map', 'firstRenderMs');
const tti = num(browser, 'map', 'interactiveMs');
const fps = num(browser, 'map', 'panFps');
row(
  `Map, ${num(browser, 'map', 'fluxObjects') ?? '?'} Flux objects: first render, warm (median of ${num(browser, 'map', 'warmLoads') ?? 1} loads, range ${num(browser, 'map', 'firstRenderMinMs') ?? '?'}-${num(browser, 'map', 'firstRenderMaxMs') ?? '?'} ms)`,
  fr,
  ' ms',
  '—',
  undefined,
  browser,
);
const coldTti = num(browser, 'map', 'coldInteractiveMs');
row(
  'Map: time to interactive, cold (first load in a new browser: no HTTP or code cache)',
  coldTti,
  ' ms',
  '≤ 2000 ms',
  coldTti === undefined ? undefined : coldTti <= 2000,
  browser,
);
row(
  'Map: time to interactive, warm (median of the same warm loads)',
  tti,
  ' ms',
  '< 1000 ms',
  tti === undefined ? undefined : tti < 1000,
  browser,
);
row(
  'Map: frame rate while panning',
  fps,
  ' fps',
  '≥ 50 fps',
  fps === undefined ? undefined : fps >= 50,
  browser,
);
// 7. flux CLI.
const ratio = num(flux, 'ratio');
row(
  `flux tree kustomization flux-system vs GET /api/v1/tree (${String(at(flux, 'note') ?? '')})`,
  ratio,
  '×',
  'ratio recorded',
  undefined,
  flux,
);
if (fluxSynthetic)
  row(
    `The same on a synthetic cluster (${String(at(fluxSynthetic, 'note') ?? '')})`,
    num(fluxSynthetic, 'ratio'),
    '×',
    '≤ 100 ms ours',
    num(fluxSynthetic, 'oursMs') === undefined ? undefined : num(fluxSynthetic, 'oursMs')! <= 100,
    fluxSynthetic,
  );

const sse = read('sse-stalled');
if (sse) {
  const load = `${num(sse, 'objects')} objects, ${num(sse, 'changesPerSecond')} changes/s`;
  row(
    `SSE client that stops reading, no cap: bytes held for it after ${num(sse, 'without', 'seconds')} s (${load})`,
    num(sse, 'without', 'finalBufferedMB'),
    ' MB',
    '— (grows with the change rate, unbounded)',
    undefined,
    sse,
  );
  const dropped = num(sse, 'withCap', 'droppedAfterSeconds');
  row(
    `The same with the 8 MiB cap: most bytes held (dropped after ${dropped ?? '—'} s, then resumes on reconnect)`,
    num(sse, 'withCap', 'maxBufferedMB'),
    ' MB',
    '≤ 8 MiB + one frame',
    (num(sse, 'withCap', 'maxBufferedMB') ?? Infinity) <= 8.5 && dropped !== undefined,
    sse,
  );
}

const views100 = read('views-100000');
const m = (s100 ?? s10)?.['machine'] as Json | undefined;
const resultsPath = `${ROOT}bench/results.md`;
const previous = existsSync(resultsPath) ? readFileSync(resultsPath, 'utf8') : undefined;
const previousRows = tableRows(currentSection(previous ?? '', GENERATED_START, GENERATED_END) ?? '');
const machineLine = m
  ? `Machine: ${String(m['nproc'])} cores, ${String(m['cpu'])}, ${String(m['memoryGiB'])} GiB RAM, Node ${String(m['node'])}, commit ${String(m['commit'])} (the latest server runs).`
  : (/^Machine: .*$/m.exec(currentSection(previous ?? '', GENERATED_START, GENERATED_END) ?? '')?.[0] ??
    'Machine: not recorded (no server run in bench/out).');
const generated = [
  '# Fluxscope benchmarks',
  '',
  'Written by `node bench/report.ts` from `bench/out/*.json`; run everything with `pnpm bench` (see bench/README.md).',
  'The table is rewritten row by row: a figure whose bench did not run this time keeps its previous row (see its',
  'date); sections outside the markers are kept as they are.',
  '',
  machineLine,
  'Each figure carries the 1-minute load average of its run (on 2 cores, 2.0 = both busy). Latency under 20 clients',
  'is mostly queueing behind that load; the in-process view times below separate the code from the machine.',
  'Budgets: bench/README.md.',
  '',
  'Commands: `node bench/server-bench.ts --objects N` (1, 2, 3, 6, snapshot, LIST count), `node bench/views-bench.ts',
  '--objects N` (views without HTTP), `node bench/browser-bench.ts` (4, 5), `node bench/flux-bench.ts` (7).',
  'Synthetic clusters: 1 Kustomization and 1 HelmRelease (with its HelmChart) per 100 objects, Kustomizations in',
  'dependsOn chains of 10, inventories of Deployment + ReplicaSet + Pod + Service + ConfigMap + ServiceAccount units.',
  '',
  '| Figure | Value | Budget | Verdict | Run (UTC, load) |',
  '|---|---|---|---|---|',
  ...mergeRows(previousRows, rows),
].join('\n');

const sections: Section[] = [];
const VIEWS = ['<!-- views-bench -->', '<!-- /views-bench -->'] as const;
if (views100) {
  const lines = [
    VIEWS[0],
    '## Views in-process at 100k objects (no HTTP; ms per call incl. JSON.stringify; graph, stats and trees up to 20k nodes are memo hits after the first call, so their time is mostly JSON.stringify)',
    '',
    '| View | p50 | p95 |',
    '|---|---|---|',
  ];
  for (const [k, v] of Object.entries(views100))
    if (v && typeof v === 'object') lines.push(`| ${k} | ${num(v, 'p50')} | ${num(v, 'p95')} |`);
  lines.push('', `Index build from 100k stored objects: ${num(views100, 'indexMs')} ms.`, VIEWS[1]);
  sections.push({ start: VIEWS[0], end: VIEWS[1], text: lines.join('\n') });
}
// Logs and the 10,000-object map: rewritten from their json when present, else kept as results.md has them.
const logs = read('logs');
sections.push({ start: '<!-- logs-bench -->', end: '<!-- /logs-bench -->', text: logs && logsSection(logs) });
const mapScale = read('map-scale');
sections.push({
  start: '<!-- map-scale-bench -->',
  end: '<!-- /map-scale-bench -->',
  text: mapScale && mapScaleSection(mapScale),
});
// Figures other benches write into files of their own (fleet-bench.ts: fleet.md), and runs kept by hand in a
// file (fleet-nats.md: several runs of one size on a shared machine say more than the last one alone).
for (const file of ['workload-memory.md', 'fleet.md', 'fleet-nats.md']) {
  const path = `${ROOT}bench/${file}`;
  const [start, end] = [`<!-- bench/${file} -->`, `<!-- /bench/${file} -->`];
  const text = existsSync(path) ? `${start}\n${readFileSync(path, 'utf8').trim()}\n${end}` : undefined;
  sections.push({ start, end, text });
}
const out = composeResults(previous, generated, sections);
writeFileSync(resultsPath, out);
console.log(out);
