/**
 * `fluxscope hub`'s view of the fleet: one watch of the objects bucket (a snapshot of every key, then each
 * change) kept as per-cluster summaries, heartbeats and the fleet search index. It holds no cluster
 * credentials: everything it knows came from agents through NATS, and drill-downs go back to them.
 *
 * Agents are not trusted to be well-formed: a value that is not JSON, does not match its schema, is larger
 * than the limit or sits under a key no agent writes is dropped and counted (`dropped`), never thrown.
 * A cluster whose heartbeat is older than three of its intervals is stale since that heartbeat; its last
 * known objects stay until its agent is back and rewrites them.
 */
import {
  type AgentHeartbeat,
  type FleetConnection,
  type FluxObjectSummary,
  FLUX_STATES,
  summaryRef,
} from '@fluxscope/shared';
import { AgentHeartbeatSchema, FluxObjectSummarySchema } from '@fluxscope/shared/wire';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { type KV, type KvWatchEntry, Kvm } from '@nats-io/kv';
import { jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import type { FastifyBaseLogger } from 'fastify';
import type { SummaryDelta } from '../fleet/backend.js';
import type { FleetModeConfig } from '../config/nats-flags.js';
import { connectNats, natsErrorText } from './connect.js';
import { type DrillAnswer } from '@fluxscope/shared';
import { drillDown } from './drill.js';
import { ensureEventsStream, openObjectsBucket } from './streams.js';
import { type FleetNames, fleetNames, parseKey } from './subjects.js';

export interface HubCluster {
  name: string;
  /** Object key (kind/namespace/name tokens) -> summary. */
  objects: Map<string, FluxObjectSummary>;
  heartbeat?: AgentHeartbeat;
  /** When NATS stored the last heartbeat (its clock, so agents' clocks do not matter). */
  heartbeatAt?: number;
}

export type DropReason = 'malformed' | 'oversized' | 'unknown-key' | 'mismatch';

/** Clusters changed since the last update went out; sent at most every UPDATE_MS. */
export type FleetUpdateListener = (clusters: ReadonlySet<string>) => void;

const UPDATE_MS = 50;
const STATE_WORDS: ReadonlySet<string> = new Set(FLUX_STATES);
// Compiled once: a thousand clusters' snapshot is 200,000 checks, which the interpreting Value.Check makes seconds.
const SummaryCheck = TypeCompiler.Compile(FluxObjectSummarySchema);
const HeartbeatCheck = TypeCompiler.Compile(AgentHeartbeatSchema);
const decoder = new TextDecoder();

export class FleetHub {
  readonly clusters = new Map<string, HubCluster>();
  readonly dropped: Record<DropReason, number> = {
    malformed: 0,
    oversized: 0,
    'unknown-key': 0,
    mismatch: 0,
  };
  readonly names: FleetNames;
  /** Entries applied, and whether the first snapshot of the bucket has been read to its end. */
  entries = 0;
  synced = false;
  private syncedWaiters: Array<() => void> = [];
  private nc: NatsConnection | undefined;
  private kv: KV | undefined;
  private lastRevision = 0;
  private linkUp = false;
  private stopped = false;
  private readonly listeners = new Set<FleetUpdateListener>();
  private readonly deltaListeners = new Map<string, Set<(delta: SummaryDelta) => void>>();
  private readonly membership = new Set<(cluster: string, joined: boolean) => void>();
  private changed = new Set<string>();
  private updateTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly config: FleetModeConfig,
    private readonly log: FastifyBaseLogger,
    private readonly now: () => number = Date.now,
  ) {
    this.names = fleetNames(config.nats!.prefix);
  }

  /** Why the last attempt to reach NATS failed (a TLS or sign-in refusal...); undefined once connected. */
  lastError: string | undefined;

  /** Connected to NATS with the bucket open (false while the client reconnects). */
  get connected(): boolean {
    return this.linkUp && this.nc !== undefined && !this.nc.isClosed() && this.kv !== undefined;
  }

  async start(): Promise<void> {
    const nc = await connectNats(this.config.nats!, 'fluxscope-hub', this.names.hubInboxPrefix, {
      stopped: () => this.stopped,
      onError: err => {
        const text = natsErrorText(err);
        if (text !== this.lastError) this.log.error({ err: text }, 'fleet hub: cannot connect to NATS');
        this.lastError = text;
      },
    });
    if (!nc) return;
    this.nc = nc;
    this.lastError = undefined;
    this.linkUp = true;
    void (async (nc: NatsConnection) => {
      for await (const s of nc.status()) {
        if (s.type === 'disconnect') this.linkUp = false;
        else if (s.type === 'reconnect') this.linkUp = true;
      }
    })(this.nc);
    const kvm = new Kvm(this.nc);
    for (let delay = 500; !this.stopped; delay = Math.min(delay * 2, 10_000)) {
      try {
        // An existing bucket is used as it is (an operator may have made it with their own limits).
        const max = this.config.maxValueBytes;
        this.kv = await openObjectsBucket(kvm, this.names, max, false).catch(() =>
          openObjectsBucket(kvm, this.names, max, true),
        );
        await ensureEventsStream(await jetstreamManager(this.nc), this.names, this.config, true);
        break;
      } catch (err) {
        this.log.warn({ err: (err as Error).message }, 'fleet hub: cannot create the bucket or stream yet');
        await new Promise(r => setTimeout(r, delay));
      }
    }
    void this.watchLoop();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.updateTimer);
    await this.nc?.close().catch(() => undefined);
  }

  onUpdate(listener: FleetUpdateListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Each change of one cluster's summaries (the registry's search index follows them). */
  onDelta(cluster: string, listener: (delta: SummaryDelta) => void): () => void {
    let set = this.deltaListeners.get(cluster);
    if (!set) this.deltaListeners.set(cluster, (set = new Set()));
    set.add(listener);
    return () => set.delete(listener);
  }

  /** A cluster appears (its first valid key) or leaves (its heartbeat key deleted). */
  onMembership(listener: (cluster: string, joined: boolean) => void): () => void {
    this.membership.add(listener);
    return () => this.membership.delete(listener);
  }

  private emit(cluster: string, delta: SummaryDelta): void {
    for (const l of this.deltaListeners.get(cluster) ?? []) l(delta);
  }

  /** Resolves once the bucket's snapshot has been applied (the fleet view is complete). */
  whenSynced(): Promise<void> {
    return this.synced ? Promise.resolve() : new Promise(r => this.syncedWaiters.push(r));
  }

  /** Watches the bucket; when the watch ends (NATS restarted, consumer lost) it resumes after the last revision. */
  private async watchLoop(): Promise<void> {
    const kv = this.kv;
    if (!kv) return;
    while (!this.stopped) {
      try {
        const resume = this.lastRevision > 0 ? { resumeFromRevision: this.lastRevision + 1 } : {};
        const iter = await kv.watch(resume);
        if (!this.synced && (await kv.status()).values === 0) this.markSynced();
        for await (const entry of iter) {
          this.apply(entry);
          if (!this.synced && entry.isUpdate) this.markSynced();
        }
      } catch (err) {
        if (this.stopped) return;
        this.log.warn({ err: (err as Error).message }, 'fleet hub: bucket watch ended; resuming');
      }
      await new Promise(r => setTimeout(r, 1000));
    }
  }

  private markSynced(): void {
    this.synced = true;
    for (const w of this.syncedWaiters.splice(0)) w();
    this.log.info({ clusters: this.clusters.size, entries: this.entries }, 'fleet hub: fleet view complete');
  }

  private drop(reason: DropReason, key: string): void {
    this.dropped[reason]++;
    if (this.dropped[reason] <= 10 || this.dropped[reason] % 1000 === 0)
      this.log.warn(
        { key: key.slice(0, 200), reason, total: this.dropped[reason] },
        'fleet hub: dropped a value',
      );
  }

  private cluster(name: string): HubCluster {
    let c = this.clusters.get(name);
    if (!c) {
      this.clusters.set(name, (c = { name, objects: new Map() }));
      for (const l of this.membership) l(name, true);
    }
    return c;
  }

  /** Applies one bucket entry. Public for the tests that feed it crafted entries. */
  apply(entry: Pick<KvWatchEntry, 'key' | 'value' | 'operation' | 'revision' | 'created' | 'length'>): void {
    this.lastRevision = Math.max(this.lastRevision, entry.revision);
    this.entries++;
    const parsed = parseKey(entry.key);
    if (!parsed) return this.drop('unknown-key', entry.key);
    const del = entry.operation !== 'PUT';
    if (!del && entry.value.length > this.config.maxValueBytes) return this.drop('oversized', entry.key);
    let value: unknown;
    if (!del) {
      try {
        value = JSON.parse(decoder.decode(entry.value));
      } catch {
        return this.drop('malformed', entry.key);
      }
    }
    if (parsed.type === 'heartbeat') {
      if (del) {
        this.removeCluster(parsed.cluster);
        return;
      }
      if (!HeartbeatCheck.Check(value) || value.cluster !== parsed.cluster)
        return this.drop('malformed', entry.key);
      const c = this.cluster(parsed.cluster);
      c.heartbeat = value;
      c.heartbeatAt = entry.created.getTime();
      return this.touched(parsed.cluster);
    }
    const objectKey = `${parsed.kind}.${parsed.namespace}.${parsed.name}`;
    if (del) {
      const c = this.clusters.get(parsed.cluster);
      const old = c?.objects.get(objectKey);
      if (c && old) {
        c.objects.delete(objectKey);
        this.emit(parsed.cluster, { upserts: [], removes: [summaryRef(old)] });
        this.touched(parsed.cluster);
      }
      return;
    }
    // TypeBox checks do not look into `literals()` word lists (JSON Schema enums): the state word is checked here.
    if (!SummaryCheck.Check(value) || !STATE_WORDS.has(value.state)) return this.drop('malformed', entry.key);
    // The key says which object it is; a value naming another is not believed.
    if (value.kind !== parsed.kind || value.namespace !== parsed.namespace || value.name !== parsed.name)
      return this.drop('mismatch', entry.key);
    this.cluster(parsed.cluster).objects.set(objectKey, value);
    this.emit(parsed.cluster, { upserts: [value], removes: [] });
    this.touched(parsed.cluster);
  }

  private removeCluster(name: string): void {
    if (!this.clusters.delete(name)) return;
    for (const l of this.membership) l(name, false);
    this.deltaListeners.delete(name);
    this.touched(name);
  }

  private touched(cluster: string): void {
    this.changed.add(cluster);
    if (this.listeners.size === 0) {
      this.changed.clear();
      return;
    }
    this.updateTimer ??= setTimeout(() => {
      this.updateTimer = undefined;
      const changed = this.changed;
      this.changed = new Set();
      for (const l of this.listeners) l(changed);
    }, UPDATE_MS);
  }

  /** How the cluster is reached, as its fleet row says: the agent's own state, or stale since its last heartbeat. */
  connectionOf(c: HubCluster): FleetConnection {
    const hb = c.heartbeat;
    if (!hb || c.heartbeatAt === undefined)
      return { state: 'connecting', message: 'no heartbeat from its agent yet' };
    const conn: FleetConnection = { state: hb.connection.state };
    if (hb.connection.message) conn.message = hb.connection.message;
    if (hb.connection.server) conn.server = hb.connection.server;
    const age = this.now() - c.heartbeatAt;
    if (age > 3 * hb.intervalMs || !this.connected) conn.staleSince = new Date(c.heartbeatAt).toISOString();
    return conn;
  }

  /** Asks the cluster's agent for one read of its API (a DrillError when it cannot). */
  drill(cluster: string, path: string): Promise<DrillAnswer> {
    if (!this.nc) return Promise.reject(new Error('the hub is not connected to NATS'));
    return drillDown(this.nc, this.names.drillSubject(cluster), cluster, path, this.config.drillTimeoutMs);
  }
}
