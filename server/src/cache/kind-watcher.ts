/**
 * List + watch of one resource, the way client-go's reflector does it, around client-node's Watch class:
 * paginated list (limit 500), watch with bookmarks resuming from the last resourceVersion, relist on
 * 410 Gone, restart of a watch that stays silent too long, exponential backoff with jitter on errors,
 * relist when the API server's resourceVersions went backwards (an etcd restore).
 * client-node's makeInformer is not used: it stops on errors and never asks for bookmarks.
 */
import type { Watch } from '@kubernetes/client-node';
import { ApiException } from '@kubernetes/client-node';
import type { ClusterObject } from '@fluxscope/shared';
import type { FastifyBaseLogger } from 'fastify';
import type { RawKubeApi } from '../kube/raw-api.js';
import { type KubeFailure, classifyError } from '../kube/raw-api.js';
import { Sleeper, backoffDelay, retryAfterMs } from './backoff.js';
import { isOlderVersion, isTooLargeResourceVersion } from './resource-version.js';

/**
 * A 403 is retried from about 1 s, doubling up to this (jittered between half and all of it), so a kind
 * allowed again comes back within 10 s even when nothing else wakes it.
 */
export const FORBIDDEN_RETRY_MAX_MS = 8_000;

export interface WatchTarget {
  group: string;
  version: string;
  kind: string;
  plural: string;
  /** Namespace-scoped mode: list and watch only this namespace. */
  namespace?: string;
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

/** What went wrong last on this watch, in KindState's vocabulary. */
export type WatchErrorCode = 'forbidden' | 'not-served' | 'unreachable' | 'watch-error';

export interface WatcherStatus {
  synced: boolean;
  errorCode?: WatchErrorCode;
  error?: string;
  /** ms epoch of the last event or bookmark. */
  lastActivity?: number;
  /** Watch restarts after errors, silence or 410s (not counting the API server's routine closes). */
  restarts: number;
  relists: number;
}

export interface WatcherHooks {
  /**
   * Applied to every listed item as its page arrives, so a 100k-object list never holds whole objects at
   * once (the cache passes its stored form: slim for workloads). Identity when absent.
   */
  transform?(obj: ClusterObject): ClusterObject;
  /** A complete list arrived: the kind's objects are exactly these (transformed). */
  onList(items: ClusterObject[]): void;
  onEvent(type: WatchEventType, obj: ClusterObject): void;
  /** Status changed (synced, error); `previous`: the error code before the change. */
  onStatus(status: WatcherStatus, previous: WatchErrorCode | undefined): void;
  /** Bytes arrived from the API server (an event, a bookmark, a list page): it is alive. */
  onHeard?(): void;
  /**
   * The API server's resourceVersions went backwards (etcd restored from a backup): this watcher relists;
   * every other kind's objects may be just as old.
   */
  onRewind?(): void;
  /** The API server answered (true) or could not be reached (false, with why). */
  onReachability(reachable: boolean, message?: string): void;
}

export interface WatcherOptions {
  api: RawKubeApi;
  watch: Watch;
  log: FastifyBaseLogger;
  silenceMs: number;
  pageSize?: number;
  backoffInitialMs?: number;
  backoffMaxMs?: number;
}

interface ListResponse {
  metadata?: { resourceVersion?: string; continue?: string };
  items?: ClusterObject[];
}

type WatchOutcome = 'closed' | 'gone' | 'silent' | 'cut' | 'rewound';

export function resourcePath(t: WatchTarget): string {
  const base = t.group === '' ? `/api/${t.version}` : `/apis/${t.group}/${t.version}`;
  return t.namespace ? `${base}/namespaces/${t.namespace}/${t.plural}` : `${base}/${t.plural}`;
}

export class KindWatcher {
  readonly status: WatcherStatus = { synced: false, restarts: 0, relists: 0 };
  private resourceVersion: string | undefined;
  /** The newest resourceVersion seen (list, event or bookmark), to notice the API server going backwards. */
  private newestVersion: string | undefined;
  /** Set by relist(): the current watch ends and the next round lists afresh. */
  private relistRequested = false;
  /** Rewinds seen less than a minute apart: an API server whose versions are not in order backs off. */
  private rewinds = 0;
  private lastRewind = 0;
  private stopped = false;
  private controller: AbortController | undefined;
  private readonly sleeper = new Sleeper();
  private readonly path: string;
  private readonly apiVersion: string;

  constructor(
    readonly target: WatchTarget,
    private readonly options: WatcherOptions,
    private readonly hooks: WatcherHooks,
  ) {
    this.path = resourcePath(target);
    this.apiVersion = target.group === '' ? target.version : `${target.group}/${target.version}`;
  }

  start(): void {
    void this.run();
  }

  stop(): void {
    this.stopped = true;
    this.controller?.abort();
    this.sleeper.cancel();
  }

  /** Cuts a backoff sleep short: the API server answered someone else, so this kind should not wait its turn. */
  retryNow(): void {
    this.sleeper.cancel();
  }

  /** Permissions may have changed: a watcher waiting after a 403 asks again now. */
  retryIfForbidden(): void {
    if (this.status.errorCode === 'forbidden') this.sleeper.cancel();
  }

  /** Lists afresh now (another kind saw the API server's resourceVersions go backwards). */
  relist(): void {
    if (this.stopped || this.resourceVersion === undefined) return;
    this.relistRequested = true;
    this.resourceVersion = undefined;
    this.newestVersion = undefined;
    this.controller?.abort();
    this.sleeper.cancel();
  }

  /** Remembers the newest resourceVersion; true when `rv` is older than one already seen (a rewind). */
  private seeVersion(rv: string): boolean {
    if (isOlderVersion(rv, this.newestVersion)) return true;
    this.newestVersion = rv;
    return false;
  }

  private setStatus(patch: Partial<WatcherStatus>): void {
    const before = JSON.stringify(this.status);
    const previous = this.status.errorCode;
    Object.assign(this.status, patch);
    if (!('errorCode' in patch) && patch.synced === undefined) return;
    if (JSON.stringify(this.status) !== before) this.hooks.onStatus({ ...this.status }, previous);
  }

  private clearError(): void {
    if (this.status.errorCode !== undefined || this.status.error !== undefined) {
      const previous = this.status.errorCode;
      delete this.status.errorCode;
      delete this.status.error;
      this.hooks.onStatus({ ...this.status }, previous);
    }
  }

  private async run(): Promise<void> {
    let failures = 0;
    let lastFailure: KubeFailure | undefined;
    while (!this.stopped) {
      try {
        const listed = this.resourceVersion === undefined;
        if (listed) await this.list();
        const started = Date.now();
        const before = this.status.lastActivity;
        const outcome = await this.watchOnce();
        if (this.stopped) return;
        if (outcome === 'gone') {
          this.options.log.info(`${this.target.kind}: resourceVersion expired (410), relisting`);
          this.resourceVersion = undefined;
          this.status.restarts++;
        } else if (outcome === 'rewound') {
          this.status.restarts++;
          this.resourceVersion = undefined;
          this.newestVersion = undefined;
          // One restore is one relist. Rewinds again and again (integer versions that are not in order)
          // would relist in a loop: back off instead.
          if (this.rewinds > 1)
            await this.sleeper.sleep(backoffDelay(this.rewinds - 1, 1000, this.options.backoffMaxMs));
          continue;
        } else if (outcome === 'cut') {
          this.status.restarts++;
        } else if (outcome === 'silent') {
          this.options.log.warn(
            `${this.target.kind}: watch silent for ${this.options.silenceMs} ms, restarting it`,
          );
          this.status.restarts++;
        }
        // A watch that ends at once without any event is a failure in disguise: back off instead of spinning.
        // A 410 on a resume is routine (relist at once, like client-go); a 410 right after a fresh list is not.
        const idle = this.status.lastActivity === before && Date.now() - started < 1000;
        failures = idle && (outcome !== 'gone' || listed) ? failures + 1 : 0;
        if (failures > 0)
          await this.sleeper.sleep(
            backoffDelay(failures, this.options.backoffInitialMs, this.options.backoffMaxMs),
          );
      } catch (err) {
        if (this.stopped) return;
        // Failures while the server could not be reached say nothing about how busy it is once it answers: a
        // kube-apiserver just back asks for 1 s (429 while its watch cache fills), not the outage's 4-8 s.
        const classified = classifyError(err);
        if (lastFailure === 'unreachable' && classified.failure !== 'unreachable') failures = 0;
        lastFailure = classified.failure;
        failures++;
        this.status.restarts++;
        const delay = this.handleError(err, classified, failures);
        await this.sleeper.sleep(delay);
      }
    }
  }

  /** Records the error in the status; returns how long to wait before retrying. */
  private handleError(
    err: unknown,
    { failure, message }: ReturnType<typeof classifyError>,
    failures: number,
  ): number {
    const backoff = backoffDelay(failures, this.options.backoffInitialMs, this.options.backoffMaxMs);
    switch (failure) {
      case 'gone':
        // An expired continue token or resourceVersion: start over with a fresh list, right away.
        this.resourceVersion = undefined;
        return Math.min(backoff, 1000);
      case 'forbidden':
        this.setStatus({ errorCode: 'forbidden', error: `forbidden: ${message}` });
        this.hooks.onReachability(true);
        // Jittered, so that many forbidden kinds (a namespaced Role that omits all of Flux) do not ask again
        // in one burst; capped low so a fixed RBAC shows within seconds. A discovery, an access review or
        // another kind allowed again wakes it sooner (retryIfForbidden).
        return backoffDelay(
          failures,
          this.options.backoffInitialMs,
          Math.min(this.options.backoffMaxMs ?? FORBIDDEN_RETRY_MAX_MS, FORBIDDEN_RETRY_MAX_MS),
        );
      case 'not-found':
        this.setStatus({
          errorCode: 'not-served',
          error: `${this.apiVersion} ${this.target.plural} is not served: ${message}`,
        });
        this.hooks.onReachability(true);
        return backoff;
      case 'credentials':
        // Discovery says it in the connection state; the watch just waits for a plugin that works again.
        this.setStatus({ errorCode: 'watch-error', error: message });
        return backoff;
      case 'unreachable':
        this.setStatus({ errorCode: 'unreachable', error: message });
        this.hooks.onReachability(false, message);
        return backoff;
      default: {
        if (isTooLargeResourceVersion(err, !!this.resourceVersion)) {
          // The API server is behind the resourceVersion we resume from: its store went backwards (etcd
          // restored) and resuming would wait for a version it may never reach. Relist, like client-go.
          this.rewound(`resume from ${this.resourceVersion ?? ''}: ${message}`);
          return Math.min(backoff, 1000);
        }
        // A 429 or 503 with Retry-After: wait at least that long (plus jitter, so watchers do not return together).
        const asked = retryAfterMs(err);
        const delay =
          asked === undefined ? backoff : Math.max(backoff, Math.round(asked * (1 + Math.random() / 4)));
        this.setStatus({ errorCode: 'watch-error', error: message });
        this.options.log.warn(`${this.target.kind}: ${message}; retrying in ${delay} ms`);
        return delay;
      }
    }
  }

  /** The API server's store went backwards: relist this kind, and say so (the cache relists every kind). */
  private rewound(why: string): void {
    this.options.log.warn(
      `${this.target.kind}: the API server's resourceVersions went backwards (${why}), relisting`,
    );
    this.resourceVersion = undefined;
    this.newestVersion = undefined;
    const now = Date.now();
    this.rewinds = now - this.lastRewind < 60_000 ? this.rewinds + 1 : 1;
    this.lastRewind = now;
    this.hooks.onRewind?.();
  }

  private async list(): Promise<void> {
    this.relistRequested = false;
    const items: ClusterObject[] = [];
    let continueToken: string | undefined;
    let resourceVersion: string | undefined;
    do {
      const query: Record<string, string> = { limit: String(this.options.pageSize ?? 500) };
      if (continueToken) query['continue'] = continueToken;
      const page = await this.options.api.getJson<ListResponse>(this.path, query);
      this.hooks.onHeard?.();
      const transform = this.hooks.transform;
      for (const item of page.items ?? []) {
        // Items of a typed list carry no apiVersion/kind of their own.
        const typed = { ...item, apiVersion: this.apiVersion, kind: this.target.kind };
        items.push(transform ? transform(typed) : typed);
      }
      continueToken = page.metadata?.continue || undefined;
      resourceVersion = page.metadata?.resourceVersion;
    } while (continueToken && !this.stopped);
    if (this.stopped) return;
    this.status.relists++;
    // This list replaces the kind's objects anyway; but the other kinds' may be as old as the store now is.
    if (resourceVersion && this.seeVersion(resourceVersion))
      this.rewound(`list at ${resourceVersion} after ${this.newestVersion ?? ''}`);
    if (resourceVersion) this.newestVersion = resourceVersion;
    this.resourceVersion = resourceVersion ?? '';
    this.hooks.onReachability(true);
    this.hooks.onList(items);
    this.status.lastActivity = Date.now();
    this.clearError();
    this.setStatus({ synced: true });
  }

  private watchOnce(): Promise<WatchOutcome> {
    return new Promise<WatchOutcome>((resolve, reject) => {
      let settled = false;
      let opened = false;
      let gone = false;
      let errorStatus: { code?: number; message?: string } | undefined;
      const settle = (fn: () => void): void => {
        if (!settled) {
          settled = true;
          fn();
        }
      };
      // Like client-go: let the API server end the watch after 5-10 minutes, then resume from the last RV.
      const timeoutSeconds = 300 + Math.floor(Math.random() * 300);
      const query: Record<string, string | number | boolean> = { allowWatchBookmarks: true, timeoutSeconds };
      if (this.resourceVersion) query['resourceVersion'] = this.resourceVersion;
      this.options.watch
        .watch(
          this.path,
          query,
          (phase: string, obj: ClusterObject | { code?: number; message?: string }) => {
            if (settled) return;
            this.hooks.onHeard?.();
            if (phase === 'ERROR') {
              // Not activity: a watch answered only with an ERROR (410 right after a list) must count as
              // idle so the run loop backs off instead of relisting in a tight loop.
              const status = obj as { code?: number; message?: string };
              if (status.code === 410) gone = true;
              else errorStatus = status;
              this.controller?.abort();
              return;
            }
            this.status.lastActivity = Date.now();
            const object = obj as ClusterObject;
            const rv = object?.metadata?.resourceVersion;
            if (rv && this.seeVersion(rv)) {
              // Older than what this watch already saw: the store was restored from an older state, and
              // objects changed since then will never get an event. Relist instead of applying it.
              this.rewound(`${phase} at ${rv} after ${this.newestVersion ?? ''}`);
              this.relistRequested = true;
              this.controller?.abort();
              return;
            }
            if (rv) this.resourceVersion = rv;
            if (phase === 'BOOKMARK') return;
            if (phase === 'ADDED' || phase === 'MODIFIED' || phase === 'DELETED') {
              this.hooks.onEvent(phase, {
                ...object,
                apiVersion: object.apiVersion ?? this.apiVersion,
                kind: object.kind ?? this.target.kind,
              });
            }
          },
          (err: unknown) => {
            settle(() => {
              if (this.relistRequested) resolve('rewound');
              else if (gone) resolve('gone');
              else if (errorStatus) {
                const code = errorStatus.code ?? 500;
                reject(new ApiException(code, errorStatus.message ?? `watch error ${code}`, errorStatus, {}));
              } else if (this.stopped || err == null) resolve('closed');
              else if (err instanceof Error && err.name === 'TimeoutError') resolve('silent');
              // A stream that was open and broke (proxy or API server restart): resume from the last RV at once;
              // the caller backs off if it keeps happening without any event.
              else if (opened && classifyError(err).failure === 'unreachable') resolve('cut');
              else reject(err);
            });
          },
        )
        .then(
          controller => {
            this.controller = controller;
            if (this.stopped || gone || errorStatus || this.relistRequested) controller.abort();
            else if (!settled) {
              opened = true;
              // The watch is open: the API server is there and lets us watch this kind.
              this.hooks.onReachability(true);
              this.clearError();
            }
          },
          (err: unknown) => settle(() => reject(err)),
        );
    });
  }
}
