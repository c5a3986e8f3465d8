/**
 * One SSE client that stops reading, on a synthetic cluster with a steady change stream: how many bytes
 * the server holds for it (its response's writableLength) over time, without the cap and with it.
 * The server runs in this process (built server/dist) so the bench can read the stalled response's buffer.
 *   node bench/sse-stalled-bench.ts [--objects 10000] [--changes 200] [--seconds 45]
 */
import net from 'node:net';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { load1, machineInfo } from './lib/machine.ts';
import { ROOT } from './lib/proc.ts';
import { mb, round, sleep } from './lib/stats.ts';

interface App {
  listen(o: { host: string; port: number }): Promise<string>;
  close(): Promise<void>;
  server: { on(event: 'request', fn: (req: { url?: string }, res: ServerResponse) => void): void };
}

const { values } = parseArgs({
  options: {
    objects: { type: 'string', default: '10000' },
    changes: { type: 'string', default: '200' },
    seconds: { type: 'string', default: '45' },
  },
});
const objects = Number(values.objects);
const perSecond = Number(values.changes);
const seconds = Number(values.seconds);

const demo = (await import(`${ROOT}demo-cluster/dist/index.js`)) as {
  startDemoCluster(o: unknown): Promise<{ writeKubeconfig(p: string): Promise<void>; stop(): Promise<void> }>;
};
const { buildApp } = (await import(`${ROOT}server/dist/app.js`)) as {
  buildApp(c: unknown, o: unknown): Promise<App>;
};
const { parseFlags } = (await import(`${ROOT}server/dist/config/flags.js`)) as {
  parseFlags(a: string[], e: Record<string, string>): Record<string, unknown>;
};

async function run(capBytes: number | undefined): Promise<Record<string, unknown>> {
  const cluster = await demo.startDemoCluster({
    synthetic: {
      objects,
      kustomizations: objects / 100,
      helmReleases: objects / 100,
      changesPerSecond: perSecond,
    },
    periodic: false,
  });
  const kubeconfig = join(mkdtempSync(join(tmpdir(), 'fluxscope-sse-bench-')), 'kubeconfig');
  await cluster.writeKubeconfig(kubeconfig);
  const config = { ...parseFlags(['--kubeconfig', kubeconfig, '--port', '0', '--log-level', 'warn'], {}) };
  if (capBytes === undefined) config['sseMaxBufferedBytes'] = Number.POSITIVE_INFINITY;
  const app = await buildApp(config, { auditSink: { write() {} } });
  const streams: ServerResponse[] = [];
  app.server.on('request', (req, res) => {
    if (req.url?.startsWith('/api/v1/stream')) streams.push(res);
  });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  while ((await fetch(`${url}/readyz`)).status !== 200) await sleep(200);

  const { port } = new URL(url);
  const stalled = net.connect(Number(port), '127.0.0.1');
  stalled.on('error', () => undefined);
  stalled.write(`GET /api/v1/stream HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`);
  stalled.pause();
  let dropped: number | undefined;
  const samples: number[] = [];
  const start = performance.now();
  for (let s = 1; s <= seconds; s++) {
    await sleep(1000);
    const res = streams[0];
    const buffered = res && !res.destroyed ? res.writableLength : 0;
    if (res?.destroyed && dropped === undefined) dropped = s;
    samples.push(buffered);
  }
  const result = {
    cap: capBytes === undefined ? 'none' : `${mb(capBytes)} MB`,
    maxBufferedMB: mb(Math.max(...samples)),
    finalBufferedMB: mb(samples.at(-1) ?? 0),
    droppedAfterSeconds: dropped ?? null,
    seconds: round((performance.now() - start) / 1000),
    bufferedMBPer5s: samples.filter((_, i) => (i + 1) % 5 === 0).map(mb),
  };
  stalled.destroy();
  await app.close();
  await cluster.stop();
  return result;
}

const record = {
  bench: 'sse-stalled-reader',
  machine: machineInfo(),
  loadStart: load1(),
  objects,
  changesPerSecond: perSecond,
  without: await run(undefined),
  withCap: await run(8 * 1024 * 1024),
  load1End: load1(),
};
mkdirSync(`${ROOT}bench/out`, { recursive: true });
writeFileSync(`${ROOT}bench/out/sse-stalled.json`, JSON.stringify(record, null, 2));
console.log(JSON.stringify(record, null, 2));
process.exit(0);
