/**
 * 7. `flux tree kustomization flux-system` against our GET /api/v1/tree (?format=text, the same text) on the
 * same cluster, as a ratio. The cluster is the synthetic one served by the demo cluster (any Kubernetes API
 * will do for the CLI); the flux binary is taken from PATH or the test bed's cache. Without one, the figure
 * is recorded as not measured, with why.
 *   node bench/flux-bench.ts [--objects 100000]
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { fetchOnce } from './lib/http.ts';
import { load1, machineInfo } from './lib/machine.ts';
import { ROOT, startServer } from './lib/proc.ts';
import { round, summarize } from './lib/stats.ts';
import { demoModule, fluxShape, warmStoreJson } from './server-bench.ts';

function findFlux(): string | undefined {
  try {
    const found = execFileSync('sh', ['-c', 'command -v flux'], { encoding: 'utf8' }).trim();
    if (found) return found;
  } catch {
    // Not on PATH.
  }
  const cache = join(homedir(), '.cache', 'fluxscope-testbed');
  if (!existsSync(cache)) return undefined;
  for (const dir of readdirSync(cache)) {
    const bin = join(cache, dir, 'bin', 'flux');
    if (existsSync(bin)) return bin;
  }
  return undefined;
}

export async function fluxBench(objects: number): Promise<Record<string, unknown>> {
  const record: Record<string, unknown> = { objects, machine: machineInfo(), loadStart: load1() };
  const flux = findFlux();
  if (!flux) {
    record['ratio'] = null;
    record['note'] =
      'not measured: no flux CLI on this machine (not on PATH; the test bed under testbed/ had not built one into ~/.cache/fluxscope-testbed/*/bin yet)';
    return record;
  }
  const demo = await demoModule();
  const cluster = await demo.startDemoCluster({
    synthetic: { objects, ...fluxShape(objects) },
    periodic: false,
  });
  warmStoreJson(cluster);
  const dir = mkdtempSync(join(tmpdir(), 'fluxscope-flux-'));
  const kubeconfig = join(dir, 'kubeconfig');
  await cluster.writeKubeconfig(kubeconfig);
  const server = await startServer({ kubeconfigPath: kubeconfig });
  try {
    const t0 = performance.now();
    const cli = spawnSync(flux, ['tree', 'kustomization', 'flux-system', '--kubeconfig', kubeconfig], {
      encoding: 'utf8',
      maxBuffer: 512 * 1024 * 1024,
    });
    const fluxMs = performance.now() - t0;
    const ours: number[] = [];
    let lines = 0;
    for (let i = 0; i < 5; i++) {
      const r = await fetchOnce(
        `${server.url}/api/v1/tree/Kustomization/flux-system/flux-system?format=text`,
      );
      ours.push(r.ms);
      lines = r.body.toString().split('\n').length;
    }
    const oursMs = summarize(ours).p50;
    record['fluxMs'] = Math.round(fluxMs);
    record['fluxExit'] = cli.status;
    record['fluxLines'] = cli.stdout.split('\n').length;
    record['fluxStderr'] = cli.stderr.slice(0, 500);
    record['oursMs'] = round(oursMs);
    record['oursLines'] = lines;
    record['ratio'] = cli.status === 0 ? round(fluxMs / oursMs) : null;
    record['note'] =
      cli.status === 0
        ? `${flux}, ${objects} objects`
        : `flux tree failed (exit ${cli.status}): ${cli.stderr.slice(0, 200)}`;
  } finally {
    await server.stop();
    await cluster.stop();
  }
  return record;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { objects: { type: 'string', default: '100000' } } });
  const result = await fluxBench(Number(values.objects));
  mkdirSync(`${ROOT}bench/out`, { recursive: true });
  writeFileSync(`${ROOT}bench/out/flux.json`, JSON.stringify(result, null, 2));
  console.log(JSON.stringify(result, null, 2));
  process.exit(0);
}
