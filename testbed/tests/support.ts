/**
 * Helpers for the test bed suites: where the test bed is, the Fluxscope server started against it, a
 * client of its SSE stream that records Flux objects' Ready transitions, and a client-node client reading
 * the API server directly (the controllers' own truth to compare Fluxscope with).
 */
import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import * as k8s from '@kubernetes/client-node';
import { fluxStatus, type ClusterObject, type FluxEvent } from '@fluxscope/shared';
import { startServerProcess } from '@fluxscope/e2e/support/server-process';
import { waitFor } from '@fluxscope/server/test-support/wait';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const run = promisify(execFile);

/** The kubeconfig testbed/test.sh exported (the test bed is up, not bootstrapped), or undefined. */
export const TESTBED_KUBECONFIG = process.env['FLUXSCOPE_TESTBED_KUBECONFIG'];
/** The test bed's scripts find their work folder (kubeconfig, pids) here; test.sh sets it, else derived. */
const testbedEnv = (): NodeJS.ProcessEnv => ({
  ...process.env,
  FLUXSCOPE_TESTBED_WORK: process.env['FLUXSCOPE_TESTBED_WORK'] ?? dirname(TESTBED_KUBECONFIG ?? ''),
});
export const GIT_URL = `http://127.0.0.1:${process.env['TB_GIT_PORT'] ?? '28174'}/fleet.git`;
export const CHARTS_URL = `http://127.0.0.1:${process.env['TB_CHARTS_PORT'] ?? '28175'}/`;

/** testbed/testbed.sh restart-apiserver: kube-apiserver stopped, down for `downSeconds`, started (etcd kept). */
export async function restartApiserver(downSeconds: number): Promise<void> {
  await run('bash', [join(ROOT, 'testbed/testbed.sh'), 'restart-apiserver', String(downSeconds)], {
    env: testbedEnv(),
  });
}

/** testbed/bootstrap.sh: GitRepository + root Kustomization flux-system, as `flux bootstrap` leaves them. */
export async function bootstrapTestbed(): Promise<void> {
  await run('bash', [join(ROOT, 'testbed/bootstrap.sh')], { env: testbedEnv() });
}

export async function git(args: string[], cwd?: string): Promise<string> {
  const env = {
    ...process.env,
    GIT_AUTHOR_NAME: 'testbed',
    GIT_AUTHOR_EMAIL: 'testbed@127.0.0.1',
    GIT_COMMITTER_NAME: 'testbed',
    GIT_COMMITTER_EMAIL: 'testbed@127.0.0.1',
  };
  return (await run('git', args, { cwd, env })).stdout.trim();
}

export interface Fluxscope {
  url: string;
  get<T>(path: string): Promise<T>;
  stop(): Promise<void>;
  logs(): string;
}

/** The built server (server/dist/main.js) against the test bed's kubeconfig, on a free loopback port. */
export async function startFluxscope(kubeconfig: string): Promise<Fluxscope> {
  const server = await startServerProcess(['--kubeconfig', kubeconfig, '--log-level', 'warn']);
  return {
    url: server.url,
    logs: server.logs,
    stop: server.stop,
    async get<T>(path: string): Promise<T> {
      const res = await fetch(`${server.url}${path}`);
      if (!res.ok) throw new Error(`GET ${path}: ${res.status} ${await res.text()}`);
      return (await res.json()) as T;
    },
  };
}

/** startFluxscope, then wait until every watched kind has had its first list (/readyz 200). */
export async function startReadyFluxscope(kubeconfig: string): Promise<Fluxscope> {
  const fluxscope = await startFluxscope(kubeconfig);
  await waitFor(async () => (await fetch(`${fluxscope.url}/readyz`)).ok, 60_000, 'Fluxscope ready');
  return fluxscope;
}

export const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

/** "Kind/namespace/name" of an object. */
export const keyOf = (o: { kind: string; metadata: { namespace?: string; name: string } }) =>
  `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`;

type StreamChange =
  | { op: 'upsert'; object: ClusterObject }
  | { op: 'delete'; ref: { kind: string; namespace: string; name: string } }
  | { op: 'event'; event: FluxEvent }
  | { op: string };

/**
 * Fluxscope's view of the cluster as a browser tab gets it: the snapshot, then the SSE stream resumed after
 * it. Records, per Kustomization/HelmRelease, when Fluxscope first showed it ready (shared's fluxStatus).
 */
export class StreamWatcher {
  readonly objects = new Map<string, ClusterObject>();
  /** key -> ms since the watcher started, first time the object was seen ready. */
  readonly readyAt = new Map<string, number>();
  readonly readyOrder: string[] = [];
  private readonly started = Date.now();
  private readonly abort = new AbortController();
  private listeners: Array<() => void> = [];

  static async open(url: string): Promise<StreamWatcher> {
    const watcher = new StreamWatcher();
    const snapshot = (await (await fetch(`${url}/api/v1/snapshot`)).json()) as {
      seq: number;
      objects: ClusterObject[];
    };
    for (const o of snapshot.objects) watcher.upsert(o);
    const res = await fetch(`${url}/api/v1/stream?lastEventId=${snapshot.seq}`, {
      signal: watcher.abort.signal,
    });
    if (!res.ok || !res.body) throw new Error(`stream: ${res.status}`);
    void watcher.read(res.body);
    return watcher;
  }

  private async read(body: ReadableStream<Uint8Array>): Promise<void> {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of body) {
        buffer += decoder.decode(chunk, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const frame = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event = /^event: (.*)$/m.exec(frame)?.[1];
          const data = /^data: (.*)$/m.exec(frame)?.[1];
          if (event === 'reset') throw new Error('stream reset: the watcher fell behind');
          if (event !== 'changes' || !data) continue;
          for (const change of (JSON.parse(data) as { changes: StreamChange[] }).changes) this.apply(change);
          for (const listener of this.listeners) listener();
        }
      }
    } catch (err) {
      if (!this.abort.signal.aborted) throw err;
    }
  }

  private apply(change: StreamChange): void {
    if (change.op === 'upsert' && 'object' in change) this.upsert(change.object);
    else if (change.op === 'delete' && 'ref' in change) {
      const { kind, namespace, name } = change.ref;
      this.objects.delete(`${kind}/${namespace}/${name}`);
    }
  }

  private upsert(o: ClusterObject): void {
    const key = keyOf(o);
    this.objects.set(key, o);
    if ((o.kind === 'Kustomization' || o.kind === 'HelmRelease') && !this.readyAt.has(key)) {
      if (fluxStatus(o).state === 'ready') {
        this.readyAt.set(key, Date.now() - this.started);
        this.readyOrder.push(key);
      }
    }
  }

  /** Resolves once `predicate` holds over the objects seen, checked after every batch. */
  async until(predicate: () => boolean, timeoutMs: number, what: string): Promise<void> {
    if (predicate()) return;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.listeners = this.listeners.filter(l => l !== check);
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
      }, timeoutMs);
      const check = () => {
        if (!predicate()) return;
        clearTimeout(timer);
        this.listeners = this.listeners.filter(l => l !== check);
        resolve();
      };
      this.listeners.push(check);
    });
  }

  byKind(kind: string): ClusterObject[] {
    return [...this.objects.values()].filter(o => o.kind === kind);
  }

  close(): void {
    this.abort.abort();
  }
}

/** A client-node client on the test bed: what the controllers wrote, read without Fluxscope. */
export function kubeClients(kubeconfig: string) {
  const config = new k8s.KubeConfig();
  config.loadFromFile(kubeconfig);
  return {
    config,
    custom: config.makeApiClient(k8s.CustomObjectsApi),
    core: config.makeApiClient(k8s.CoreV1Api),
    objects: k8s.KubernetesObjectApi.makeApiClient(config),
  };
}

export type KubeClients = ReturnType<typeof kubeClients>;

/** What `flux reconcile <kind> <name>` asks for: the requestedAt annotation, merge-patched. Returns its value. */
export async function requestReconcile(
  clients: KubeClients,
  object: { apiVersion: string; kind: string; namespace: string; name: string },
): Promise<string> {
  const requestedAt = new Date().toISOString();
  await clients.objects.patch(
    {
      apiVersion: object.apiVersion,
      kind: object.kind,
      metadata: {
        name: object.name,
        namespace: object.namespace,
        annotations: { 'reconcile.fluxcd.io/requestedAt': requestedAt },
      },
    },
    undefined,
    undefined,
    undefined,
    undefined,
    k8s.PatchStrategy.MergePatch,
  );
  return requestedAt;
}

export interface FluxGroupVersion {
  group: string;
  version: string;
  plural: string;
}
export const KUSTOMIZATIONS: FluxGroupVersion = {
  group: 'kustomize.toolkit.fluxcd.io',
  version: 'v1',
  plural: 'kustomizations',
};
export const HELMRELEASES: FluxGroupVersion = {
  group: 'helm.toolkit.fluxcd.io',
  version: 'v2',
  plural: 'helmreleases',
};

export interface KubeList {
  items: ClusterObject[];
}
export async function listFlux(clients: KubeClients, gv: FluxGroupVersion) {
  return ((await clients.custom.listClusterCustomObject(gv)) as KubeList).items;
}

/** The Ready condition of a Flux object in flux-system as the controller wrote it, or undefined. */
export async function fluxReadyCondition(clients: KubeClients, gv: FluxGroupVersion, name: string) {
  const obj = (await listFlux(clients, gv)).find(
    o => o.metadata.name === name && o.metadata.namespace === 'flux-system',
  );
  const conditions = (obj?.status?.['conditions'] ?? []) as Array<{
    type: string;
    status: string;
    reason?: string;
    message?: string;
  }>;
  return conditions.find(c => c.type === 'Ready');
}
