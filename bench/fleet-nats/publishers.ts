/**
 * Simulated agents for the fleet bench: one NATS connection per cluster, each writing its clusters' object
 * summaries and a heartbeat into the fleet bucket exactly as `fluxscope agent` does (same keys, same value
 * shapes), but without a Kubernetes cluster or a server behind it. Driven by the bench over IPC:
 *   {cmd: 'load'}                 write every summary (reports 'loaded' with the time taken)
 *   {cmd: 'changes', rate, seconds}  state flips at `rate`/s spread over random clusters, since = now
 *   {cmd: 'stop'}
 * argv: natsUrl clusters objectsPerCluster
 */
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { Kvm, type KV } from '@nats-io/kv';

const [url, clustersArg, objectsArg] = process.argv.slice(2);
const CLUSTERS = Number(clustersArg);
const OBJECTS = Number(objectsArg);
const BUCKET = 'fluxscope-objects';
const KINDS = [
  'Kustomization',
  'HelmRelease',
  'GitRepository',
  'HelmChart',
  'HelmRepository',
  'OCIRepository',
];
const STATES = ['ready', 'ready', 'ready', 'ready', 'failed', 'progressing'];

const send = (msg: unknown) => process.send?.(msg);
// The bench went away (crashed or was stopped): do not linger.
process.on('disconnect', () => process.exit(1));
const clusterName = (i: number) => `cluster-${String(i).padStart(4, '0')}`;

/** One object's summary, shaped like shared/src/fleet/summarize.ts writes it (a few hundred bytes). */
function summary(c: number, o: number, state: string, since: string): Record<string, unknown> {
  const kind = KINDS[o % KINDS.length]!;
  const app = `app-${o % 97}`;
  const s: Record<string, unknown> = {
    kind,
    namespace: `tenant-${o % 20}`,
    name: `${app}-${o}`,
    state,
    since,
    revision: `main@sha1:${(c * 7919 + o).toString(16).padStart(40, '0')}`,
  };
  if (state !== 'ready') {
    s['reason'] = state === 'failed' ? 'ReconciliationFailed' : 'Progressing';
    s['message'] =
      `${kind} ${app}-${o} in tenant-${o % 20}: health check failed after 5m0s: timeout waiting for: [Deployment/${app}]`;
  }
  if (kind === 'GitRepository') s['url'] = `https://github.com/example/${app}.git`;
  if (kind === 'OCIRepository') s['url'] = `oci://ghcr.io/example/manifests/${app}`;
  if (kind === 'HelmRepository') s['url'] = `https://charts.example.com/${app}`;
  if (kind === 'HelmRelease' || kind === 'HelmChart') {
    s['chart'] = `chart-${o % 31}`;
    s['chartVersion'] = `1.${o % 9}.${c % 5}`;
  }
  if (kind === 'Kustomization' || kind === 'HelmRelease')
    s['images'] = [`ghcr.io/example/${app}:v${c % 3}.${o % 7}.0`, `docker.io/library/nginx:1.27.${o % 4}`];
  return s;
}

function key(c: number, s: Record<string, unknown>): string {
  return `${clusterName(c)}.${String(s['kind'])}.${String(s['namespace'])}.${String(s['name'])}`;
}

interface Agent {
  nc: NatsConnection;
  kv: KV;
}
const agents: Agent[] = [];

async function connectAll(): Promise<void> {
  for (let i = 0; i < CLUSTERS; i += 50) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(50, CLUSTERS - i) }, async (_, j) => {
        const nc = await connect({
          servers: url,
          name: `bench-agent ${clusterName(i + j)}`,
          maxReconnectAttempts: -1,
        });
        return { nc, kv: await new Kvm(nc).create(BUCKET, { history: 1, allow_direct: true }) };
      }),
    );
    agents.push(...batch);
  }
}

function heartbeat(c: number): string {
  return JSON.stringify({
    cluster: clusterName(c),
    connection: { state: 'connected', since: new Date().toISOString(), demo: false },
    ready: true,
    objects: OBJECTS,
    sentAt: new Date().toISOString(),
    intervalMs: 5000,
    fluxVersion: 'v2.9.2',
  });
}

/** Runs tasks with at most `limit` in flight. */
async function pool(total: number, limit: number, task: (i: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < total) await task(next++);
    }),
  );
}

let heartbeats: NodeJS.Timeout | undefined;
let retries = 0;

/** A put, tried again after a timeout (the load phase saturates a 2-core machine). */
async function put(kv: KV, k: string, v: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await kv.put(k, v);
      return;
    } catch (err) {
      if (attempt >= 5) throw err;
      retries++;
    }
  }
}

async function load(): Promise<void> {
  const start = performance.now();
  const since = new Date(Date.now() - 86_400_000).toISOString();
  // Clusters in parallel, each agent writing its own objects (as an agent's first sync does), with a bounded
  // number of puts in flight so acknowledgements come back within JetStream's timeout on a busy machine.
  await pool(CLUSTERS, 20, async c => {
    const { kv } = agents[c]!;
    await put(kv, `${clusterName(c)}.heartbeat`, heartbeat(c));
    await pool(OBJECTS, 50, async o => {
      const s = summary(c, o, STATES[(c + o) % STATES.length]!, since);
      await put(kv, key(c, s), JSON.stringify(s));
    });
  });
  // Every agent's heartbeat every 5 s, spread over the interval.
  let c = 0;
  heartbeats = setInterval(() => {
    for (let k = 0; k < Math.ceil(CLUSTERS / 50); k++, c = (c + 1) % CLUSTERS)
      void agents[c]!.kv.put(`${clusterName(c)}.heartbeat`, heartbeat(c)).catch(() => undefined);
  }, 100);
  send({ type: 'loaded', ms: performance.now() - start, retries });
}

async function changes(rate: number, seconds: number): Promise<void> {
  const tickMs = 10;
  let sent = 0;
  let failed = 0;
  const start = Date.now();
  const end = start + seconds * 1000;
  await new Promise<void>(resolve => {
    const timer = setInterval(() => {
      if (Date.now() >= end) {
        clearInterval(timer);
        return resolve();
      }
      // Owed by the clock, not by ticks: a late timer on a busy machine still sends `rate` per second.
      const owed = Math.floor(((Date.now() - start) * rate) / 1000) - sent;
      for (let k = 0; k < owed; k++) {
        const c = Math.floor(Math.random() * CLUSTERS);
        const o = Math.floor(Math.random() * OBJECTS);
        const s = summary(c, o, STATES[Math.floor(Math.random() * STATES.length)]!, new Date().toISOString());
        sent++;
        agents[c]!.kv.put(key(c, s), JSON.stringify(s)).catch(() => failed++);
      }
    }, tickMs);
  });
  send({ type: 'changed', sent, failed });
}

process.on('message', (msg: { cmd: string; rate?: number; seconds?: number }) => {
  if (msg.cmd === 'load') void load();
  else if (msg.cmd === 'changes') void changes(msg.rate!, msg.seconds!);
  else if (msg.cmd === 'stop') {
    clearInterval(heartbeats);
    void Promise.all(agents.map(a => a.nc.close())).then(() => process.exit(0));
  }
});

await connectAll();
send({ type: 'connected', clusters: agents.length });
