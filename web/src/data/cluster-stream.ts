/**
 * The tab's one EventSource. The first snapshot comes first (index.html preloads it while the app's code
 * loads), then the stream opens from that snapshot's seq (`?lastEventId=`): the server replays what changed
 * in between from its resume ring, or says `reset`. Later snapshot loads (reset, reconnect) happen with the
 * stream open: it buffers batches meanwhile, so nothing falls in the gap; stale batches are dropped by seq.
 * Batches are coalesced per animation frame and applied straight to the ClusterStore's index, so a burst
 * costs one notification and one render.
 *
 * Reconnects: the browser's own EventSource retry resumes with Last-Event-ID; the server answers with the
 * missed batches or `event: reset`, on which the snapshot is refetched. If the EventSource gives up
 * (CLOSED), we reopen it with backoff and refetch the snapshot, since the resume point is lost.
 */
import type { ChangeBatch, Snapshot } from '@fluxscope/shared';
import type { ClusterStore } from './cluster-store';

export type TransportState = 'connecting' | 'live' | 'reconnecting';

export interface TransportStatus {
  state: TransportState;
  /** Browser time (ms) of the last message on the stream. */
  lastMessageAt?: number;
  /** Reconnect attempts since the stream was last live. */
  attempts: number;
}

/** The part of EventSource we use, so tests can pass a fake. */
export interface EventSourceLike {
  readonly readyState: number;
  onopen: ((ev: Event) => unknown) | null;
  onerror: ((ev: Event) => unknown) | null;
  addEventListener(type: string, listener: (ev: MessageEvent<string>) => void): void;
  close(): void;
}

export interface ClusterStreamOptions {
  url: string;
  fetchSnapshot: (signal?: AbortSignal) => Promise<Snapshot>;
  /**
   * Asks for a new snapshot load (`loadSnapshot` again) after a reset or a lost stream. The provider runs the
   * load as a react-query query, for its retries and error state.
   */
  reload: () => void;
  createEventSource?: (url: string) => EventSourceLike;
  /** Runs the flush once per frame; defaults to requestAnimationFrame with a timer fallback for hidden tabs. */
  schedule?: (flush: () => void) => void;
  now?: () => number;
}

const CLOSED = 2;
/**
 * Flushes are at least this far apart (and on an animation frame): a burst becomes ~20 renders a second.
 * A flush costs a few ms (views over the whole cluster are throttled; map nodes follow their own object),
 * and every ms waited here is change-to-screen latency.
 */
const MIN_FLUSH_INTERVAL_MS = 50;
/** Past this many batches buffered during a failing snapshot load, drop them: the next snapshot has them. */
const MAX_BUFFER = 10_000;

function frameScheduler(flush: () => void): void {
  let done = false;
  const run = () => {
    if (done) return;
    done = true;
    flush();
  };
  if (typeof requestAnimationFrame === 'function') requestAnimationFrame(run);
  setTimeout(run, 250);
}

export class ClusterStream {
  private source: EventSourceLike | undefined;
  /** Whether the stream was ever opened: the first snapshot load opens it afterwards, from its seq. */
  private started = false;
  /** Non-null while waiting for a snapshot: batches are kept here to replay on top of it. */
  private buffer: ChangeBatch[] | null = [];
  private frameQueue: ChangeBatch[] = [];
  private frameScheduled = false;
  private lastFlushAt = -Infinity;
  private reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  private status: TransportStatus = { state: 'connecting', attempts: 0 };
  private readonly listeners = new Set<() => void>();
  private readonly now: () => number;

  constructor(
    private readonly store: ClusterStore,
    private readonly options: ClusterStreamOptions,
  ) {
    this.now = options.now ?? Date.now;
  }

  /** Opens the stream, from `fromSeq` when given (the seq of the state it continues). */
  start(fromSeq?: number): void {
    if (this.source) return;
    this.started = true;
    const create =
      this.options.createEventSource ?? ((url: string) => new EventSource(url) as EventSourceLike);
    const url =
      fromSeq === undefined
        ? this.options.url
        : `${this.options.url}${this.options.url.includes('?') ? '&' : '?'}lastEventId=${fromSeq}`;
    const source = create(url);
    this.source = source;
    source.onopen = () => this.setStatus({ state: 'live', attempts: 0, lastMessageAt: this.now() });
    source.onerror = () => {
      if (this.source !== source) return;
      if (source.readyState === CLOSED) {
        this.source = undefined;
        this.scheduleReopen();
      } else {
        this.setStatus({ ...this.status, state: 'reconnecting' });
      }
    };
    source.addEventListener('changes', ev => this.onBatch(ev.data));
    source.addEventListener('reset', () => {
      this.touch();
      this.options.reload();
    });
  }

  stop(): void {
    this.source?.close();
    this.source = undefined;
    clearTimeout(this.reconnectTimer);
  }

  /** Reopens a stream that stop() closed (a remount), from the state already loaded; no-op before that. */
  resume(): void {
    if (!this.started || this.source) return;
    this.start(this.store.seq);
  }

  /**
   * Loads a snapshot into the store with the buffered batches replayed on top; resolves to its seq (the
   * query function of the snapshot query).
   */
  async loadSnapshot(signal?: AbortSignal): Promise<number> {
    if (!this.started) {
      // First load: the snapshot (already on its way: preloaded), then the stream from its seq.
      const snapshot = await this.options.fetchSnapshot(signal);
      this.store.reset(snapshot, [], this.now());
      this.buffer = null;
      this.start(snapshot.seq);
      return snapshot.seq;
    }
    this.start();
    // Batches queued for the next frame would be applied to the state this snapshot replaces.
    this.buffer = [...(this.buffer ?? []), ...this.frameQueue];
    this.frameQueue = [];
    const snapshot = await this.options.fetchSnapshot(signal);
    this.store.reset(snapshot, this.buffer, this.now());
    this.buffer = null;
    return snapshot.seq;
  }

  getStatus = (): TransportStatus => this.status;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  private onBatch(data: string): void {
    this.touch();
    let batch: ChangeBatch;
    try {
      batch = JSON.parse(data) as ChangeBatch;
    } catch {
      return;
    }
    if (this.buffer) {
      this.buffer.push(batch);
      if (this.buffer.length > MAX_BUFFER) this.buffer = this.buffer.slice(-MAX_BUFFER / 2);
      return;
    }
    this.frameQueue.push(batch);
    if (this.frameScheduled) return;
    this.frameScheduled = true;
    const schedule = this.options.schedule ?? frameScheduler;
    const wait = this.lastFlushAt + MIN_FLUSH_INTERVAL_MS - this.now();
    if (wait > 0) setTimeout(() => schedule(() => this.flush()), wait);
    else schedule(() => this.flush());
  }

  private flush(): void {
    this.frameScheduled = false;
    this.lastFlushAt = this.now();
    const batches = this.frameQueue;
    this.frameQueue = [];
    if (batches.length === 0) return;
    if (!this.store.apply(batches, this.now())) {
      // No snapshot in the store yet: keep them for the next frame.
      this.frameQueue = [...batches, ...this.frameQueue];
      this.frameScheduled = true;
      (this.options.schedule ?? frameScheduler)(() => this.flush());
    }
  }

  private touch(): void {
    const lastMessageAt = this.now();
    if (this.status.state !== 'live') this.setStatus({ state: 'live', attempts: 0, lastMessageAt });
    else this.status = { ...this.status, lastMessageAt };
  }

  private scheduleReopen(): void {
    const attempts = this.status.attempts + 1;
    this.setStatus({ ...this.status, state: 'reconnecting', attempts });
    const delay = Math.min(1000 * 2 ** Math.min(attempts - 1, 4), 15_000);
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = setTimeout(() => {
      this.buffer ??= [];
      this.start();
      this.options.reload();
    }, delay);
  }

  private setStatus(status: TransportStatus): void {
    this.status = status;
    for (const listener of this.listeners) listener();
  }
}
