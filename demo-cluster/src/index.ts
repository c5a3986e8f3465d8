/**
 * @fluxscope/demo-cluster: the seed's workshop cluster behind an HTTPS Kubernetes API on 127.0.0.1, reached
 * through a kubeconfig exactly like a real cluster. `startDemoCluster` is what the server's --demo mode,
 * the integration tests and the browser tests start; cli.ts runs it on its own for kubectl.
 */
import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { KubeApiServer } from './api/server.js';
import { FaultInjector, installFaultRoutes } from './faults/index.js';
import type { Fault } from './faults/index.js';
import { buildKubeconfig } from './kubeconfig.js';
import { Simulator } from './sim/simulator.js';
import type { ScenarioName } from './sim/simulator.js';
import { ObjectStore } from './store/store.js';
import { loadSynthetic } from './synthetic/index.js';
import type { ChangeGenerator, SyntheticClusterOptions } from './synthetic/index.js';
import { generateServingTls } from './tls.js';

export { ObjectStore, ResourceVersionTooOldError, gkOf } from './store/store.js';
export type { Change, ChangeType, KubeObject, StoreOptions } from './store/store.js';
export { KubeApiServer } from './api/server.js';
export { FaultInjector, parseFaults } from './faults/index.js';
export type { Fault, FaultScope, SeenRequest } from './faults/index.js';
export type { HookAction, RequestHook, RequestInfo } from './api/server.js';
export { RESOURCES, resourceByKind, resourceByPlural } from './api/resources.js';
export type { Resource } from './api/resources.js';
export { buildSeedCluster, ENTRY_POINTS, SEED_FLUX_VERSION } from './seed/cluster.js';
export { SCENARIOS } from './sim/simulator.js';
export type { ScenarioName } from './sim/simulator.js';
export { ChangeGenerator, ROOT_KUSTOMIZATION, generateSyntheticCluster } from './synthetic/index.js';
export type { SyntheticCluster, SyntheticClusterOptions } from './synthetic/index.js';

export interface DemoClusterOptions {
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  scenario?: ScenarioName;
  /** Time multiplier for scenarios: 1 replays the bootstrap in about a minute, 20 in about 3 seconds. */
  speed?: number;
  /** Periodic reconciliations after the replay (and in `steady`); off gives a quiet cluster for tests. */
  periodic?: boolean;
  /** BOOKMARK period on watches (default 15s; client-node drops a watch after 30s without data). */
  bookmarkIntervalMs?: number;
  /** Changes kept for watch resume (default 10k); older resourceVersions answer 410 Gone. */
  changeLogSize?: number;
  /** Bearer token the kubeconfig carries (random by default). */
  token?: string;
  /** A generated cluster of any size instead of the seed's (no scenario replay); see synthetic/. */
  synthetic?: SyntheticClusterOptions;
  /** The context name in the generated kubeconfig (default `fluxscope-demo`): a demo fleet names each cluster. */
  contextName?: string;
  /** The Flux version the seed plays (the flux-system namespace's `app.kubernetes.io/version`). */
  fluxVersion?: string;
  /** Faults active from the start (see faults/); more can be applied later through `faults` or HTTP. */
  faults?: Fault[];
}

export interface RestartOptions {
  scenario?: ScenarioName;
  speed?: number;
}

export interface DemoCluster {
  url: string;
  /** YAML with certificate-authority-data and a bearer token. */
  kubeconfig: string;
  writeKubeconfig(path: string): Promise<void>;
  store: ObjectStore;
  server: KubeApiServer;
  scenario(): ScenarioName;
  /** Starts the scenario over (optionally another one, or at another speed); open watches see the changes. */
  restartScenario(opts?: RestartOptions): void;
  /** Resolves once the current scenario's replay has finished (immediately for `steady`). */
  settled(): Promise<void>;
  /** The change stream of a synthetic cluster (undefined otherwise). */
  syntheticChanges?: ChangeGenerator;
  /** Fault injection: `faults.apply({type: 'forbid', kinds: ['HelmRelease']})`, also over HTTP. */
  faults: FaultInjector;
  stop(): Promise<void>;
}

export async function startDemoCluster(opts: DemoClusterOptions = {}): Promise<DemoCluster> {
  const host = opts.host ?? '127.0.0.1';
  const token = opts.token ?? randomBytes(24).toString('hex');
  const tls = await generateServingTls(host);
  const store = new ObjectStore({ ...(opts.changeLogSize ? { changeLogSize: opts.changeLogSize } : {}) });
  const sim = new Simulator(store, {
    scenario: opts.scenario ?? 'bootstrap',
    speed: opts.speed ?? 1,
    periodic: opts.periodic ?? true,
    ...(opts.fluxVersion ? { fluxVersion: opts.fluxVersion } : {}),
  });
  const server = new KubeApiServer({
    store,
    tls,
    token,
    ...(opts.bookmarkIntervalMs !== undefined ? { bookmarkIntervalMs: opts.bookmarkIntervalMs } : {}),
    onClientWrite: w => sim.onClientWrite(w),
  });
  server.addRoute('POST', '/fluxscope-demo/v1/restart', info => {
    const scenario = info.query.get('scenario') as ScenarioName | null;
    const speed = Number(info.query.get('speed'));
    sim.restart({ ...(scenario ? { scenario } : {}), ...(speed > 0 ? { speed } : {}) });
    return { status: 200, body: { scenario: sim.scenario, speed: sim.speed } };
  });
  server.addRoute('GET', '/fluxscope-demo/v1/scenario', () => ({
    status: 200,
    body: { scenario: sim.scenario, speed: sim.speed, settled: sim.isSettled },
  }));
  // `kubectl auth can-i` (SelfSubjectAccessReview): the demo's token may do anything, like a cluster admin.
  // Tests replace this route to deny some verbs.
  server.addRoute('POST', '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', (_info, body) => {
    let review: Record<string, unknown>;
    try {
      review = JSON.parse(body) as Record<string, unknown>;
    } catch {
      return { status: 400, body: { kind: 'Status', apiVersion: 'v1', status: 'Failure', code: 400 } };
    }
    return {
      status: 201,
      body: { ...review, status: { allowed: true, reason: 'the demo cluster allows everything' } },
    };
  });
  const synthetic = opts.synthetic ? loadSynthetic(store, opts.synthetic) : undefined;
  if (!synthetic) sim.start();
  const url = await server.listen(host, opts.port ?? 0);
  const port = Number(new URL(url).port);
  const faults = new FaultInjector({
    server,
    store,
    restart: async downMs => {
      await server.close();
      await new Promise(resolve => setTimeout(resolve, downMs));
      await server.listen(host, port);
    },
  });
  installFaultRoutes(server, faults);
  for (const fault of opts.faults ?? []) await faults.apply(fault);
  const kubeconfig = buildKubeconfig({
    server: url,
    caPem: tls.caPem,
    token,
    ...(opts.contextName ? { contextName: opts.contextName } : {}),
  });
  return {
    url,
    kubeconfig,
    writeKubeconfig: path => writeFile(path, kubeconfig, { mode: 0o600 }),
    store,
    server,
    scenario: () => sim.scenario,
    restartScenario: o => sim.restart(o ?? {}),
    settled: () => (synthetic ? Promise.resolve() : sim.settled()),
    ...(synthetic ? { syntheticChanges: synthetic.changes } : {}),
    faults,
    stop: async () => {
      synthetic?.changes.stop();
      sim.stop();
      await server.close();
    },
  };
}
