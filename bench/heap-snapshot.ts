/**
 * Developer tool: a heap snapshot of the built server after its cold sync of a synthetic cluster (the same
 * start as server-bench: child process, --inspect, 2 s after ready), written to a file, with the heap after GC.
 * Summarize one or compare two with bench/heap-summary.ts.
 *   node bench/heap-snapshot.ts --objects 10000 --out server-10k.heapsnapshot
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startServer } from './lib/proc.ts';
import { mb, sleep } from './lib/stats.ts';
import { startDemoCluster } from '@fluxscope/demo-cluster';
import { fluxShape, warmStoreJson } from './server-bench.ts';

const { values } = parseArgs({
  options: {
    objects: { type: 'string', default: '10000' },
    out: { type: 'string', default: 'server.heapsnapshot' },
  },
});
const objects = Number(values.objects);
const out = resolve(values.out);
const cluster = await startDemoCluster({
  synthetic: { objects, ...fluxShape(objects), changesPerSecond: 0 },
  periodic: false,
});
warmStoreJson(cluster);
const dir = mkdtempSync(join(tmpdir(), 'fluxscope-heap-'));
await cluster.writeKubeconfig(join(dir, 'kubeconfig'));
const server = await startServer({ kubeconfigPath: join(dir, 'kubeconfig') });
try {
  await sleep(2000);
  const m = await server.inspector.memoryAfterGc();
  console.log(`ready after ${Math.round(server.readyMs)} ms; heap after GC ${mb(m.heapUsed)} MB`);
  await server.inspector.send('Runtime.evaluate', {
    expression: `process.getBuiltinModule('node:v8').writeHeapSnapshot(${JSON.stringify(out)})`,
    returnByValue: true,
  });
  console.log(`wrote ${out}`);
} finally {
  await server.stop();
  await cluster.stop();
}
process.exit(0);
