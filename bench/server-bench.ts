/**
 * Server-side benches on one synthetic cluster size: cold sync, memory, snapshot size, API latency under
 * concurrent clients, SSE fan-out, and the API server requests the server makes at steady state.
 * The demo cluster runs in this process; the server is the built one, as a child process on a kubeconfig.
 *   node bench/server-bench.ts --objects 100000 [--skip api,fanout,first] [--fanout-seconds 20] [--fanout-rounds 2]
 */
import { Agent, get } from 'node:http';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { fetchOnce, gzipSize, load, type LoadResult } from './lib/http.ts';
import { load1, machineInfo } from './lib/machine.ts';
import { ROOT, procStats, startServer, type ServerProcess } from './lib/proc.ts';
import { mb, round, sleep, summarize } from './lib/stats.ts';
import {
  ChangeGenerator,
  generateSyntheticCluster,
  startDemoCluster,
  type DemoCluster,
} from '@fluxscope/demo-cluster';

/** Kustomizations and HelmReleases for a size: 1 of each per 100 objects (1000 + 1000 at 100k). */
export const fluxShape = (objects: number): { kustomizations: number; helmReleases: number } => ({
  kustomizations: Math.max(2, Math.round(objects / 100)),
  helmReleases: Math.max(1, Math.round(objects / 100)),
});

/**
 * Serializes every stored object once before the server starts, as kube-apiserver's watch cache holds them
 * ready: cold sync then measures the server, not the demo cluster's first JSON.stringify of each object.
 */
type StoreEntryJson = { object: object; json?: string; itemJson?: string };

export function warmStoreJson(cluster: DemoCluster): void {
  for (const gk of cluster.store.kinds())
    for (const [, entry] of cluster.store.entries(gk) as Iterable<[string, StoreEntryJson]>) {
      entry.json ??= JSON.stringify(entry.object);
      // Built-in kinds' list items are served without apiVersion/kind (demo-cluster api/rest.ts itemJson).
      const { apiVersion: _a, kind: _k, ...rest } = entry.object as Record<string, unknown>;
      entry.itemJson ??= JSON.stringify(rest);
    }
}

export interface RequestCounts {
  list: Record<string, number>;
  watch: Record<string, number>;
  /** Every request, whatever its verb (GETs of single objects, discovery). */
  all: number;
}

export function countRequests(cluster: DemoCluster): { counts: RequestCounts; reset(): void } {
  const counts: RequestCounts = { list: {}, watch: {}, all: 0 };
  cluster.server.addHook(info => {
    counts.all++;
    if (info.verb === 'list' || info.verb === 'watch') {
      const bucket = counts[info.verb];
      const kind = info.resource?.kind ?? '?';
      bucket[kind] = (bucket[kind] ?? 0) + 1;
    }
    return undefined;
  });
  return {
    counts,
    reset: () => {
      counts.list = {};
      counts.watch = {};
      counts.all = 0;
    },
  };
}

const total = (r: Record<string, number>): number => Object.values(r).reduce((a, b) => a + b, 0);

async function memory(server: ServerProcess): Promise<Record<string, number>> {
  const m = await server.inspector.memoryAfterGc();
  const p = procStats(server.pid);
  return {
    heapUsedMB: mb(m.heapUsed),
    heapTotalMB: mb(m.heapTotal),
    externalMB: mb(m.external),
    rssMB: mb(p.rssBytes),
    peakRssMB: mb(p.peakRssBytes),
  };
}

/** 50 SSE clients reading /api/v1/stream while the cluster changes at `perSecond`. */
async function fanout(
  server: ServerProcess,
  cluster: DemoCluster,
  gen: { start(): void; stop(): void },
  clients: number,
  seconds: number,
): Promise<Record<string, number>> {
  const agent = new Agent({ keepAlive: true, maxSockets: clients + 1 });
  let bytes = 0;
  const reqs = await Promise.all(
    Array.from(
      { length: clients },
      () =>
        new Promise<ReturnType<typeof get>>(resolve => {
          const req = get(`${server.url}/api/v1/stream`, { agent }, res => {
            res.on('data', (c: Buffer) => (bytes += c.length));
            resolve(req);
          });
        }),
    ),
  );
  await sleep(500);
  const before = procStats(server.pid);
  const t0 = performance.now();
  gen.start();
  await sleep(seconds * 1000);
  gen.stop();
  const wall = (performance.now() - t0) / 1000;
  const after = procStats(server.pid);
  await sleep(300);
  const mem = await memory(server);
  for (const r of reqs) r.destroy();
  agent.destroy();
  void cluster;
  return {
    clients,
    seconds: round(wall),
    cpuPercent: round(((after.cpuSeconds - before.cpuSeconds) / wall) * 100),
    bytesPerClient: Math.round(bytes / Math.max(1, clients)),
    ...mem,
  };
}

/**
 * The full root tree's first request after a change: each change drops the per-version response cache, so
 * the first dashboard to ask pays for the view, its serialization and compression, unless the server made it
 * again meanwhile. One Kustomization annotated, 1.5 s for the change to arrive and settle, one request (as a
 * browser asks: br or gzip); 7 rounds.
 */
async function firstRequests(url: string, cluster: DemoCluster): Promise<Record<string, unknown>> {
  const path = '/api/v1/tree/Kustomization/flux-system/flux-system';
  const gk = 'kustomize.toolkit.fluxcd.io/Kustomization';
  const first: number[] = [];
  const next: number[] = [];
  let bytes = 0;
  for (let i = 0; i < 7; i++) {
    const target = cluster.store.list(gk)[1 + i];
    if (!target) break;
    cluster.store.update(gk, target.metadata.namespace, target.metadata.name, d => {
      d.metadata.annotations = { ...d.metadata.annotations, 'fluxscope.bench/round': String(i) };
    });
    await sleep(1500);
    const headers = { 'accept-encoding': 'br, gzip' };
    const r = await fetchOnce(`${url}${path}`, undefined, headers);
    first.push(r.ms);
    bytes = r.bytes;
    next.push((await fetchOnce(`${url}${path}`, undefined, headers)).ms);
  }
  const f = summarize(first);
  const n = summarize(next);
  process.stderr.write(
    `  first full root tree after a change: p50 ${round(f.p50)} ms (max ${round(f.max)}), next ${round(n.p50)} ms\n`,
  );
  return {
    path,
    rounds: first.length,
    bytes,
    firstP50: round(f.p50),
    firstMax: round(f.max),
    nextP50: round(n.p50),
    load1: load1(),
  };
}

export async function serverBench(
  objects: number,
  skip: Set<string>,
  { fanoutSeconds = 20, fanoutRounds = 2 }: { fanoutSeconds?: number; fanoutRounds?: number } = {},
): Promise<Record<string, unknown>> {
  const shape = fluxShape(objects);
  const record: Record<string, unknown> = { objects, ...shape, machine: machineInfo(), loadStart: load1() };
  const tGen = performance.now();
  const cluster = await startDemoCluster({
    synthetic: { objects, ...shape, changesPerSecond: 0 },
    periodic: false,
    // Watch resume must survive the whole run's writes.
    changeLogSize: 50_000,
  });
  record['generateAndLoadMs'] = Math.round(performance.now() - tGen);
  warmStoreJson(cluster);
  const { leaves } = generateSyntheticCluster({ objects, ...shape });
  const requests = countRequests(cluster);
  const dir = mkdtempSync(join(tmpdir(), 'fluxscope-bench-'));
  const kubeconfigPath = join(dir, 'kubeconfig');
  await cluster.writeKubeconfig(kubeconfigPath);

  const server = await startServer({ kubeconfigPath });
  const syncCpuSeconds = procStats(server.pid).cpuSeconds;
  try {
    const status = (await (await fetch(`${server.url}/api/v1/status`)).json()) as { objects: number };
    record['coldSync'] = {
      readyMs: Math.round(server.readyMs),
      listeningMs: Math.round(server.listeningMs),
      syncAfterListenMs: Math.round(server.readyMs - server.listeningMs),
      // Load-independent: CPU the server spent from spawn to ready (module loading included).
      serverCpuSeconds: syncCpuSeconds,
      objectsInCache: status.objects,
      listsDuringSync: total(requests.counts.list),
      watchesDuringSync: total(requests.counts.watch),
      load1: load1(),
    };
    requests.reset();
    const readyAt = performance.now();
    await sleep(2000);
    record['memory'] = { ...(await memory(server)), load1: load1() };

    const snap = await fetchOnce(`${server.url}/api/v1/snapshot`);
    const snapGz = await fetchOnce(`${server.url}/api/v1/snapshot`, undefined, { 'accept-encoding': 'gzip' });
    record['snapshot'] = {
      rawMB: mb(snap.bytes),
      gzipMB: mb(snapGz.bytes),
      gzipLocalMB: mb(gzipSize(snap.body)),
      ms: Math.round(snap.ms),
      gzipMs: Math.round(snapGz.ms),
    };

    if (!skip.has('api')) {
      const { pod } = leaves;
      const targets: Record<string, [string, number]> = {
        'tree root (compact)': ['/api/v1/tree/Kustomization/flux-system/flux-system?compact=true', 400],
        'tree root (full)': [
          '/api/v1/tree/Kustomization/flux-system/flux-system',
          objects >= 50_000 ? 20 : 200,
        ],
        'tree of an app': [`/api/v1/tree/Kustomization/flux-system/${leaves.kustomization}`, 400],
        'trace of a leaf Pod': [`/api/v1/trace/core/v1/Pod/${pod.namespace}/${pod.name}`, 400],
        stats: ['/api/v1/stats', 400],
        graph: ['/api/v1/graph', objects >= 50_000 ? 60 : 200],
      };
      const api: Record<string, LoadResult & { path: string; load1: number }> = {};
      for (const [name, [path, n]] of Object.entries(targets)) {
        const r = await load(`${server.url}${path}`, 20, n, server.pid);
        api[name] = {
          ...r,
          path,
          p50: round(r.p50),
          p95: round(r.p95),
          max: round(r.max),
          mean: round(r.mean),
          load1: load1(),
        };
        process.stderr.write(
          `  api ${name}: p50 ${round(r.p50)} p95 ${round(r.p95)} ms, server CPU ${r.cpuMsPerRequest} ms/request (${r.bytes} B)\n`,
        );
      }
      record['api'] = api;

      // The same budgeted views while the cluster changes: each change drops the server's per-version
      // response cache, so this is the cost of a view that is recomputed, not replayed.
      if (cluster.syntheticChanges) {
        const perSecond = 20;
        const gen = new ChangeGenerator(cluster.store, { perSecond });
        gen.start();
        const changing: Record<string, unknown> = { changesPerSecond: perSecond };
        for (const name of ['tree root (compact)', 'tree of an app', 'trace of a leaf Pod', 'stats']) {
          const [path, n] = targets[name]!;
          const r = await load(`${server.url}${path}`, 20, n, server.pid);
          changing[name] = { p50: round(r.p50), p95: round(r.p95), cpuMsPerRequest: r.cpuMsPerRequest };
          process.stderr.write(
            `  api ${name} at ${perSecond} changes/s: p50 ${round(r.p50)} p95 ${round(r.p95)} ms, server CPU ${r.cpuMsPerRequest} ms/request\n`,
          );
        }
        gen.stop();
        record['apiUnderChanges'] = { ...changing, load1: load1() };
      }
    }

    if (!skip.has('first')) record['firstRequest'] = await firstRequests(server.url, cluster);

    if (!skip.has('fanout') && cluster.syntheticChanges) {
      // Alternating windows without and with the 50 clients, so a burst of other work on the machine lands in
      // one window of one round instead of deciding the figure (15 s single windows read 2.5-5.5 % at 10k).
      const perSecond = 20;
      const rounds: Array<{ without: Record<string, number>; with50: Record<string, number> }> = [];
      for (let i = 0; i < fanoutRounds; i++) {
        const idle = await fanout(
          server,
          cluster,
          new ChangeGenerator(cluster.store, { perSecond }),
          0,
          fanoutSeconds,
        );
        const busy = await fanout(
          server,
          cluster,
          new ChangeGenerator(cluster.store, { perSecond }),
          50,
          fanoutSeconds,
        );
        rounds.push({ without: idle, with50: busy });
        process.stderr.write(
          `  fan-out round ${i + 1}: ${idle['cpuPercent']} % without clients, ${busy['cpuPercent']} % with 50 (load ${load1()})\n`,
        );
      }
      const mean = (f: (r: (typeof rounds)[number]) => number): number =>
        round(rounds.reduce((sum, r) => sum + f(r), 0) / rounds.length);
      const last = rounds[rounds.length - 1]!;
      record['fanout'] = {
        changesPerSecond: perSecond,
        seconds: fanoutSeconds,
        rounds: rounds.length,
        without: last.without,
        with50: last.with50,
        addedCpuPercentPerRound: rounds.map(r => round(r.with50['cpuPercent']! - r.without['cpuPercent']!)),
        addedCpuPercent: mean(r => r.with50['cpuPercent']! - r.without['cpuPercent']!),
        addedRssMB: round(last.with50['rssMB']! - last.without['rssMB']!),
        addedHeapMB: round(last.with50['heapUsedMB']! - last.without['heapUsedMB']!),
        load1: load1(),
      };
    }

    record['steadyState'] = {
      seconds: round((performance.now() - readyAt) / 1000),
      lists: { ...requests.counts.list },
      watches: { ...requests.counts.watch },
      listCount: total(requests.counts.list),
      watchCount: total(requests.counts.watch),
      kindsWatched: ((await (await fetch(`${server.url}/api/v1/status`)).json()) as { watches: unknown[] })
        .watches.length,
    };
    record['memoryAfter'] = await memory(server);
  } finally {
    await server.stop();
    await cluster.stop();
  }
  record['serverStderr'] = server.stderr().slice(-2000);
  return record;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: {
      objects: { type: 'string', default: '10000' },
      skip: { type: 'string', default: '' },
      'fanout-seconds': { type: 'string', default: '20' },
      'fanout-rounds': { type: 'string', default: '2' },
    },
  });
  const objects = Number(values.objects);
  const result = await serverBench(objects, new Set(values.skip.split(',').filter(Boolean)), {
    fanoutSeconds: Number(values['fanout-seconds']),
    fanoutRounds: Number(values['fanout-rounds']),
  });
  mkdirSync(`${ROOT}bench/out`, { recursive: true });
  writeFileSync(`${ROOT}bench/out/server-${objects}.json`, JSON.stringify(result, null, 2));
  console.log(JSON.stringify(result, null, 2));
  process.exit(0);
}
