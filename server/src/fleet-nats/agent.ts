/**
 * `fluxscope agent`'s link to the fleet: it keeps one KV key per Flux object of its cluster (the compact
 * summary), writes a heartbeat, appends its Flux Events to the events stream, and answers drill-down requests.
 * It only connects out; NATS never needs to reach the cluster.
 *
 * What it wrote is remembered (`published`: key -> value as acknowledged by JetStream), so a change costs one
 * put. On every (re)connect it reconciles the bucket against the index: reads its cluster's keys, writes what
 * differs and deletes what no longer exists (objects deleted while NATS was away). Keys are only deleted once
 * every watched kind has synced, so a half-listed cluster never wipes the hub's view of it.
 */
import type { ClusterObject, FluxEvent } from '@fluxscope/shared';
import { refOf } from '@fluxscope/shared';
import { type JetStreamClient, type JetStreamManager, jetstream, jetstreamManager } from '@nats-io/jetstream';
import { type KV, Kvm } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/transport-node';
import type { FastifyBaseLogger } from 'fastify';
import type { ClusterCache } from '../cache/cluster-cache.js';
import type { FleetModeConfig } from '../config/nats-flags.js';
import { connectNats, natsErrorText } from './connect.js';
import { type DrillAnswerer, serveDrillDowns } from './drill.js';
import { ensureEventsStream, openObjectsBucket } from './streams.js';
import { type FleetNames, clusterKeys, fleetNames, heartbeatKey, objectKey } from './subjects.js';

export interface AgentModel {
  /** The compact summary of one Flux object (undefined: not published). */
  summarize(obj: ClusterObject): unknown;
  /** What the heartbeat says about the cluster besides the connection (Flux version, counts...). */
  heartbeat(): Record<string, unknown>;
}

const FLUSH_MS = 100;
const MAX_PENDING_EVENTS = 10_000;

export class FleetAgent {
  private nc: NatsConnection | undefined;
  private kv: KV | undefined;
  private js: JetStreamClient | undefined;
  private readonly names: FleetNames;
  private readonly cluster: string;
  private readonly published = new Map<string, string>();
  private dirty = true;
  private flushing: Promise<void> | undefined;
  private flushTimer: NodeJS.Timeout | undefined;
  private heartbeatTimer: NodeJS.Timeout | undefined;
  private unsubscribe: (() => void) | undefined;
  private stopped = false;
  /** The bucket has been compared with the index since the last (re)connect (deletes included). */
  private reconciled = false;
  private lastVersion = -1;
  private readonly pendingEvents: FluxEvent[] = [];
  private drill: { stop(): void } | undefined;
  /** Counters for /metrics. */
  readonly stats = {
    puts: 0,
    deletes: 0,
    events: 0,
    eventsDropped: 0,
    reconciles: 0,
    errors: 0,
    connected: 0,
  };

  constructor(
    private readonly cache: ClusterCache,
    private readonly config: FleetModeConfig,
    private readonly model: AgentModel,
    private readonly answer: DrillAnswerer,
    private readonly log: FastifyBaseLogger,
  ) {
    this.names = fleetNames(config.nats!.prefix);
    this.cluster = config.clusterName!;
  }

  /** Why the last attempt to reach NATS failed (a TLS or sign-in refusal...); undefined once connected. */
  lastError: string | undefined;

  get isConnected(): boolean {
    return this.stats.connected === 1;
  }

  start(): void {
    this.unsubscribe = this.cache.changes.subscribe((_frame, changes) => {
      for (const c of changes) {
        if (c.op === 'event' && this.isFluxEvent(c.event)) this.pendingEvents.push(c.event);
      }
      // While NATS is away Events queue up to a bound; the stream keeps a bounded history anyway.
      if (this.pendingEvents.length > MAX_PENDING_EVENTS) {
        this.stats.eventsDropped += this.pendingEvents.length - MAX_PENDING_EVENTS;
        this.pendingEvents.splice(0, this.pendingEvents.length - MAX_PENDING_EVENTS);
      }
      this.schedule();
    });
    void this.connectLoop();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    clearTimeout(this.flushTimer);
    clearInterval(this.heartbeatTimer);
    this.drill?.stop();
    await this.flushing?.catch(() => undefined);
    await this.nc?.close().catch(() => undefined);
  }

  private isFluxEvent(event: FluxEvent): boolean {
    return (event.involvedObject.apiVersion ?? '').includes('toolkit.fluxcd.io');
  }

  private async connectLoop(): Promise<void> {
    const nats = this.config.nats!;
    const nc = await connectNats(
      nats,
      `fluxscope-agent ${this.cluster}`,
      this.names.inboxPrefix(this.cluster),
      {
        stopped: () => this.stopped,
        onError: err => {
          const text = natsErrorText(err);
          // Logged when it changes, not every second.
          if (text !== this.lastError)
            this.log.error({ servers: nats.servers, err: text }, 'fleet: cannot connect to NATS');
          this.lastError = text;
        },
      },
    );
    if (!nc) return;
    this.nc = nc;
    this.lastError = undefined;
    this.log.info({ servers: nats.servers }, 'fleet: connected to NATS');
    this.js = jetstream(this.nc);
    this.drill = serveDrillDowns(this.nc, this.names.drillSubject(this.cluster), this.answer, this.log);
    void this.watchStatus(this.nc);
    this.heartbeatTimer = setInterval(() => void this.writeHeartbeat(), this.config.heartbeatMs);
    await this.onConnected();
  }

  private async watchStatus(nc: NatsConnection): Promise<void> {
    for await (const s of nc.status()) {
      if (s.type === 'disconnect') {
        this.stats.connected = 0;
        this.reconciled = false;
        this.log.warn('fleet: lost NATS; will catch up on reconnect');
      } else if (s.type === 'reconnect') {
        this.log.info('fleet: NATS is back; reconciling the bucket');
        void this.onConnected();
      }
    }
  }

  /** Opens the bucket and stream (they may be created by the hub), then reconciles; retries until it works. */
  private async onConnected(): Promise<void> {
    for (
      let delay = 500;
      !this.stopped && this.nc && !this.nc.isClosed();
      delay = Math.min(delay * 2, 10_000)
    ) {
      try {
        const jsm: JetStreamManager = await jetstreamManager(this.nc);
        const kvm = new Kvm(this.nc);
        const max = this.config.maxValueBytes;
        // Bind first (all an agent's permissions allow); create only where NATS lets it (a dev server).
        this.kv ??= await openObjectsBucket(kvm, this.names, max, false).catch(() =>
          openObjectsBucket(kvm, this.names, max, true),
        );
        await ensureEventsStream(jsm, this.names, this.config, true);
        this.stats.connected = 1;
        await this.writeHeartbeat();
        this.dirty = true;
        this.schedule(0);
        return;
      } catch (err) {
        this.log.warn({ err: (err as Error).message }, 'fleet: bucket or stream not ready yet; retrying');
        await new Promise(r => setTimeout(r, delay));
      }
    }
  }

  private schedule(ms = FLUSH_MS): void {
    if (this.flushTimer || this.stopped) return;
    this.flushTimer = setTimeout(() => {
      this.flushTimer = undefined;
      if (this.flushing) return this.schedule();
      this.flushing = this.flush().finally(() => (this.flushing = undefined));
    }, ms);
  }

  /** The keys and values the bucket should hold for this cluster now. */
  private desired(): Map<string, string> {
    const out = new Map<string, string>();
    for (const obj of this.cache.index.fluxObjects()) {
      const summary = this.model.summarize(obj);
      if (summary !== undefined) out.set(objectKey(this.cluster, refOf(obj)), JSON.stringify(summary));
    }
    return out;
  }

  private async flush(): Promise<void> {
    const kv = this.kv;
    if (!kv || !this.isConnected) return;
    try {
      await this.publishEvents();
      const ready = this.cache.readiness().ready;
      if (!this.reconciled && ready) await this.reconcile(kv);
      // Summaries also name the images of applied workloads, so any change of the index may change one.
      const version = this.cache.index.version;
      if (version === this.lastVersion && !this.dirty) return;
      this.dirty = false;
      this.lastVersion = version;
      const want = this.desired();
      const writes: Array<Promise<void>> = [];
      for (const [key, value] of want)
        if (this.published.get(key) !== value) writes.push(this.put(kv, key, value));
      for (const key of this.published.keys()) if (!want.has(key)) writes.push(this.remove(kv, key));
      await Promise.all(writes);
    } catch (err) {
      this.stats.errors++;
      this.dirty = true;
      this.log.warn({ err: (err as Error).message }, 'fleet: writing to the bucket failed; will retry');
      this.schedule(1000);
    }
  }

  /** Compares the bucket's keys of this cluster with the index: catches up and removes what vanished. */
  private async reconcile(kv: KV): Promise<void> {
    const inBucket = new Map<string, string>();
    const keys: string[] = [];
    for await (const key of await kv.keys(clusterKeys(this.cluster))) keys.push(key);
    for (let i = 0; i < keys.length; i += 200) {
      const entries = await Promise.all(keys.slice(i, i + 200).map(k => kv.get(k)));
      for (const e of entries) if (e && e.operation === 'PUT') inBucket.set(e.key, e.string());
    }
    this.published.clear();
    const hb = heartbeatKey(this.cluster);
    for (const [key, value] of inBucket) if (key !== hb) this.published.set(key, value);
    this.reconciled = true;
    this.dirty = true;
    this.stats.reconciles++;
    this.log.info({ keys: this.published.size }, 'fleet: bucket read back; writing the difference');
  }

  private async put(kv: KV, key: string, value: string): Promise<void> {
    await kv.put(key, value);
    this.published.set(key, value);
    this.stats.puts++;
  }

  private async remove(kv: KV, key: string): Promise<void> {
    await kv.delete(key);
    this.published.delete(key);
    this.stats.deletes++;
  }

  private async publishEvents(): Promise<void> {
    if (!this.js) return;
    const subject = this.names.eventsSubject(this.cluster);
    while (this.pendingEvents.length > 0) {
      const event = this.pendingEvents[0]!;
      await this.js.publish(subject, JSON.stringify(event));
      this.pendingEvents.shift();
      this.stats.events++;
    }
  }

  private async writeHeartbeat(): Promise<void> {
    const kv = this.kv;
    if (!kv || !this.nc || this.nc.isClosed()) return;
    const body = {
      cluster: this.cluster,
      connection: this.cache.connectionState(),
      ready: this.cache.readiness().ready,
      objects: this.published.size,
      sentAt: new Date().toISOString(),
      intervalMs: this.config.heartbeatMs,
      ...this.model.heartbeat(),
    };
    try {
      await kv.put(heartbeatKey(this.cluster), JSON.stringify(body));
    } catch (err) {
      this.log.debug({ err: (err as Error).message }, 'fleet: heartbeat not written');
    }
  }
}
