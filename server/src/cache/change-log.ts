/**
 * Every change the cache applies, coalesced into batches (one per tick, ~50 ms), numbered by a sequence
 * and kept in a ring buffer so a reconnecting browser can resume with Last-Event-ID. Each batch is
 * serialized once, as a ready-to-write SSE frame shared by every client.
 */
import { type Change, type ChangeBatch, refKey } from '@fluxscope/shared';
import { LagHistogram } from './lag-histogram.js';

export interface BatchFrame {
  seq: number;
  /** `id: <seq>\nevent: changes\ndata: <ChangeBatch JSON>\n\n` */
  frame: string;
  /** The batch's changes, for views filtered per user (--impersonate), which serialize their own frame. */
  changes: readonly Change[];
}

/** Gets the serialized frame (for SSE) and the changes it carries (for the fleet agent). */
export type BatchListener = (batch: BatchFrame, changes: readonly Change[]) => void;

function changeKey(change: Change): string {
  switch (change.op) {
    case 'upsert':
      return `o:${refKey({
        group: change.object.apiVersion.includes('/') ? change.object.apiVersion.split('/')[0]! : '',
        kind: change.object.kind,
        namespace: (change.object.metadata as { namespace?: string }).namespace ?? '',
        name: change.object.metadata.name,
      })}`;
    case 'delete':
      return `o:${refKey(change.ref)}`;
    case 'event':
      return `e:${change.event.id}`;
    case 'event-delete':
      return `e:${change.id}`;
    case 'kinds':
      return 'kinds';
    case 'connection':
      return 'connection';
  }
}

/** Batches of more changes than this are not serialized when nobody listens (a 100k-object first sync). */
const UNOBSERVED_BATCH_LIMIT = 2000;

export class ChangeLog {
  private seqValue = 0;
  /** Characters held by the frames in the ring. */
  private ringChars = 0;
  /** Pending changes, keyed so a later change to the same thing replaces the earlier one. */
  private pending = new Map<string, Change>();
  private timer: NodeJS.Timeout | undefined;
  private readonly ring: BatchFrame[] = [];
  private readonly listeners = new Set<BatchListener>();
  /**
   * Whether any client was ever given a seq (a snapshot, a stream, /status) or listened. Before that no one can
   * resume from anything, so batches are not kept: the cold sync's batches would otherwise sit in the ring
   * (~2 MB at 10k objects) for a replay nobody can ask for.
   */
  private handedOut = false;
  /** When the oldest pending change arrived (a watch event, a list), for the event lag metric. */
  private firstPendingAt: number | undefined;
  /** Seconds from a change's arrival from the API server to the batch carrying it going out (oldest per batch). */
  readonly lag = new LagHistogram();

  constructor(
    private readonly batchMs = 50,
    private readonly capacity = 1000,
    /** Frames kept for resume are also bounded by size (~16 MB): a client further behind reloads the snapshot. */
    private readonly maxRingChars = 16 * 1024 * 1024,
    /**
     * The first seq is startSeq + 1. The cache starts at its boot time in ms, so ids from an earlier process
     * are always older than this one's ring and resuming with them gets a reset, never another process's batches.
     */
    startSeq = 0,
  ) {
    this.seqValue = startSeq;
  }

  get seq(): number {
    return this.seqValue;
  }

  /** The current seq, to give a client as its resume point: from now on batches are kept for replay. */
  handOut(): number {
    this.handedOut = true;
    return this.seqValue;
  }

  get listenerCount(): number {
    return this.listeners.size;
  }

  push(change: Change): void {
    const key = changeKey(change);
    this.pending.delete(key);
    this.pending.set(key, change);
    this.firstPendingAt ??= performance.now();
    this.timer ??= setTimeout(() => this.flush(), this.batchMs);
  }

  /** Emits the pending changes as one batch now (also used before a snapshot so its seq is exact). */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.pending.size === 0) return;
    if (this.firstPendingAt !== undefined) this.lag.observe((performance.now() - this.firstPendingAt) / 1000);
    this.firstPendingAt = undefined;
    if (this.listeners.size === 0 && (!this.handedOut || this.pending.size > UNOBSERVED_BATCH_LIMIT)) {
      // Nobody to send it to, and nobody who could resume from before it or too big to be worth replaying:
      // whoever resumes from before it gets a reset.
      this.seqValue++;
      this.pending = new Map();
      this.ring.length = 0;
      this.ringChars = 0;
      return;
    }
    const batch: ChangeBatch = { seq: ++this.seqValue, changes: [...this.pending.values()] };
    this.pending = new Map();
    const frame: BatchFrame = {
      seq: batch.seq,
      frame: `id: ${batch.seq}\nevent: changes\ndata: ${JSON.stringify(batch)}\n\n`,
      changes: batch.changes,
    };
    this.ring.push(frame);
    this.ringChars += frame.frame.length;
    while (this.ring.length > this.capacity || (this.ringChars > this.maxRingChars && this.ring.length > 0))
      this.ringChars -= this.ring.shift()!.frame.length;
    for (const listener of this.listeners) listener(frame, batch.changes);
  }

  /**
   * The batches after `seq`, or undefined when they cannot be replayed: seq is older than the ring buffer
   * holds, or newer than anything sent (the server restarted and numbering began again).
   */
  since(seq: number): BatchFrame[] | undefined {
    if (seq > this.seqValue) return undefined;
    if (seq === this.seqValue) return [];
    const oldest = this.ring[0]?.seq;
    if (oldest === undefined || seq < oldest - 1) return undefined;
    return this.ring.filter(b => b.seq > seq);
  }

  subscribe(listener: BatchListener): () => void {
    this.handedOut = true;
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.listeners.clear();
  }
}
