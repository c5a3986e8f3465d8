/**
 * The connection to the API server as the dashboard reports it: connecting, connected, unreachable or
 * misconfigured, with why, plus whether it has gone stale. Every change that a browser would show is handed
 * to `emit` (the change log), once.
 *
 * Stale: an API server that hangs (process stopped, sockets open) neither answers nor closes anything, so no
 * request fails and the state would stay `connected` until the watches' silence limit restarts them. But with
 * bookmarks on, an API server sends something on every open watch about once a minute, so a silence longer
 * than that plus a margin already says the data may be old: the state stays `connected` (nothing failed
 * yet) with `stale: true` and the time of the last byte heard.
 */
import type { ActionKind, ConnectionState } from '@fluxscope/shared';
import type { FastifyBaseLogger } from 'fastify';

/** A kube-apiserver sends a BOOKMARK on each watch that asked for them about once a minute. */
export const BOOKMARK_INTERVAL_MS = 60_000;
/**
 * How much later than a bookmark interval counts as silent (scheduling jitter, a busy API server). Each open
 * watch gets its own bookmark about every minute, so with a dozen watches a byte arrives every few seconds.
 */
export const STALE_MARGIN_MS = 15_000;

/**
 * After how long without a byte the connection is stale: a bookmark interval plus margin, but always a
 * quarter before the watch silence limit so the state says "stale" before the watches restart.
 */
export function staleAfterMs(watchSilenceMs: number): number {
  return Math.min(BOOKMARK_INTERVAL_MS + STALE_MARGIN_MS, Math.round(watchSilenceMs * 0.75));
}

export class ConnectionTracker {
  private state: ConnectionState;
  /** ms epoch of the last byte heard from the API server (any answer, watch event or bookmark). */
  private lastHeard: number;

  constructor(
    initial: ConnectionState,
    private readonly emit: (connection: ConnectionState) => void,
    private readonly log: FastifyBaseLogger,
    readonly staleAfterMs: number,
    private readonly now: () => number = Date.now,
  ) {
    this.state = { ...initial };
    this.lastHeard = this.now();
  }

  current(): ConnectionState {
    return { ...this.state };
  }

  /**
   * Moves to a new state (or updates its message). Returns true when this is the API server coming back
   * after being unreachable: the caller wakes everything that backed off during the outage.
   */
  set(patch: Partial<ConnectionState>): boolean {
    const previous = this.state;
    const next: ConnectionState = { ...previous, ...patch };
    if (patch.state && patch.state !== previous.state) next.since = new Date(this.now()).toISOString();
    if (patch.state === 'connected') {
      delete next.message;
      // Whoever reports `connected` has just heard from the API server.
      this.lastHeard = this.now();
    }
    if (next.state !== 'connected' || patch.state === 'connected') {
      delete next.stale;
      delete next.lastHeard;
    }
    const changed =
      next.state !== previous.state ||
      next.message !== previous.message ||
      next.fluxMissing !== previous.fluxMissing ||
      next.stale !== previous.stale;
    this.state = next;
    if (changed) {
      if (next.state === 'connected' && previous.state !== 'connected')
        this.log.info(`connected to ${next.server ?? 'the API server'}`);
      else if (next.state !== 'connected' && next.message)
        this.log.warn(`API server ${next.state}: ${next.message}`);
      this.emit(this.current());
    }
    return patch.state === 'connected' && previous.state === 'unreachable';
  }

  /** What the server's identity may patch (actions plugin); pushed to the browsers with the connection. */
  setActionKinds(actionKinds: ActionKind[]): void {
    this.state = { ...this.state, actionKinds };
    this.emit(this.current());
  }

  /** A change arrived from the API server (not pushed on its own: it rides with the change itself). */
  noteUpdate(): void {
    this.state.lastUpdate = new Date(this.now()).toISOString();
  }

  /** Some bytes arrived from the API server: it is alive. Ends staleness at once. */
  heard(): void {
    this.lastHeard = this.now();
    if (this.state.stale) {
      const { stale: _stale, lastHeard: _lastHeard, ...rest } = this.state;
      this.state = rest;
      this.log.info('API server answering again');
      this.emit(this.current());
    }
  }

  /** ms since the last byte from the API server. */
  silenceMs(): number {
    return this.now() - this.lastHeard;
  }

  /** Called periodically: marks a connected API server stale once it has been silent too long. */
  checkStale(): void {
    if (this.state.state !== 'connected' || this.state.stale) return;
    const silent = this.silenceMs();
    if (silent <= this.staleAfterMs) return;
    this.state = { ...this.state, stale: true, lastHeard: new Date(this.lastHeard).toISOString() };
    this.log.warn(
      `API server silent for ${Math.round(silent / 1000)} s (no event or bookmark on any watch): data may be stale`,
    );
    this.emit(this.current());
  }
}
