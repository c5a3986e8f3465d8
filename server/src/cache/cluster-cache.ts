/**
 * The server's live copy of the cluster, composed: discovery (DiscoveryLoop) decides which kinds are served,
 * one KindWatcher per served kind (per namespace with --namespaces; never per browser) lists and watches it
 * into the EventStore (ClusterIndex + change log the SSE stream sends), and the ConnectionTracker says what
 * state the connection to the API server is in. Per-kind state (synced, counts, errors) lives here.
 */
import {
  ClusterIndex,
  FLUX_KINDS,
  WORKLOAD_KINDS,
  storedForm,
  type ActionKind,
  type ConnectionState,
  type KindInfo,
  type KindState,
  type Snapshot,
} from '@fluxscope/shared';
import type { FastifyBaseLogger } from 'fastify';
import type { ServerConfig } from '../config/flags.js';
import type { KubeClient } from '../kube/plugin.js';
import { classifyError } from '../kube/raw-api.js';
import { ChangeLog } from './change-log.js';
import { ConnectionTracker, staleAfterMs } from './connection.js';
import { DiscoveryLoop, type DiscoveryHandler } from './discovery-loop.js';
import { discoverKinds, kindKey } from './discovery.js';
import { EventStore } from './event-store.js';
import { KindWatcher, type WatcherStatus } from './kind-watcher.js';

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

export class ClusterCache {
  readonly index = new ClusterIndex();
  readonly changes = new ChangeLog(50, 1000, 16 * 1024 * 1024, Date.now());
  private readonly store: EventStore;
  private readonly connection: ConnectionTracker;
  private readonly discovery: DiscoveryLoop | undefined;
  private readonly kinds = new Map<string, KindState>();
  /** Per kind: one watcher, or one per namespace in namespace-scoped mode (--namespaces). */
  private readonly watchers = new Map<string, KindWatcher[]>();
  /** Where each kind is listed and watched: the whole cluster (undefined) or each of --namespaces. */
  private readonly scopes: ReadonlyArray<string | undefined>;
  private staleTimer: NodeJS.Timeout | undefined;
  /** When every kind was last told to relist because resourceVersions went backwards. */
  private lastRewindRelist = 0;
  private everReady = false;

  constructor(
    private readonly client: KubeClient,
    private readonly config: ServerConfig,
    private readonly log: FastifyBaseLogger,
  ) {
    this.scopes = config.namespaces ?? [undefined];
    this.store = new EventStore(this.index, this.changes, config.maxEvents);
    const base = {
      since: new Date().toISOString(),
      demo: client.source === 'demo',
      actionsEnabled: config.enableActions,
      logsEnabled: config.logsEnabled,
      ...(config.namespaces ? { namespaces: config.namespaces } : {}),
      ...(client.server ? { server: client.server } : {}),
      ...(client.context ? { context: client.context } : {}),
      ...(client.demo ? { demoScenario: client.demo.scenario } : {}),
    };
    this.connection = new ConnectionTracker(
      client.misconfigured
        ? { ...base, state: 'misconfigured', message: client.misconfigured }
        : { ...base, state: 'connecting' },
      connection => this.changes.push({ op: 'connection', connection }),
      log,
      staleAfterMs(config.watchSilenceMs),
    );
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
    const api = client.api;
    if (api && client.watch)
      this.discovery = new DiscoveryLoop(
        () => discoverKinds(api, WATCHED_KINDS),
        WATCHED_KINDS.filter(k => !this.skipped(k)),
        this.discoveryHandler(),
        { intervalMs: config.discoveryIntervalMs },
      );
  }

  start(): void {
    if (!this.discovery) return;
    this.discovery.start();
    const every = Math.max(250, Math.min(5_000, Math.round(this.connection.staleAfterMs / 4)));
    this.staleTimer = setInterval(() => this.connection.checkStale(), every);
    this.staleTimer.unref();
  }

  stop(): void {
    this.discovery?.stop();
    clearInterval(this.staleTimer);
    for (const watchers of this.watchers.values()) for (const watcher of watchers) watcher.stop();
    this.watchers.clear();
    this.changes.stop();
  }

  connectionState(): ConnectionState {
    return this.connection.current();
  }

  /** ms since the last byte from the API server (for /metrics). */
  silenceMs(): number {
    return this.connection.silenceMs();
  }

  /**
   * What the server's identity may patch (actions plugin); pushed to the browsers with the connection. The
   * access review that says so has just succeeded: kinds waiting after a 403 ask again now.
   */
  setActionKinds(actionKinds: ActionKind[]): void {
    this.connection.setActionKinds(actionKinds);
    this.wakeForbidden();
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
      seq: this.changes.handOut(),
      objects: [...this.index.all()],
      events: [...this.index.events()],
      kinds: this.kindStates(),
      connection: this.connectionState(),
    };
  }

  /**
   * Ready once every served kind's first list is loaded. After that it stays ready through API server
   * outages (the reasons say what is wrong, staleness included): the UI must stay reachable to show the
   * outage, and a probe flapping with the API server would take it away exactly then.
   */
  readiness(): ReadyState {
    const reasons: string[] = [];
    const connection = this.connection.current();
    const discovered = this.discovery?.discovered ?? false;
    if (connection.state !== 'connected') {
      reasons.push(`connection ${connection.state}${connection.message ? `: ${connection.message}` : ''}`);
    } else if (!discovered) reasons.push('discovering served kinds');
    else if (connection.stale)
      reasons.push(
        `connection stale: nothing heard from the API server for ${Math.round(this.connection.silenceMs() / 1000)} s`,
      );
    let pending = !discovered;
    for (const k of this.kinds.values()) {
      if (k.served && !k.synced && k.errorCode !== 'forbidden') {
        pending = true;
        reasons.push(`${k.kind}: first list not loaded${k.error ? ` (${k.error})` : ''}`);
      }
    }
    if (!pending && discovered) this.everReady = true;
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

  private allWatchers(): KindWatcher[] {
    return [...this.watchers.values()].flat();
  }

  private setConnection(patch: Partial<ConnectionState>): void {
    if (this.connection.set(patch)) {
      // Each watch and discovery backed off on its own during the outage (up to 30 s). The first request
      // that got through proves the server is back: everyone retries now instead of after its own backoff.
      for (const watcher of this.allWatchers()) watcher.retryNow();
      this.discovery?.wake();
    }
  }

  /** Permissions may have changed (a 403 turned into an answer): every kind waiting after a 403 asks again now. */
  private wakeForbidden(): void {
    for (const watcher of this.allWatchers()) watcher.retryIfForbidden();
  }

  private updateKind(key: string, patch: Partial<KindState>): void {
    const current = this.kinds.get(key);
    if (!current) return;
    const next: KindState = { ...current, ...patch };
    for (const field of ['errorCode', 'error', 'version'] as const)
      if (field in patch && patch[field] === undefined) delete next[field];
    const { lastActivity: _a, ...a } = current;
    const { lastActivity: _b, ...b } = next;
    this.kinds.set(key, next);
    if (JSON.stringify(a) !== JSON.stringify(b)) this.changes.push({ op: 'kinds', kinds: this.kindStates() });
  }

  private discoveryHandler(): DiscoveryHandler {
    return {
      watchedVersion: key => this.watchers.get(key)?.[0]?.target.version,
      serve: (info, found) => {
        const key = kindKey(info);
        for (const watcher of this.watchers.get(key) ?? []) watcher.stop();
        this.startWatchers(info, found.version, found.plural);
        this.updateKind(key, {
          served: true,
          synced: false,
          version: found.version,
          errorCode: undefined,
          error: undefined,
        });
      },
      remove: info => {
        const key = kindKey(info);
        for (const watcher of this.watchers.get(key) ?? []) watcher.stop();
        this.watchers.delete(key);
        if (info === EVENT_KIND) this.store.dropEvents();
        else this.store.dropObjects(info);
      },
      unavailable: (info, found) => {
        if (found.status === 'forbidden')
          this.updateKind(kindKey(info), {
            served: true,
            synced: false,
            errorCode: 'forbidden',
            error: `forbidden: ${found.message}`,
          });
        else
          this.updateKind(kindKey(info), {
            served: false,
            synced: false,
            count: 0,
            version: undefined,
            errorCode: 'not-served',
            error: `${info.kind} (${info.group || 'core'}) is not served by this cluster`,
          });
      },
      succeeded: fluxMissing => {
        this.connection.heard();
        this.setConnection({ state: 'connected', fluxMissing });
        this.wakeForbidden();
      },
      failed: err => {
        const { failure, message, code } = classifyError(err);
        if (failure === 'credentials') this.setConnection({ state: 'misconfigured', message });
        else if (failure === 'unauthorized')
          this.setConnection({
            state: 'misconfigured',
            message: `the API server rejected the credentials (401): ${message}`,
          });
        else if (failure === 'unreachable')
          this.setConnection({
            state: 'unreachable',
            message: `cannot reach ${this.client.server}: ${message}`,
          });
        else
          this.setConnection({
            state: 'unreachable',
            message: `discovery failed${code ? ` (HTTP ${code})` : ''}: ${message}`,
          });
      },
    };
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
        onList: items => {
          if (isEvents) {
            this.store.replaceEvents(items, namespace);
            this.touch(key, this.index.eventCount);
          } else this.touch(key, this.store.replaceObjects(info, items, namespace));
        },
        onEvent: (type, obj) => {
          if (isEvents) {
            if (this.store.applyEvent(type, obj)) this.touch(key, this.index.eventCount);
            return;
          }
          const delta = this.store.applyObject(type, obj);
          if (delta !== undefined) this.touch(key, (this.kinds.get(key)?.count ?? 0) + delta);
        },
        onHeard: () => this.connection.heard(),
        // etcd revisions are global: a store restored to an older state is older for every kind. At most once
        // a minute: one restore is seen by many watchers at once, and a server whose versions are simply not
        // in order must not make every kind relist on each event.
        onRewind: () => {
          if (Date.now() - this.lastRewindRelist < 60_000) return;
          this.lastRewindRelist = Date.now();
          for (const watcher of this.allWatchers()) watcher.relist();
        },
        onStatus: (status, previous) => {
          this.onWatcherStatus(key, status, namespace);
          // The first kind allowed again after a 403 is usually an RBAC fix that allows others too.
          if (previous === 'forbidden' && status.errorCode === undefined) this.wakeForbidden();
        },
        onReachability: (reachable, message) => {
          if (reachable) {
            this.connection.heard();
            if (this.connection.current().state === 'unreachable') this.setConnection({ state: 'connected' });
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
    this.connection.noteUpdate();
    this.updateKind(key, { count, lastActivity: new Date().toISOString() });
  }
}
