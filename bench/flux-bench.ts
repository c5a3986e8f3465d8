/**
 * 7. `flux tree kustomization flux-system -n flux-system` against our GET /api/v1/tree (?format=text, the same
 * text) on the same cluster, as a ratio of medians over several runs. The cluster is the test bed's when
 * --kubeconfig is given (real Flux controllers; `testbed/testbed.sh up` prints one), else the synthetic one
 * served by the demo cluster. The flux binary is taken from PATH, from bench/tools/flux's build
 * (~/.cache/fluxscope-tools/flux-<version>/flux, `bash bench/tools/flux/build.sh`) or from the test bed's
 * cache. Without one, the figure is recorded as not measured, with why.
 *   node bench/flux-bench.ts [--objects 100000 | --kubeconfig K] [--runs N]
 * Writes bench/out/flux.json for the test bed (figure 7), bench/out/flux-synthetic.json otherwise.
 */
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { fetchOnce } from './lib/http.ts';
import { load1, machineInfo } from './lib/machine.ts';
import { ROOT, startServer } from './lib/proc.ts';
import { round, summarize } from './lib/stats.ts';
import { countRequests, demoModule, fluxShape, warmStoreJson } from './server-bench.ts';

/** Binaries at <dir>/<entry>/<rest> for each entry of dir whose name starts with prefix, newest name first. */
function cached(dir: string, prefix: string, rest: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter(name => name.startsWith(prefix))
    .sort((a, b) => b.localeCompare(a, 'en', { numeric: true }))
    .map(name => join(dir, name, rest))
    .filter(bin => existsSync(bin));
}

function findFlux(): string | undefined {
  try {
    const found = execFileSync('sh', ['-c', 'command -v flux'], { encoding: 'utf8' }).trim();
    if (found) return found;
  } catch {
    // Not on PATH.
  }
  const cache = join(homedir(), '.cache');
  return [
    ...cached(join(cache, 'fluxscope-tools'), 'flux-', 'flux'),
    ...cached(join(cache, 'fluxscope-testbed'), '', join('bin', 'flux')),
  ][0];
}

/** What the record names the CLI by: its version (`flux version 2.9.2`), never where it sits on this machine. */
function fluxVersion(bin: string): string {
  try {
    return execFileSync(bin, ['--version'], { encoding: 'utf8' }).trim();
  } catch {
    return 'flux (version unknown)';
  }
}

interface CliRun {
  status: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI without blocking: the synthetic cluster answers it from this very event loop. */
function runCli(bin: string, args: string[]): Promise<CliRun> {
  return new Promise(resolve => {
    execFile(bin, args, { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 }, (err, stdout, stderr) => {
      const code = err && typeof err.code === 'number' ? err.code : err ? 1 : 0;
      resolve({ status: code, stdout, stderr });
    });
  });
}

interface Target {
  kubeconfig: string;
  describe: string;
  /** API requests the target has answered so far (only the synthetic cluster counts them). */
  requests?: () => number;
  /** What makes the two texts differ on this target, when that is known. */
  differs?: string;
  stop(): Promise<void>;
}

async function syntheticTarget(objects: number): Promise<Target> {
  const demo = await demoModule();
  const cluster = await demo.startDemoCluster({
    synthetic: { objects, ...fluxShape(objects) },
    periodic: false,
  });
  warmStoreJson(cluster);
  const { counts } = countRequests(cluster);
  const kubeconfig = join(mkdtempSync(join(tmpdir(), 'fluxscope-flux-')), 'kubeconfig');
  await cluster.writeKubeconfig(kubeconfig);
  const shape = fluxShape(objects);
  return {
    kubeconfig,
    describe: `synthetic cluster of ${objects} objects (${shape.kustomizations} Kustomizations, ${shape.helmReleases} HelmReleases)`,
    requests: () => counts.all,
    // Why the texts differ there: flux lists a release's objects from its Helm storage Secret, which the
    // synthetic cluster does not have; we read the release's status.inventory.
    differs: 'no Helm storage Secrets here, so flux prints no objects under HelmReleases',
    stop: () => cluster.stop(),
  };
}

export async function fluxBench(opts: {
  objects: number;
  kubeconfig?: string;
  runs: number;
}): Promise<Record<string, unknown>> {
  const record: Record<string, unknown> = {
    objects: opts.kubeconfig ? null : opts.objects,
    machine: machineInfo(),
    loadStart: load1(),
  };
  const flux = findFlux();
  if (!flux) {
    record['ratio'] = null;
    record['note'] =
      'not measured: no flux CLI on this machine (not on PATH, not built by bench/tools/flux/build.sh into ~/.cache/fluxscope-tools, not in the test bed cache)';
    return record;
  }
  const target = opts.kubeconfig
    ? {
        kubeconfig: opts.kubeconfig,
        describe: 'the test bed (testbed/, real Flux controllers)',
        stop: async () => {},
      }
    : await syntheticTarget(opts.objects);
  const server = await startServer({ kubeconfigPath: target.kubeconfig });
  try {
    const args = ['tree', 'kustomization', 'flux-system', '-n', 'flux-system'];
    const fluxRuns: number[] = [];
    const cliArgs = [...args, '--kubeconfig', target.kubeconfig];
    let cli = await runCli(flux, cliArgs); // warm-up: page cache, the API server's caches
    const requestsBefore = target.requests?.();
    for (let i = 0; i < opts.runs && cli.status === 0; i++) {
      const t0 = performance.now();
      cli = await runCli(flux, cliArgs);
      fluxRuns.push(performance.now() - t0);
    }
    if (requestsBefore !== undefined && fluxRuns.length)
      record['fluxRequestsPerRun'] = Math.round((target.requests!() - requestsBefore) / fluxRuns.length);
    const ourRequestsBefore = target.requests?.();
    const url = `${server.url}/api/v1/tree/Kustomization/flux-system/flux-system?format=text`;
    // Warm-up, as the CLI's first run was; on a steady cluster later requests are replays of the encoded
    // response, so this first one is what a changed cluster costs.
    record['oursFirstMs'] = round((await fetchOnce(url)).ms);
    const ours: number[] = [];
    let text = '';
    for (let i = 0; i < opts.runs; i++) {
      const r = await fetchOnce(url);
      ours.push(r.ms);
      text = r.body.toString();
    }
    if (ourRequestsBefore !== undefined) record['ourRequests'] = target.requests!() - ourRequestsBefore;
    const fluxMs = fluxRuns.length ? summarize(fluxRuns).p50 : NaN;
    const oursMs = summarize(ours).p50;
    record['runs'] = opts.runs;
    record['fluxMs'] = round(fluxMs);
    record['fluxRunsMs'] = fluxRuns.map(ms => round(ms));
    record['fluxExit'] = cli.status;
    record['fluxLines'] = cli.stdout.split('\n').length;
    record['fluxStderr'] = cli.stderr.slice(0, 500);
    record['oursMs'] = round(oursMs);
    record['oursRunsMs'] = ours.map(ms => round(ms));
    record['oursLines'] = text.split('\n').length;
    record['sameText'] = text.trimEnd() === cli.stdout.trimEnd();
    record['ratio'] = cli.status === 0 ? round(fluxMs / oursMs) : null;
    record['note'] =
      cli.status === 0
        ? `${fluxVersion(flux)}, ${target.describe}, medians of ${opts.runs}: flux ${round(fluxMs)} ms vs ours ${round(oursMs)} ms (first request ${String(record['oursFirstMs'])} ms), ${record['oursLines']} lines, same text: ${record['sameText']}${record['sameText'] === false && target.differs ? ` (${target.differs})` : ''}${record['fluxRequestsPerRun'] !== undefined ? `; API requests per tree: flux ${String(record['fluxRequestsPerRun'])}, ours ${String(record['ourRequests'])} (watches already hold the cluster)` : ''}`
        : `flux tree failed (exit ${cli.status}): ${cli.stderr.slice(0, 200)}`;
  } finally {
    await server.stop();
    await target.stop();
  }
  return record;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: {
      objects: { type: 'string', default: '100000' },
      kubeconfig: { type: 'string' },
      // 7 on the test bed; 3 on the synthetic cluster, where one flux tree makes thousands of requests.
      runs: { type: 'string' },
    },
  });
  const result = await fluxBench({
    objects: Number(values.objects),
    kubeconfig: values.kubeconfig,
    runs: Number(values.runs ?? (values.kubeconfig ? 7 : 3)),
  });
  mkdirSync(`${ROOT}bench/out`, { recursive: true });
  // The test bed's figure is figure 7; the synthetic cluster's is kept beside it.
  const name = values.kubeconfig ? 'flux' : 'flux-synthetic';
  writeFileSync(`${ROOT}bench/out/${name}.json`, JSON.stringify(result, null, 2));
  console.log(JSON.stringify(result, null, 2));
  process.exit(0);
}
