/**
 * The fleet model in-process (no HTTP, no NATS): a fleet of N clusters x M Flux object summaries, shaped like a
 * real fleet (clusters share repositories, charts and images; versions drift; a few objects fail). Times fleet
 * search over the incrementally kept FleetSearchIndex (p50/p95 over a mix of queries), one delta applied to it,
 * all fleet rows (fleetRow per cluster), and the failing list. Writes bench/fleet.md (results.md includes it).
 *   node bench/fleet-bench.ts --clusters 1000 --objects 200
 */
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import {
  FleetSearchIndex,
  type FluxObjectSummary,
  type FluxState,
  fleetFailing,
  fleetRow,
} from '@fluxscope/shared';
import { load1, machineInfo } from './lib/machine.ts';
import { ROOT } from './lib/proc.ts';
import { round, summarize as stats } from './lib/stats.ts';

/** A small deterministic PRNG, so every run searches the same fleet. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const CHARTS = 80;
const REPOS = 40;
const IMAGES = 1500;
const GIT_REPOS = 50;

/** One cluster's summaries: a Git source, Helm repositories, HelmReleases with their HelmCharts, Kustomizations. */
function clusterSummaries(c: number, m: number, rand: () => number): FluxObjectSummary[] {
  const pick = (n: number) => Math.floor(rand() * n);
  const state = (): FluxState => {
    const r = rand();
    return r < 0.015
      ? 'failed'
      : r < 0.02
        ? 'stalled'
        : r < 0.04
          ? 'progressing'
          : r < 0.05
            ? 'suspended'
            : 'ready';
  };
  const since = new Date(Date.UTC(2026, 11, 1) + pick(86_400_000 * 2)).toISOString();
  const out: FluxObjectSummary[] = [
    {
      kind: 'GitRepository',
      namespace: 'flux-system',
      name: 'flux-system',
      state: 'ready',
      url: `https://github.com/acme/fleet-${pick(GIT_REPOS)}.git`,
      revision: `main@sha1:${pick(1e9).toString(16)}`,
      since,
    },
  ];
  const perKind = Math.floor((m - 1) / 4);
  for (let i = 0; i < perKind; i++) {
    const chart = pick(CHARTS);
    const version = `${1 + (chart % 7)}.${pick(4)}.${pick(10)}`;
    const images = [
      `ghcr.io/acme/app-${pick(IMAGES)}:v${pick(20)}`,
      `docker.io/library/nginx:1.${25 + pick(3)}`,
    ];
    const s = state();
    out.push(
      {
        kind: 'HelmRepository',
        namespace: 'flux-system',
        name: `repo-${i}`,
        state: 'ready',
        url: `oci://registry.acme.example/charts-${pick(REPOS)}`,
      },
      {
        kind: 'HelmChart',
        namespace: 'flux-system',
        name: `flux-system-release-${i}`,
        state: 'ready',
        chart: `chart-${chart}`,
        chartVersion: version,
      },
      {
        kind: 'HelmRelease',
        namespace: 'flux-system',
        name: `release-${i}`,
        state: s,
        chart: `chart-${chart}`,
        chartVersion: version,
        revision: version,
        images,
        since,
        ...(s === 'failed' || s === 'stalled'
          ? {
              reason: 'InstallFailed',
              message: `Helm install failed for release apps/release-${i}: context deadline exceeded`,
            }
          : {}),
      },
      {
        kind: 'Kustomization',
        namespace: 'flux-system',
        name: `apps-${i}`,
        state: state(),
        revision: out[0]!.revision!,
        images: [`ghcr.io/acme/app-${pick(IMAGES)}:v${pick(20)}`],
        since,
      },
    );
  }
  while (out.length < m)
    out.push({
      kind: 'Kustomization',
      namespace: 'flux-system',
      name: `extra-${c}-${out.length}`,
      state: 'ready',
    });
  return out;
}

/** Wall time and this process's CPU time (ms): on a loaded machine the wall time is mostly waiting for a core. */
function time<T>(fn: () => T, cpu?: number[]): [T, number] {
  const c = process.cpuUsage();
  const t = performance.now();
  const result = fn();
  const wall = performance.now() - t;
  if (cpu) {
    const used = process.cpuUsage(c);
    cpu.push((used.user + used.system) / 1000);
  }
  return [result, wall];
}

export function fleetBench(clusters: number, objects: number): Record<string, unknown> {
  const rand = rng(16);
  const fleet = Array.from({ length: clusters }, (_, c) => ({
    cluster: `cluster-${String(c).padStart(4, '0')}`,
    summaries: clusterSummaries(c, objects, rand),
  }));
  const heapBefore = (globalThis.gc?.(), process.memoryUsage().heapUsed);
  const index = new FleetSearchIndex();
  const [, indexMs] = time(() => {
    for (const { cluster, summaries } of fleet) for (const s of summaries) index.upsert(cluster, s);
  });
  const heapAfter = (globalThis.gc?.(), process.memoryUsage().heapUsed);

  // What people ask: a chart by name, at a version, an image by repository, with a tag, a Git URL, a registry
  // prefix, a short fragment, and something nobody runs.
  const queries = [
    'chart-7',
    'chart-42@3.1',
    'ghcr.io/acme/app-123',
    'ghcr.io/acme/app-77:v3',
    'https://github.com/acme/fleet-9.git',
    'github.com/acme/fleet-1',
    'oci://registry.acme.example/charts-5',
    'nginx:1.26',
    'ghcr.io/acme',
    'app-1',
    'release-3',
    'no-such-chart',
  ];
  const samples: number[] = [];
  const searchCpu: number[] = [];
  const perQuery: Record<string, { total: number; clusters: number; ms: number }> = {};
  for (let round_ = 0; round_ < 20; round_++)
    for (const q of queries) {
      const [answer, ms] = time(() => JSON.stringify(index.search(q, 100)), searchCpu);
      samples.push(ms);
      const parsed = JSON.parse(answer) as { total: number; clusters: string[] };
      const seen = perQuery[q];
      perQuery[q] = {
        total: parsed.total,
        clusters: parsed.clusters.length,
        ms: Math.max(seen?.ms ?? 0, ms),
      };
    }

  // One delta from an agent: an upgraded HelmRelease replaces its summary.
  const deltas: number[] = [];
  for (let i = 0; i < 2000; i++) {
    const c = fleet[Math.floor(rand() * clusters)]!;
    const s = c.summaries[1 + Math.floor(rand() * (objects - 1))]!;
    const next = { ...s, chartVersion: `9.9.${i}`, state: 'progressing' as const };
    deltas.push(time(() => index.upsert(c.cluster, next))[1]);
  }

  const rows: number[] = [];
  const rowsCpu: number[] = [];
  for (let i = 0; i < 20; i++)
    rows.push(
      time(
        () =>
          JSON.stringify(fleet.map(f => fleetRow({ name: f.cluster }, f.summaries, { state: 'connected' }))),
        rowsCpu,
      )[1],
    );
  const failing: number[] = [];
  for (let i = 0; i < 20; i++) failing.push(time(() => JSON.stringify(fleetFailing(fleet, 200)))[1]);

  const s = stats(samples);
  const sc = stats(searchCpu);
  const rc = stats(rowsCpu);
  const d = stats(deltas);
  const r = stats(rows);
  const f = stats(failing);
  return {
    machine: machineInfo(),
    load: load1(),
    load5: round(loadavg()[1] ?? 0, 2),
    clusters,
    objectsPerCluster: objects,
    summaries: index.size,
    distinctValues: index.values,
    indexBuildMs: round(indexMs, 0),
    indexHeapMB: round((heapAfter - heapBefore) / 1024 / 1024, 1),
    search: { n: s.n, p50: round(s.p50, 2), p95: round(s.p95, 2), max: round(s.max, 2) },
    searchCpu: { p50: round(sc.p50, 2), p95: round(sc.p95, 2) },
    rowsCpu: { p50: round(rc.p50, 1), p95: round(rc.p95, 1) },
    perQuery,
    delta: { n: d.n, p50: round(d.p50 * 1000, 1), p95: round(d.p95 * 1000, 1) },
    rows: { n: r.n, p50: round(r.p50, 1), p95: round(r.p95, 1) },
    failing: { n: f.n, p50: round(f.p50, 1), p95: round(f.p95, 1) },
  };
}

function markdown(result: ReturnType<typeof fleetBench>, command: string): string {
  const m = result['machine'] as ReturnType<typeof machineInfo>;
  const s = result['search'] as { n: number; p50: number; p95: number; max: number };
  const d = result['delta'] as { p50: number; p95: number };
  const r = result['rows'] as { p50: number; p95: number };
  const f = result['failing'] as { p50: number; p95: number };
  const sc = result['searchCpu'] as { p50: number; p95: number };
  const rc = result['rowsCpu'] as { p50: number; p95: number };
  const n = `${result['clusters']} clusters x ${result['objectsPerCluster']} summaries`;
  const verdict = (ok: boolean) => (ok ? '**met**' : '**missed**');
  const run = `${m.date.slice(0, 16)}Z, load ${result['load']}`;
  const perQuery = Object.entries(
    result['perQuery'] as Record<string, { total: number; clusters: number; ms: number }>,
  )
    .map(([q, v]) => `\`${q}\` ${v.total} objects in ${v.clusters} clusters (max ${round(v.ms, 1)} ms)`)
    .join('; ');
  return [
    '## Fleet model in-process',
    '',
    `Command: \`${command}\` (pure: shared/src/fleet, no HTTP or NATS; ${m.nproc} cores, ${m.cpu}, Node ${m.node}, commit ${m.commit}).`,
    `The fleet: ${n} (${result['summaries']} objects, ${result['distinctValues']} distinct searchable values: clusters share`,
    'repositories, charts and images, versions drift, about 2% of objects fail). Search: 12 queries x 20 rounds, each',
    'answer serialized; the index is kept incrementally (built once, then one upsert per delta).',
    '',
    '| Figure | Value | Budget | Verdict | Run (UTC, load) |',
    '|---|---|---|---|---|',
    `| Fleet search, ${n}: p50 ${s.p50} / max ${s.max} / p95 | ${s.p95} ms | < 50 ms p95 | ${verdict(s.p95 < 50)} | ${run} |`,
    `| Fleet search, CPU time of this process per query: p50 ${sc.p50} / p95 | ${sc.p95} ms | — | — | ${run} |`,
    `| All fleet rows (fleetRow x ${result['clusters']}, serialized): p50 ${r.p50} / p95 | ${r.p95} ms | < 100 ms p95 | ${verdict(r.p95 < 100)} | ${run} |`,
    `| All fleet rows, CPU time: p50 ${rc.p50} / p95 | ${rc.p95} ms | — | — | ${run} |`,
    `| Failing across the fleet (fleetFailing, first 200): p50 ${f.p50} / p95 | ${f.p95} ms | — | — | ${run} |`,
    `| One delta applied to the search index (upsert): p50 ${d.p50} / p95 | ${d.p95} µs | — | — | ${run} |`,
    `| Search index: build from empty / heap it holds | ${result['indexBuildMs']} ms / ${result['indexHeapMB']} MB | — | — | ${run} |`,
    '',
    `Per query: ${perQuery}.`,
    '',
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: { clusters: { type: 'string', default: '1000' }, objects: { type: 'string', default: '200' } },
  });
  const command = `node --expose-gc bench/fleet-bench.ts --clusters ${values.clusters} --objects ${values.objects}`;
  const result = fleetBench(Number(values.clusters), Number(values.objects));
  const text = markdown(result, command);
  writeFileSync(`${ROOT}bench/fleet.md`, text);
  console.log(JSON.stringify(result, null, 2));
  console.log(text);
}
