/**
 * The server's live copy of the cluster: one KindWatcher per served kind (never per browser) feeding one
 * ClusterIndex, per-kind and connection state, and the change log the SSE stream sends. Discovery runs
 * again every minute so CRDs that are installed or removed are picked up without a restart.
 */
import {
  ClusterIndex,
  FLUX_KINDS,
  WORKLOAD_KINDS,
  refOf,
  storedForm,
  type ClusterObject,
  type ActionKind,
  type ConnectionState,
  type FluxEvent,
  type KindInfo,
  type KindState,
  type Snapshot,
} from '@fluxscope/shared';
import type { FastifyBaseLogger } from 'fastify';
import type { ServerConfig } from '../config/flags.js';
import type { KubeClient } from '../kube/plugin.js';
import { classifyError } from '../kube/raw-api.js';
import { Sleeper, backoffDelay } from './backoff.js';
import { ChangeLog } from './change-log.js';
import { type Discovered, discoverKinds, kindKey } from './discovery.js';
import { eventId, eventTime, toFluxEvent } from './events.js';
import { KindWatcher, type WatchEventType, type WatcherStatus } from './kind-watcher.js';

const EVENT_KIND: KindInfo = {
  group: '',
  kind: 'Event',
  plural: 'events',
  namespaced: true,
  versions: ['v1'],
  flux: false,
};
/** Everything watched: Flux kinds whole, workload kinds slim, Events about Flux objects. Never Secrets. */
export const WATCHED_KINDS: readonly KindInfo[] = [...FLUX_KINDS, ...WORKLOAD_KINDS, EVENT_KIND];

export interface ReadyState {
  ready: boolean;
  reasons: string[];
}

/** How long a watched kind must stay missing from discovery before it counts as removed. */
const VANISHED_CONFIRM_MS = 2_000;
/** When a watched kind went missing, discovery looks again this soon. */
const VANISHED_RECHECK_MS = 3_000;

export class ClusterCache {
  readonly index = new ClusterIndex();
  readonly changes = new ChangeLog(50, 1000, 16 * 1024 * 1024, Date.now());
  private readonly kinds = new Map<string, KindState>();
  /** Per kind: one watcher, or one per namespace in namespace-scoped mode (--namespaces). */
  private readonly watchers = new Map<string, KindWatcher[]>();
  /** Where each kind is listed and watched: the whole cluster (undefined) or each of --namespaces. */
  private readonly scopes: ReadonlyArray<string | undefined>;
  /** Event ids by arrival, oldest first, for keeping only the newest maxEvents. */
  private readonly eventOrder = new Map<string, true>();
  private connection: ConnectionState;
  private discovered = false;
  /** Kinds being watched that the last discovery did not list, and since when (see applyDiscovery). */
  private readonly vanished = new Map<string, number>();
  private everReady = false;
  private stopped = false;
  private readonly sleeper = new Sleeper();

  constructor(
    private readonly client: KubeClient,
    private readonly config: ServerConfig,
    private readonly log: FastifyBaseLogger,
  ) {
    this.scopes = config.namespaces ?? [undefined];
    const base = {
      since: new Date().toISOString(),
      demo: client.source === 'demo',
      actionsEnabled: config.enableActions,
      ...(config.namespaces ? { namespaces: config.namespaces } : {}),
      ...(client.server ? { server: client.server } : {}),
      ...(client.context ? { context: client.context } : {}),
      ...(client.demo ? { demoScenario: client.demo.scenario } : {}),
    };
    this.connection = client.misconfigured
      ? { ...base, state: 'misconfigured', message: client.misconfigured }
      : { ...base, state: 'connecting' };
    for (const info of WATCHED_KINDS) {
      this.kinds.set(kindKey(info), {
        group: info.group,
        kind: info.kind,
        served: false,
        synced: false,
        flux: info.flux,
        count: 0,
        ...(config.namespaces && info.namespaced ? { namespaces: config.namespaces } : {}),
        ...(this.skipped(info)
          ? {
              errorCode: 'not-watched',
              error: `${info.kind} is cluster-scoped: not watched with --namespaces`,
            }
          : {}),
      });
    }
  }

  start(): void {
    if (this.client.api && this.client.watch) void this.discoveryLoop();
  }

  stop(): void {
    this.stopped = true;
    this.sleeper.cancel();
    for (const watchers of this.watchers.values()) for (const watcher of watchers) watcher.stop();
    this.watchers.clear();
    this.changes.stop();
  }

  connectionState(): ConnectionState {
    return { ...this.connection };
  }

  /** What the server's identity may patch (actions plugin); pushed to the browsers with the connection. */
  setActionKinds(actionKinds: ActionKind[]): void {
    this.connection = { ...this.connection, actionKinds };
    this.changes.push({ op: 'connection', connection: this.connectionState() });
  }

  /** What namespace-scoped mode cannot see, said plainly for the status endpoint (empty for the whole cluster). */
  scopeLimits(): string[] {
    const namespaces = this.config.namespaces;
    if (!namespaces) return [];
    const skipped = WATCHED_KINDS.filter(k => this.skipped(k)).map(k => k.kind);
    return [
      `only namespaces ${namespaces.join(', ')} are watched: objects elsewhere (sources, dependencies, inventory entries) show as missing`,
      `cluster-scoped kinds are not watched: ${skipped.join(', ')}`,
      `events only from namespaces ${namespaces.join(', ')}`,
    ];
  }

  /** Cluster-scoped kinds are skipped in namespace-scoped mode (a Role cannot grant them). */
  private skipped(info: KindInfo): boolean {
    return this.config.namespaces !== undefined && !info.namespaced;
  }

  kindStates(): KindState[] {
    return [...this.kinds.values()].map(k => ({ ...k }));
  }

  snapshot(): Snapshot {
    this.changes.flush();
    return {
      seq: this.changes.seq,
      objects: [...this.index.all()],
      events: [...this.index.events()],
      kinds: this.kindStates(),
      connection: this.connectionState(),
    };
  }

  /**
   * Ready once every served kind's first list is loaded. After that it stays ready through API server
   * outages (the reasons say what is wrong): the UI must stay reachable to show the outage, and a probe
   * flapping with the API server would take it away exactly then.
   */
  readiness(): ReadyState {
    const reasons: string[] = [];
    if (this.connection.state !== 'connected') {
      reasons.push(
        `connection ${this.connection.state}${this.connection.message ? `: ${this.connection.message}` : ''}`,
      );
    } else if (!this.discovered) reasons.push('discovering served kinds');
    let pending = !this.discovered;
    for (const k of this.kinds.values()) {
      if (k.served && !k.synced && k.errorCode !== 'forbidden') {
        pending = true;
        reasons.push(`${k.kind}: first list not loaded${k.error ? ` (${k.error})` : ''}`);
      }
    }
    if (!pending && this.discovered) this.everReady = true;
    return { ready: this.everReady && !pending, reasons };
  }

  /** Restart statistics of every watch, for the status endpoint. */
  watchStats(): Array<{ kind: string; restarts: number; relists: number }> {
    return [...this.watchers.values()].flat().map(w => ({
      kind: w.target.namespace ? `${w.target.kind} (${w.target.namespace})` : w.target.kind,
      restarts: w.status.restarts,
      relists: w.status.relists,
    }));
  }

  private setConnection(patch: Partial<ConnectionState>): void {
    const previous = this.connection.state;
    const next: ConnectionState = { ...this.connection, ...patch };
    if (patch.state && patch.state !== this.connection.state) next.since = new Date().toISOString();
    if (patch.state === 'connected') delete next.message;
    const changed =
      next.state !== this.connection.state ||
      next.message !== this.connection.message ||
      next.fluxMissing !== this.connection.fluxMissing;
    this.connection = next;
    if (patch.state === 'connected' && previous === 'unreachable') {
      // Each watch and discovery backed off on its own during the outage (up to 30 s). The first request
      // that got through proves the server is back: everyone retries now instead of after its own backoff.
      for (const watcher of [...this.watchers.values()].flat()) watcher.retryNow();
      this.sleeper.cancel();
    }
    if (changed) {
      if (next.state === 'connected') this.log.info(`connected to ${next.server ?? 'the API server'}`);
      else if (next.message) this.log.warn(`API server ${next.state}: ${next.message}`);
      this.changes.push({ op: 'connection', connection: this.connectionState() });
    }
  }

  private updateKind(key: string, patch: Partial<KindState>, emit = true): void {
    const current = this.kinds.get(key);
    if (!current) return;
    const next: KindState = { ...current, ...patch };
    for (const field of ['errorCode', 'error', 'version'] as const)
      if (field in patch && patch[field] === undefined) delete next[field];
    const { lastActivity: _a, ...a } = current;
    const { lastActivity: _b, ...b } = next;
    this.kinds.set(key, next);
    if (emit && JSON.stringify(a) !== JSON.stringify(b))
      this.changes.push({ op: 'kinds', kinds: this.kindStates() });
  }

  private async discoveryLoop(): Promise<void> {
    let failures = 0;
    while (!this.stopped) {
      let wait = this.config.discoveryIntervalMs;
      try {
        const result = await discoverKinds(this.client.api!, WATCHED_KINDS);
        if (this.stopped) return;
        failures = 0;
        this.discovered = true;
        this.applyDiscovery(result);
        // A kind that just vanished is confirmed by a second look soon, not a minute later.
        if (this.vanished.size > 0) wait = Math.min(wait, VANISHED_RECHECK_MS);
        const fluxMissing = !FLUX_KINDS.some(k => result.get(kindKey(k))?.status === 'served');
        this.setConnection({ state: 'connected', fluxMissing });
      } catch (err) {
        if (this.stopped) return;
        failures++;
        const { failure, message, code } = classifyError(err);
        if (failure === 'credentials') {
          this.setConnection({ state: 'misconfigured', message });
        } else if (failure === 'unauthorized') {
          this.setConnection({
            state: 'misconfigured',
            message: `the API server rejected the credentials (401): ${message}`,
          });
        } else if (failure === 'unreachable') {
          this.setConnection({
            state: 'unreachable',
            message: `cannot reach ${this.client.server}: ${message}`,
          });
        } else {
          this.setConnection({
            state: 'unreachable',
            message: `discovery failed${code ? ` (HTTP ${code})` : ''}: ${message}`,
          });
        }
        wait = Math.min(wait, backoffDelay(failures, 1000, 30_000));
      }
      await this.sleeper.sleep(wait);
    }
  }

  private applyDiscovery(result: Map<string, Discovered>): void {
    for (const info of WATCHED_KINDS) {
      if (this.skipped(info)) continue;
      const key = kindKey(info);
      const found = result.get(key) ?? { status: 'not-served' };
      const existing = this.watchers.get(key);
      if (found.status === 'served') {
        this.vanished.delete(key);
        if (existing && existing[0]?.target.version === found.version) continue;
        if (existing) for (const watcher of existing) watcher.stop();
        this.startWatchers(info, found.version, found.plural);
        this.updateKind(key, {
          served: true,
          synced: false,
          version: found.version,
          errorCode: undefined,
          error: undefined,
        });
        continue;
      }
      if (existing) {
        // A real kube-apiserver that has just restarted serves discovery before its CRD and RBAC caches have
        // caught up: Flux kinds are missing (or forbidden) for a second or two. Dropping the kind then would
        // empty the views until the next discovery a minute later, so a kind must be gone twice, a few
        // seconds apart, before its watchers stop and its objects go.
        const since = this.vanished.get(key);
        if (since === undefined || Date.now() - since < VANISHED_CONFIRM_MS) {
          if (since === undefined) this.vanished.set(key, Date.now());
          continue;
        }
        this.vanished.delete(key);
        for (const watcher of existing) watcher.stop();
        this.watchers.delete(key);
        this.dropKind(info);
      }
      if (found.status === 'forbidden') {
        this.updateKind(key, {
          served: true,
          synced: false,
          errorCode: 'forbidden',
          error: `forbidden: ${found.message}`,
        });
      } else {
        this.updateKind(key, {
          served: false,
          synced: false,
          count: 0,
          version: undefined,
          errorCode: 'not-served',
          error: `${info.kind} (${info.group || 'core'}) is not served by this cluster`,
        });
      }
    }
  }

  private dropKind(info: KindInfo): void {
    if (info === EVENT_KIND) {
      for (const id of [...this.eventOrder.keys()]) this.removeEvent(id);
      return;
    }
    for (const obj of this.index.removeKind(info.group, info.kind))
      this.changes.push({ op: 'delete', ref: refOf(obj) });
  }

  private startWatchers(info: KindInfo, version: string, plural: string): void {
    const watchers = this.scopes.map(namespace => this.makeWatcher(info, version, plural, namespace));
    this.watchers.set(kindKey(info), watchers);
    for (const watcher of watchers) watcher.start();
  }

  private makeWatcher(
    info: KindInfo,
    version: string,
    plural: string,
    namespace: string | undefined,
  ): KindWatcher {
    const key = kindKey(info);
    const isEvents = info === EVENT_KIND;
    return new KindWatcher(
      { group: info.group, version, kind: info.kind, plural, ...(namespace ? { namespace } : {}) },
      {
        api: this.client.api!,
        watch: this.client.watch!,
        log: this.log,
        silenceMs: this.config.watchSilenceMs,
      },
      {
        // Workload kinds are slimmed page by page while listing: peak memory and GC stay proportional to slim size.
        ...(isEvents ? {} : { transform: storedForm }),
        onList: items =>
          isEvents ? this.replaceEvents(items, namespace) : this.replaceObjects(info, items, namespace),
        onEvent: (type, obj) => (isEvents ? this.applyEvent(type, obj) : this.applyObject(type, obj)),
        onStatus: status => this.onWatcherStatus(key, status, namespace),
        onReachability: (reachable, message) => {
          if (reachable) {
            if (this.connection.state === 'unreachable') this.setConnection({ state: 'connected' });
          } else
            this.setConnection({
              state: 'unreachable',
              message: `cannot reach ${this.client.server}: ${message}`,
            });
        },
      },
    );
  }

  private onWatcherStatus(key: string, status: WatcherStatus, namespace: string | undefined): void {
    if (namespace === undefined) {
      this.updateKind(key, {
        synced: status.synced,
        errorCode: status.errorCode,
        error: status.error,
        ...(status.lastActivity ? { lastActivity: new Date(status.lastActivity).toISOString() } : {}),
      });
      return;
    }
    // One watcher per namespace: synced when all are, the first error (with its namespace) otherwise.
    const all = (this.watchers.get(key) ?? []).map(w => ({ ns: w.target.namespace, status: w.status }));
    const current = all.map(w => (w.ns === namespace ? { ns: namespace, status } : w));
    const failing = current.find(w => w.status.errorCode !== undefined);
    const lastActivity = Math.max(0, ...current.map(w => w.status.lastActivity ?? 0));
    this.updateKind(key, {
      synced: current.length > 0 && current.every(w => w.status.synced),
      errorCode: failing?.status.errorCode,
      error: failing ? `${failing.ns}: ${failing.status.error ?? ''}` : undefined,
      ...(lastActivity ? { lastActivity: new Date(lastActivity).toISOString() } : {}),
    });
  }

  private touch(key: string, count: number): void {
    const now = new Date().toISOString();
    this.connection.lastUpdate = now;
    this.updateKind(key, { count, lastActivity: now });
  }

  /** `items` are already in stored form (the watcher's transform); `namespace`: the list covered only that one. */
  private replaceObjects(info: KindInfo, items: ClusterObject[], namespace?: string): void {
    const fresh = new Map(
      items.map(item => [`${item.metadata.namespace ?? ''}/${item.metadata.name}`, item]),
    );
    let elsewhere = 0;
    for (const old of this.index.ofKind(info.group, info.kind)) {
      if (namespace !== undefined && old.metadata.namespace !== namespace) {
        elsewhere++;
        continue;
      }
      if (!fresh.has(`${old.metadata.namespace ?? ''}/${old.metadata.name}`)) {
        this.index.remove(refOf(old));
        this.changes.push({ op: 'delete', ref: refOf(old) });
      }
    }
    for (const item of items) {
      const previous = this.index.get(refOf(item));
      if (previous && previous.metadata.resourceVersion === item.metadata.resourceVersion) continue;
      this.index.upsert(item);
      this.changes.push({ op: 'upsert', object: item });
    }
    this.touch(kindKey(info), elsewhere + fresh.size);
  }

  private applyObject(type: WatchEventType, obj: ClusterObject): void {
    if (!obj?.metadata?.name) return;
    const ref = refOf(obj);
    const key = kindKey(ref);
    let count = this.kinds.get(key)?.count ?? 0;
    if (type === 'DELETED') {
      if (this.index.remove(ref)) {
        count--;
        this.changes.push({ op: 'delete', ref });
      }
    } else {
      if (!this.index.get(ref)) count++;
      const stored = storedForm(obj);
      this.index.upsert(stored);
      this.changes.push({ op: 'upsert', object: stored });
    }
    this.touch(key, count);
  }

  private replaceEvents(items: ClusterObject[], namespace?: string): void {
    const fresh = items.map(toFluxEvent).filter(e => e !== undefined);
    fresh.sort((a, b) => eventTime(a).localeCompare(eventTime(b)));
    const ids = new Set(fresh.map(e => e.id));
    const inScope =
      namespace === undefined
        ? [...this.eventOrder.keys()]
        : [...this.index.events()].filter(e => e.namespace === namespace).map(e => e.id);
    for (const id of inScope) if (!ids.has(id)) this.removeEvent(id);
    for (const event of fresh) this.addEvent(event);
    this.touch(kindKey(EVENT_KIND), this.index.eventCount);
  }

  private applyEvent(type: WatchEventType, obj: ClusterObject): void {
    if (!obj?.metadata?.name) return;
    if (type === 'DELETED') this.removeEvent(eventId(obj));
    else {
      const event = toFluxEvent(obj);
      if (!event) return;
      this.addEvent(event);
    }
    this.touch(kindKey(EVENT_KIND), this.index.eventCount);
  }

  private addEvent(event: FluxEvent): void {
    this.eventOrder.delete(event.id);
    this.eventOrder.set(event.id, true);
    this.index.upsertEvent(event);
    this.changes.push({ op: 'event', event });
    while (this.eventOrder.size > this.config.maxEvents) {
      const oldest = this.eventOrder.keys().next().value;
      if (oldest === undefined) break;
      this.removeEvent(oldest);
    }
  }

  private removeEvent(id: string): void {
    if (!this.eventOrder.delete(id)) return;
    this.index.removeEvent(id);
    this.changes.push({ op: 'event-delete', id });
  }
}
