/**
 * Fleet over NATS at scale: simulated agents (one NATS connection per cluster, bench/fleet-nats/publishers.ts)
 * write C clusters x O Flux object summaries into one nats-server; the hub (the built server's hub app, its
 * own process: bench/fleet-nats/hub-child.ts) is started on the full bucket. Figures:
 *   F1 hub cold start: spawn to a complete fleet view (/api/v1/fleet lists every cluster and object)
 *   F2 hub memory: RSS (and heap after GC) with the whole fleet, after the change phase
 *   F3 change to the hub's outgoing fleet update at R changes/s across the fleet: p50/p95/p99
 *   F4 fleet search latency over HTTP (chart, image, URL, name, substring queries): p50/p95
 *   node bench/fleet-nats-bench.ts --clusters 1000 --objects 200 [--rate 500] [--seconds 30]
 */
import { type ChildProcess, fork } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startNats } from './fleet-nats/nats.ts';
import { load1, machineInfo } from './lib/machine.ts';
import { ROOT, freePort, procStats } from './lib/proc.ts';
import { mb, percentile, round, summarize } from './lib/stats.ts';

const { values } = parseArgs({
  options: {
    clusters: { type: 'string', default: '1000' },
    objects: { type: 'string', default: '200' },
    rate: { type: 'string', default: '500' },
    seconds: { type: 'string', default: '30' },
  },
});
const CLUSTERS = Number(values.clusters);
const OBJECTS = Number(values.objects);
const RATE = Number(values.rate);
const SECONDS = Number(values.seconds);

function next<T>(child: ChildProcess, type: string, timeoutMs = 1_800_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no ${type} from ${child.pid} in ${timeoutMs} ms`)),
      timeoutMs,
    );
    const onMessage = (msg: { type: string }) => {
      if (msg.type !== type) return;
      clearTimeout(timer);
      child.off('message', onMessage);
      resolve(msg as T);
    };
    child.on('message', onMessage);
    child.once('exit', code => reject(new Error(`child ${child.pid} exited (${code}) before ${type}`)));
  });
}

const nats = await startNats();
// Whatever happens, leave no nats-server behind.
process.on('exit', () => {
  try {
    process.kill(nats.pid, 'SIGKILL');
  } catch {
    // already gone
  }
});
console.log(`nats-server at ${nats.url}; ${CLUSTERS} clusters x ${OBJECTS} objects`);
const publishers = fork(
  join(ROOT, 'bench/fleet-nats/publishers.ts'),
  [nats.url, String(CLUSTERS), String(OBJECTS)],
  {
    execArgv: ['--max-old-space-size=4096'],
  },
);
await next(publishers, 'connected');
publishers.send({ cmd: 'load' });
const loaded = await next<{ ms: number; retries: number }>(publishers, 'loaded');
console.log(
  `bucket loaded in ${round(loaded.ms / 1000)} s (${CLUSTERS * OBJECTS} keys, ${loaded.retries} puts retried)`,
);

const port = await freePort();
const hubStart = performance.now();
const hub = fork(
  join(ROOT, 'bench/fleet-nats/hub-child.ts'),
  [nats.url, String(port), String(CLUSTERS), String(CLUSTERS * OBJECTS)],
  {
    execArgv: ['--expose-gc', '--max-old-space-size=4096'],
  },
);
const complete = await next<{ uptimeMs: number; clusters: number; objects: number; fleetBytes: number }>(
  hub,
  'complete',
);
const coldMs = performance.now() - hubStart;
const afterSync = procStats(hub.pid!);
console.log(
  `F1 hub cold start to complete fleet view: ${round(coldMs / 1000, 2)} s (${complete.clusters} clusters, ${complete.objects} objects)`,
);
console.log(`F2 hub RSS after sync: ${mb(afterSync.rssBytes)} MB`);

hub.send({ cmd: 'measure' });
const loadDuring: number[] = [];
const loadTimer = setInterval(() => loadDuring.push(load1()), 5000);
publishers.send({ cmd: 'changes', rate: RATE, seconds: SECONDS });
const changed = await next<{ sent: number; failed: number }>(publishers, 'changed');
await new Promise(r => setTimeout(r, 2000));
clearInterval(loadTimer);
hub.send({ cmd: 'report' });
const report = await next<{ lags: number[]; heapUsed: number; dropped: Record<string, number> }>(
  hub,
  'report',
);
const lags = [...report.lags].sort((a, b) => a - b);
const afterChanges = procStats(hub.pid!);
console.log(
  `F3 change to hub fleet update at ${RATE}/s for ${SECONDS} s: ${lags.length}/${changed.sent} seen, p50 ${percentile(lags, 50)} ms, p95 ${percentile(lags, 95)} ms, p99 ${percentile(lags, 99)} ms, max ${lags.at(-1)} ms`,
);
console.log(
  `F2 hub RSS after changes: ${mb(afterChanges.rssBytes)} MB (peak ${mb(afterChanges.peakRssBytes)} MB), heap after GC ${mb(report.heapUsed)} MB`,
);

const queries = [
  'chart-7',
  'ghcr.io/example/app-42',
  'https://github.com/example/app-13.git',
  'app-5-',
  'tenant-3',
  'nginx:1.27.2',
  'oci://ghcr.io/example/manifests/app-90',
];
const searchMs: number[] = [];
const fleetMs: number[] = [];
for (let round_ = 0; round_ < 20; round_++) {
  for (const q of queries) {
    const t = performance.now();
    const res = await fetch(`http://127.0.0.1:${port}/api/v1/fleet/search?q=${encodeURIComponent(q)}`);
    await res.arrayBuffer();
    searchMs.push(performance.now() - t);
  }
  const t = performance.now();
  await (await fetch(`http://127.0.0.1:${port}/api/v1/fleet`)).arrayBuffer();
  fleetMs.push(performance.now() - t);
}
const search = summarize(searchMs);
const fleetRows = summarize(fleetMs);
console.log(
  `F4 fleet search over HTTP: p50 ${round(search.p50)} ms, p95 ${round(search.p95)} ms (${search.n} queries); GET /api/v1/fleet p50 ${round(fleetRows.p50)} ms, p95 ${round(fleetRows.p95)} ms`,
);

const record = {
  machine: machineInfo(),
  load1AtStart: loadDuring[0] ?? load1(),
  load1DuringChanges: loadDuring,
  command: `node bench/fleet-nats-bench.ts --clusters ${CLUSTERS} --objects ${OBJECTS} --rate ${RATE} --seconds ${SECONDS}`,
  clusters: CLUSTERS,
  objectsPerCluster: OBJECTS,
  bucketLoadSeconds: round(loaded.ms / 1000),
  coldStartSeconds: round(coldMs / 1000, 2),
  fleetResponseBytes: complete.fleetBytes,
  rssAfterSyncMB: mb(afterSync.rssBytes),
  rssAfterChangesMB: mb(afterChanges.rssBytes),
  peakRssMB: mb(afterChanges.peakRssBytes),
  heapAfterGcMB: mb(report.heapUsed),
  changes: {
    rate: RATE,
    seconds: SECONDS,
    sent: changed.sent,
    failed: changed.failed,
    seen: lags.length,
    p50: percentile(lags, 50),
    p95: percentile(lags, 95),
    p99: percentile(lags, 99),
    max: lags.at(-1),
  },
  searchMs: { p50: round(search.p50), p95: round(search.p95), n: search.n },
  fleetMs: { p50: round(fleetRows.p50), p95: round(fleetRows.p95) },
  dropped: report.dropped,
};
mkdirSync(join(ROOT, 'bench/out'), { recursive: true });
writeFileSync(
  join(ROOT, `bench/out/fleet-nats-${CLUSTERS}x${OBJECTS}.json`),
  JSON.stringify(record, null, 2),
);
console.log(JSON.stringify(record));

hub.send({ cmd: 'stop' });
publishers.send({ cmd: 'stop' });
await Promise.all([new Promise(r => hub.once('exit', r)), new Promise(r => publishers.once('exit', r))]);
await nats.stop();
