/**
 * Discovery, again and again: which watched kinds the API server serves (at which version), forbids or no
 * longer serves, every `intervalMs` (CRDs installed or removed are picked up without a restart), sooner
 * after a failure (backoff) or when a kind went missing (to confirm it). What to do about each kind is the
 * handler's business; this loop decides when a kind counts as served, forbidden or gone.
 */
import { FLUX_KINDS, type KindInfo } from '@fluxscope/shared';
import { Sleeper, backoffDelay } from './backoff.js';
import { type Discovered, kindKey } from './discovery.js';

export type ServedKind = Extract<Discovered, { status: 'served' }>;

export interface DiscoveryHandler {
  /** The version a kind is watched at now, undefined when it is not watched. */
  watchedVersion(key: string): string | undefined;
  /** Served (new, or at another version than watched): (re)start its watchers. */
  serve(info: KindInfo, found: ServedKind): void;
  /** Confirmed gone while watched: stop its watchers and drop its objects. */
  remove(info: KindInfo): void;
  /** Not watched and not watchable: forbidden (with the API server's message) or not served. */
  unavailable(info: KindInfo, found: Exclude<Discovered, ServedKind>): void;
  /** Discovery answered; `fluxMissing` when no Flux kind at all is served. */
  succeeded(fluxMissing: boolean): void;
  failed(err: unknown): void;
}

export interface DiscoveryLoopOptions {
  intervalMs: number;
  /** How long a watched kind must stay missing from discovery before it counts as removed. */
  vanishedConfirmMs?: number;
  /** When a watched kind went missing, discovery looks again this soon. */
  vanishedRecheckMs?: number;
  now?: () => number;
}

export class DiscoveryLoop {
  /** Kinds being watched that the last discovery did not list, and since when. */
  private readonly vanished = new Map<string, number>();
  private readonly sleeper = new Sleeper();
  private stopped = false;
  private everSucceeded = false;
  private readonly now: () => number;

  constructor(
    private readonly discover: () => Promise<Map<string, Discovered>>,
    /** The kinds to look for (those the cache can watch in its scope). */
    private readonly kinds: readonly KindInfo[],
    private readonly handler: DiscoveryHandler,
    private readonly options: DiscoveryLoopOptions,
  ) {
    this.now = options.now ?? Date.now;
  }

  /** True once one discovery has answered. */
  get discovered(): boolean {
    return this.everSucceeded;
  }

  start(): void {
    void this.run();
  }

  stop(): void {
    this.stopped = true;
    this.sleeper.cancel();
  }

  /** Runs the next discovery now instead of after its interval or backoff. */
  wake(): void {
    this.sleeper.cancel();
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (!this.stopped) {
      let wait = this.options.intervalMs;
      try {
        const result = await this.discover();
        if (this.stopped) return;
        failures = 0;
        this.everSucceeded = true;
        this.apply(result);
        // A kind that just vanished is confirmed by a second look soon, not a minute later.
        if (this.vanished.size > 0) wait = Math.min(wait, this.options.vanishedRecheckMs ?? 3_000);
        this.handler.succeeded(!FLUX_KINDS.some(k => result.get(kindKey(k))?.status === 'served'));
      } catch (err) {
        if (this.stopped) return;
        failures++;
        this.handler.failed(err);
        wait = Math.min(wait, backoffDelay(failures, 1000, 30_000));
      }
      await this.sleeper.sleep(wait);
    }
  }

  private apply(result: Map<string, Discovered>): void {
    for (const info of this.kinds) {
      const key = kindKey(info);
      const found = result.get(key) ?? { status: 'not-served' };
      const watched = this.handler.watchedVersion(key);
      if (found.status === 'served') {
        this.vanished.delete(key);
        if (watched !== found.version) this.handler.serve(info, found);
        continue;
      }
      if (watched !== undefined) {
        // A real kube-apiserver that has just restarted serves discovery before its CRD and RBAC caches have
        // caught up: Flux kinds are missing (or forbidden) for a second or two. Dropping the kind then would
        // empty the views until the next discovery a minute later, so a kind must be gone twice, a few
        // seconds apart, before its watchers stop and its objects go.
        const since = this.vanished.get(key);
        if (since === undefined || this.now() - since < (this.options.vanishedConfirmMs ?? 2_000)) {
          if (since === undefined) this.vanished.set(key, this.now());
          continue;
        }
        this.vanished.delete(key);
        this.handler.remove(info);
      }
      this.handler.unavailable(info, found);
    }
  }
}
