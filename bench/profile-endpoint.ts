/**
 * Developer tool: CPU-profiles the server (through the inspector) while it serves one endpoint, and prints
 * the functions with the most self time. Used to find what the API latency figures are made of.
 *   node bench/profile-endpoint.ts --objects 10000 --path /api/v1/graph [--requests 50]
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { fetchOnce } from './lib/http.ts';
import { type Profile, topSelf } from './lib/profile.ts';
import { startServer } from './lib/proc.ts';
import { round, summarize } from './lib/stats.ts';
import { startDemoCluster } from '@fluxscope/demo-cluster';
import { fluxShape } from './server-bench.ts';

const { values } = parseArgs({
  options: {
    objects: { type: 'string', default: '10000' },
    path: { type: 'string', default: '/api/v1/graph' },
    requests: { type: 'string', default: '50' },
  },
});
const objects = Number(values.objects);
const cluster = await startDemoCluster({
  synthetic: { objects, ...fluxShape(objects) },
  periodic: false,
});
const kubeconfigPath = join(mkdtempSync(join(tmpdir(), 'fluxscope-prof-')), 'kubeconfig');
await cluster.writeKubeconfig(kubeconfigPath);
const server = await startServer({ kubeconfigPath });
const url = `${server.url}${values.path}`;
const headers = { 'accept-encoding': 'gzip' };
for (let i = 0; i < 5; i++) await fetchOnce(url, undefined, headers);
await server.inspector.send('Profiler.enable');
await server.inspector.send('Profiler.setSamplingInterval', { interval: 200 });
await server.inspector.send('Profiler.start');
const samples: number[] = [];
for (let i = 0; i < Number(values.requests); i++) samples.push((await fetchOnce(url, undefined, headers)).ms);
const { profile } = (await server.inspector.send('Profiler.stop')) as { profile: Profile };
const s = summarize(samples);
console.log(`${values.path}: sequential p50 ${round(s.p50, 2)} ms p95 ${round(s.p95, 2)} ms`);
for (const line of topSelf(profile)) console.log(line);
await server.stop();
await cluster.stop();
process.exit(0);
