/**
 * The cluster as one group of users may see it (--impersonate): a ClusterIndex holding only the objects and
 * Events their RBAC lets them list, kept in step with the shared cache by applying each change batch through
 * the same filter, and its own view cache. Users who may see the same share one (keyed by Visibility.key);
 * nothing is listed or watched twice. Stream frames are filtered and serialized once per batch per view.
 */
import {
  type Change,
  ClusterIndex,
  type ConnectionState,
  type KindState,
  type Snapshot,
  type Visibility,
  refOf,
} from '@fluxscope/shared';
import type { BatchFrame } from '../cache/change-log.js';
import type { ClusterCache } from '../cache/cluster-cache.js';
import { ViewCache } from '../http/view-cache.js';

/** What a route reads the cluster through: the shared cache, or a user's filtered view of it. */
export interface ClusterView {
  readonly index: ClusterIndex;
  readonly viewCache: ViewCache;
  /** Set when filtered: what the user may see (for /api/v1/me and the empty-cluster message). */
  readonly visibility?: Visibility;
  snapshot(): Snapshot;
  /** Per-kind watch state, with counts of what this view holds. */
  kindStates(): KindState[];
  /** The SSE frame of a batch for this view ('' when nothing in it is visible). */
  frame(batch: BatchFrame): string;
}

export class FilteredView implements ClusterView {
  readonly index = new ClusterIndex();
  readonly viewCache: ViewCache;
  lastUsed = Date.now();
  private readonly unsubscribe: () => void;
  private lastFrame: { seq: number; frame: string } | undefined;

  constructor(
    private readonly cache: ClusterCache,
    /** Replaced by a newer review with the same key (same listing; patch rights may differ). */
    public visibility: Visibility,
  ) {
    this.viewCache = new ViewCache(this.index);
    for (const obj of cache.index.all()) if (visibility.canSee(refOf(obj))) this.index.upsert(obj);
    for (const event of cache.index.events())
      if (visibility.canSeeEvent(event)) this.index.upsertEvent(event);
    // Changes still pending in the change log are already in the index copied above: applying them again
    // when their batch comes is an idempotent upsert.
    this.unsubscribe = cache.changes.subscribe(batch => this.apply(batch.changes));
  }

  close(): void {
    this.unsubscribe();
  }

  private apply(changes: readonly Change[]): void {
    for (const change of changes) {
      if (change.op === 'upsert') {
        if (this.visibility.canSee(refOf(change.object))) this.index.upsert(change.object);
      } else if (change.op === 'delete') this.index.remove(change.ref);
      else if (change.op === 'event') {
        if (this.visibility.canSeeEvent(change.event)) this.index.upsertEvent(change.event);
      } else if (change.op === 'event-delete') this.index.removeEvent(change.id);
    }
  }

  /** The change as this user may see it, or undefined when it is none of theirs. */
  private visible(change: Change): Change | undefined {
    switch (change.op) {
      case 'upsert':
        return this.visibility.canSee(refOf(change.object)) ? change : undefined;
      case 'delete':
        return this.visibility.canSee(change.ref) ? change : undefined;
      case 'event':
        return this.visibility.canSeeEvent(change.event) ? change : undefined;
      case 'event-delete':
        return change;
      case 'kinds':
        return { op: 'kinds', kinds: this.kinds(change.kinds) };
      case 'connection':
        return { op: 'connection', connection: this.connection(change.connection) };
    }
  }

  frame(batch: BatchFrame): string {
    if (this.lastFrame?.seq === batch.seq) return this.lastFrame.frame;
    const changes = batch.changes.map(c => this.visible(c)).filter(c => c !== undefined);
    // A batch with nothing visible still moves the client's Last-Event-ID, so a resume starts after it.
    const frame = changes.length
      ? `id: ${batch.seq}\nevent: changes\ndata: ${JSON.stringify({ seq: batch.seq, changes })}\n\n`
      : `id: ${batch.seq}\n\n`;
    this.lastFrame = { seq: batch.seq, frame };
    return frame;
  }

  snapshot(): Snapshot {
    this.lastUsed = Date.now();
    // Flushing delivers pending changes to this view too (listeners run synchronously): index and seq agree.
    this.cache.changes.flush();
    return {
      seq: this.cache.changes.handOut(),
      objects: [...this.index.all()],
      events: [...this.index.events()],
      kinds: this.kinds(this.cache.kindStates()),
      connection: this.connection(this.cache.connectionState()),
    };
  }

  kindStates(): KindState[] {
    return this.kinds(this.cache.kindStates());
  }

  /** Counts of what this user sees, not of the whole cluster. */
  private kinds(kinds: readonly KindState[]): KindState[] {
    return kinds.map(k => ({ ...k, count: this.index.ofKind(k.group, k.kind).length }));
  }

  /** Buttons only where this user may patch: their own rights replace the server identity's. */
  private connection(connection: ConnectionState): ConnectionState {
    return { ...connection, actionKinds: this.visibility.actionKinds() };
  }
}

/**
 * A user who may list everything reads the shared cache itself; only the action buttons are theirs (their
 * patch rights replace the server identity's in the connection state).
 */
export class SharedUserView implements ClusterView {
  readonly index: ClusterIndex;
  readonly viewCache: ViewCache;
  private lastFrame: { seq: number; frame: string } | undefined;

  constructor(
    private readonly cache: ClusterCache,
    viewCache: ViewCache,
    readonly visibility: Visibility,
  ) {
    this.index = cache.index;
    this.viewCache = viewCache;
  }

  private connection(connection: ConnectionState): ConnectionState {
    return { ...connection, actionKinds: this.visibility.actionKinds() };
  }

  kindStates(): KindState[] {
    return this.cache.kindStates();
  }

  snapshot(): Snapshot {
    const snapshot = this.cache.snapshot();
    return { ...snapshot, connection: this.connection(snapshot.connection) };
  }

  frame(batch: BatchFrame): string {
    if (!batch.changes.some(c => c.op === 'connection')) return batch.frame;
    if (this.lastFrame?.seq === batch.seq) return this.lastFrame.frame;
    const changes = batch.changes.map(c =>
      c.op === 'connection' ? { op: 'connection' as const, connection: this.connection(c.connection) } : c,
    );
    const frame = `id: ${batch.seq}\nevent: changes\ndata: ${JSON.stringify({ seq: batch.seq, changes })}\n\n`;
    this.lastFrame = { seq: batch.seq, frame };
    return frame;
  }
}
