/**
 * The fault suite's bed: the demo cluster (a real HTTPS Kubernetes API with fault injection) and the real
 * server pointed at it through a kubeconfig, plus a browser-like mirror (snapshot + SSE, Last-Event-ID
 * resume, reload on reset). Convergence is checked object by object against the demo cluster's store.
 */
import v8 from 'node:v8';
import vm from 'node:vm';
import { startDemoCluster, type DemoCluster, type DemoClusterOptions } from '@fluxscope/demo-cluster';
import type { ChangeBatch, ClusterObject, ConnectionState, KindState, Snapshot } from '@fluxscope/shared';
import { refOf } from '@fluxscope/shared';
import { WATCHED_KINDS } from '../cache/cluster-cache.js';
import type { ServerConfig } from '../config/flags.js';
import { stopWithin } from '../kube/demo.js';
import { type RunningServer, startServer, testConfig, waitFor, writeTemp } from '../test-support/harness.js';

export interface Status {
  connection: ConnectionState;
  kinds: KindState[];
  ready: boolean;
  watches: Array<{ kind: string; restarts: number; relists: number }>;
  streamClients: number;
}

const rvOf = (o: { metadata: object }): string =>
  (o.metadata as { resourceVersion?: string }).resourceVersion ?? '';

const key = (o: ClusterObject): string => {
  const r = refOf(o);
  return `${r.group}/${r.kind}/${r.namespace}/${r.name}`;
};

/** A tab's view of the cluster: the snapshot, then SSE batches; a reset or a broken stream reloads. */
export class Mirror {
  readonly objects = new Map<string, string>();
  connection: ConnectionState | undefined;
  kinds: KindState[] = [];
  seq = 0;
  resets = 0;
  private abort: (() => void) | undefined;
  private stopped = false;
  private asleep = false;

  constructor(private readonly server: RunningServer) {}

  async start(): Promise<this> {
    await this.reload();
    void this.pump();
    return this;
  }

  stop(): void {
    this.stopped = true;
    this.abort?.();
  }

  /** Cuts the stream as a proxy or a sleeping laptop would; the mirror resumes with Last-Event-ID. */
  cut(): void {
    this.abort?.();
  }

  /** A laptop going to sleep: the stream drops and nothing reconnects until wake(). */
  sleep(): void {
    this.asleep = true;
    this.abort?.();
  }

  wake(): void {
    this.asleep = false;
  }

  private async reload(): Promise<void> {
    const snap = await this.server.json<Snapshot>('/api/v1/snapshot');
    this.objects.clear();
    for (const o of snap.objects) this.objects.set(key(o), rvOf(o));
    this.connection = snap.connection;
    this.kinds = snap.kinds;
    this.seq = snap.seq;
  }

  private async pump(): Promise<void> {
    while (!this.stopped) {
      try {
        await this.follow();
      } catch {
        // the server is down or the stream was cut: retry like EventSource does
      }
      do await new Promise(r => setTimeout(r, 200));
      while (this.asleep && !this.stopped);
    }
  }

  /** Reads one SSE connection to its end, resuming after the last applied batch. */
  private async follow(): Promise<void> {
    const controller = new AbortController();
    this.abort = () => controller.abort();
    const res = await fetch(`${this.server.url}/api/v1/stream`, {
      headers: { accept: 'text/event-stream', 'last-event-id': String(this.seq) },
      signal: controller.signal,
    });
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event = /^event: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (event === 'reset') {
          this.resets++;
          await this.reload();
        } else if (event === 'changes' && data) this.apply(JSON.parse(data) as ChangeBatch);
      }
    }
  }

  private apply(batch: ChangeBatch): void {
    for (const change of batch.changes) {
      if (change.op === 'upsert') this.objects.set(key(change.object), rvOf(change.object));
      else if (change.op === 'delete') {
        const r = change.ref;
        this.objects.delete(`${r.group}/${r.kind}/${r.namespace}/${r.name}`);
      } else if (change.op === 'connection') this.connection = change.connection;
      else if (change.op === 'kinds') this.kinds = change.kinds;
    }
    this.seq = batch.seq;
  }
}

export interface Bed {
  cluster: DemoCluster;
  server: RunningServer;
  mirror: Mirror;
  status(): Promise<Status>;
  metrics(): Promise<string>;
  stop(): Promise<void>;
}

export async function startBed(
  clusterOpts: DemoClusterOptions = {},
  config: Partial<ServerConfig> = {},
): Promise<Bed> {
  const cluster = await startDemoCluster({
    scenario: 'steady',
    periodic: false,
    bookmarkIntervalMs: 1000,
    ...clusterOpts,
  });
  const server = await startServer(
    testConfig({ kubeconfig: writeTemp('kubeconfig', cluster.kubeconfig), ...config }),
  );
  await waitFor(async () => (await server.get('/readyz')).status === 200, 20_000, 'server ready');
  const mirror = await new Mirror(server).start();
  return {
    cluster,
    server,
    mirror,
    status: () => server.json<Status>('/api/v1/status'),
    metrics: async () => (await server.get('/metrics')).text(),
    async stop() {
      mirror.stop();
      await server.close();
      await stopWithin(cluster, 3000);
    },
  };
}

/** What the API server holds for the kinds the server watches (objects, not Events), minus `except` kinds. */
export function truth(cluster: DemoCluster, except: string[] = []): Map<string, string> {
  const out = new Map<string, string>();
  for (const k of WATCHED_KINDS) {
    if (k.kind === 'Event' || except.includes(k.kind)) continue;
    for (const o of cluster.store.list(`${k.group}/${k.kind}`)) out.set(key(o), rvOf(o));
  }
  return out;
}

/** Differences between what a side holds and the truth, as readable lines (empty when they agree). */
export function diff(have: Map<string, string>, want: Map<string, string>): string[] {
  const out: string[] = [];
  for (const [k, rv] of want) {
    const got = have.get(k);
    if (got === undefined) out.push(`missing ${k}`);
    else if (got !== rv) out.push(`stale ${k}: rv ${got}, want ${rv}`);
  }
  for (const k of have.keys()) if (!want.has(k)) out.push(`extra ${k}`);
  return out;
}

async function serverObjects(server: RunningServer): Promise<Map<string, string>> {
  const snap = await server.json<Snapshot>('/api/v1/snapshot');
  return new Map(snap.objects.map(o => [key(o), rvOf(o)]));
}

/**
 * Waits until the server's snapshot and the mirror both equal the API server's truth, object by object and
 * resourceVersion by resourceVersion; returns how long it took. Fails with the remaining differences.
 */
export async function converge(
  bed: Bed,
  opts: { except?: string[]; timeoutMs?: number } = {},
): Promise<number> {
  const started = Date.now();
  let last: string[] = [];
  try {
    await waitFor(
      async () => {
        const want = truth(bed.cluster, opts.except);
        last = [
          ...diff(await serverObjects(bed.server), want).map(d => `server: ${d}`),
          ...diff(bed.mirror.objects, want).map(d => `browser: ${d}`),
        ];
        return last.length === 0;
      },
      opts.timeoutMs ?? 20_000,
      'convergence',
    );
  } catch {
    throw new Error(`not converged after ${Date.now() - started} ms: ${last.slice(0, 10).join('; ')}`);
  }
  return Date.now() - started;
}

/** Changes a few Kustomizations and a Deployment in the API server, as controllers would. */
export function churn(cluster: DemoCluster, tag: string): void {
  const gk = 'kustomize.toolkit.fluxcd.io/Kustomization';
  for (const ks of cluster.store.list(gk).slice(0, 3)) {
    cluster.store.update(gk, ks.metadata.namespace, ks.metadata.name, d => {
      d.metadata.annotations = { ...d.metadata.annotations, 'fluxscope.test/churn': tag };
    });
  }
  const deploy = cluster.store.list('apps/Deployment')[0];
  if (deploy)
    cluster.store.update('apps/Deployment', deploy.metadata.namespace, deploy.metadata.name, d => {
      d.metadata.labels = { ...d.metadata.labels, 'fluxscope.test/churn': tag };
    });
}

/** One line per fault (the figures in docs/faults.md come from these). */
export function report(fault: string, recoveryMs: number, saw: string): void {
  console.log(`[fault] ${fault}: recovered in ${recoveryMs} ms; user saw: ${saw}`);
}

let gcFn: (() => void) | undefined;
/** Heap in use after a full GC (exposes gc on first use). */
export function heapAfterGc(): number {
  if (!gcFn) {
    v8.setFlagsFromString('--expose-gc');
    gcFn = vm.runInNewContext('gc') as () => void;
  }
  gcFn();
  gcFn();
  return process.memoryUsage().heapUsed;
}

export const sleep = (ms: number): Promise<void> => new Promise(r => setTimeout(r, ms));
export { waitFor };
