/**
 * For the browser fault specs: the demo cluster in this process (so faults can be injected and its store
 * changed directly) and the built server as a child process reaching it through a kubeconfig, on a port
 * that survives a server restart.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { type Socket, connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RunningServer, freePort, startServerProcess } from './server-process.js';

/**
 * The demo cluster's API as used here, typed structurally and loaded by name at run time (its built dist):
 * importing its sources would type-check them under this package's DOM lib.
 */
type KubeObject = { metadata: { name: string }; status?: unknown } & Record<string, unknown>;
export type Fault = { type: string } & Record<string, unknown>;
export interface DemoCluster {
  kubeconfig: string;
  store: { update(gk: string, ns: string, name: string, fn: (draft: KubeObject) => void): unknown };
  faults: { apply(fault: Fault): Promise<void> };
  stop(): Promise<void>;
}
interface DemoModule {
  startDemoCluster(opts: Record<string, unknown>): Promise<DemoCluster>;
  RESOURCES: ReadonlyArray<{ group: string; kind: string }>;
}
const DEMO_MODULE = '@fluxscope/demo-cluster';
const demo = (): Promise<DemoModule> => import(DEMO_MODULE) as Promise<DemoModule>;

export async function fluxKinds(): Promise<string[]> {
  return (await demo()).RESOURCES.filter(r => /fluxcd\.io$/.test(r.group)).map(r => r.kind);
}

/**
 * A TCP relay between the browser and the server: cutting it drops the tab's connections (the SSE stream
 * included) the way a network drop does, which Chromium's offline emulation does not do for open streams.
 */
async function startRelay(targetPort: number) {
  const sockets = new Set<Socket>();
  let blockedUntil = 0;
  const server = createServer(client => {
    if (Date.now() < blockedUntil) return void client.destroy();
    const upstream = connect(targetPort, '127.0.0.1');
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    /** Drops every connection and refuses new ones for `ms` (a laptop asleep, a Wi-Fi drop). */
    cut(ms = 0) {
      blockedUntil = Date.now() + ms;
      for (const s of sockets) s.destroy();
    },
    close: () => new Promise<void>(resolve => server.close(() => resolve())),
  };
}

export interface FaultBed {
  /** Where the browser goes: the relay in front of the server. */
  url: string;
  /** Drops the browser's connections and refuses new ones for `ms`. */
  cutBrowser(ms?: number): void;
  cluster: DemoCluster;
  logs(): string;
  /** Stops the server process (SIGKILL: a crash, not a clean shutdown). */
  killServer(): Promise<void>;
  startServer(): Promise<void>;
  stop(): Promise<void>;
}

export async function startFaultBed(faults: Fault[] = []): Promise<FaultBed> {
  const cluster = await (
    await demo()
  ).startDemoCluster({
    scenario: 'steady',
    periodic: false,
    bookmarkIntervalMs: 1000,
    faults,
  });
  const kubeconfig = join(mkdtempSync(join(tmpdir(), 'fluxscope-e2e-')), 'kubeconfig');
  writeFileSync(kubeconfig, cluster.kubeconfig, { mode: 0o600 });
  const port = await freePort();
  let server: RunningServer | undefined;

  // Up, not ready: a fault may keep some kind from syncing, and the server answers /readyz 503 then.
  const startServer = async () => {
    server = await startServerProcess(['--kubeconfig', kubeconfig, '--log-level', 'warn'], {
      port,
      readyPath: '/api/v1/status',
    });
  };
  const killServer = async () => {
    await server?.kill();
  };

  await startServer();
  const relay = await startRelay(port);
  return {
    url: relay.url,
    cutBrowser: ms => relay.cut(ms),
    cluster,
    logs: () => server?.logs() ?? '',
    killServer,
    startServer,
    async stop() {
      relay.cut();
      await relay.close();
      await killServer();
      await cluster.stop();
    },
  };
}

/** Marks a Kustomization failed in the API server, as kustomize-controller would. */
export function failKustomization(cluster: DemoCluster, name: string, message: string): void {
  cluster.store.update('kustomize.toolkit.fluxcd.io/Kustomization', 'flux-system', name, d => {
    const status = (d.status ?? {}) as { conditions?: Array<Record<string, string>> };
    const others = (status.conditions ?? []).filter(c => c['type'] !== 'Ready');
    d.status = {
      ...status,
      conditions: [
        ...others,
        {
          type: 'Ready',
          status: 'False',
          reason: 'ReconciliationFailed',
          message,
          lastTransitionTime: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
        },
      ],
    };
  });
}
