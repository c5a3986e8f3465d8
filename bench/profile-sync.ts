/**
 * Developer tool: CPU profile of the server's cold sync (node --cpu-prof from spawn to ready), printed as the
 * functions with the most self time, plus the same for the demo cluster serving the lists (this process).
 *   node bench/profile-sync.ts --objects 100000
 */
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { type Profile, topSelf } from './lib/profile.ts';
import { startServer } from './lib/proc.ts';
import { startDemoCluster } from '@fluxscope/demo-cluster';
import { fluxShape, warmStoreJson } from './server-bench.ts';

const { values } = parseArgs({ options: { objects: { type: 'string', default: '100000' } } });
const objects = Number(values.objects);
const cluster = await startDemoCluster({
  synthetic: { objects, ...fluxShape(objects) },
  periodic: false,
});
warmStoreJson(cluster);
const dir = mkdtempSync(join(tmpdir(), 'fluxscope-prof-'));
await cluster.writeKubeconfig(join(dir, 'kubeconfig'));
const session = new Session();
session.connect();
await session.post('Profiler.enable');
await session.post('Profiler.start');
const server = await startServer({
  kubeconfigPath: join(dir, 'kubeconfig'),
  nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${dir}`],
});
const { profile: local } = (await session.post('Profiler.stop')) as unknown as { profile: Profile };
console.log(
  `ready after ${Math.round(server.readyMs)} ms (listening after ${Math.round(server.listeningMs)} ms)`,
);
await server.stop();
const file = readdirSync(dir).find(f => f.endsWith('.cpuprofile'));
if (file) {
  console.log('--- server (whole life: start, sync, shutdown)');
  for (const line of topSelf(JSON.parse(readFileSync(join(dir, file), 'utf8')) as Profile)) console.log(line);
}
console.log('--- demo cluster (this process) while the server synced');
for (const line of topSelf(local, 12)) console.log(line);
await cluster.stop();
process.exit(0);
