/**
 * The browser's one copy of the cluster: a ClusterIndex (shared) that snapshots and stream batches are
 * applied to directly, plus the little the index does not hold (kinds, connection, stream position).
 * React reads it through useSyncExternalStore: whole-cluster views subscribe to the store, a map node to
 * its own object's key, so a status change re-renders that node without waiting for the graph to rebuild.
 *
 * Every way a batch can arrive (duplicated after a reconnect, stale, replayed after a reset) is decided by
 * seq here, and unit tested without a browser.
 */
import type {
  ChangeBatch,
  ClusterObject,
  ConnectionState,
  FluxEvent,
  KindState,
  Snapshot,
} from '@fluxscope/shared';
import { ClusterIndex, refKey, refOf } from '@fluxscope/shared';

/** What the index does not hold. A new object whenever it changes. */
export interface ClusterMeta {
  kinds: readonly KindState[];
  connection: ConnectionState;
  /** Browser time (ms) the last change was applied: "last update N s ago". */
  receivedAt: number;
}

/** What views read; a new object after every change that changed anything. */
export interface ClusterView {
  state: ClusterMeta;
  /** The store's one index, mutated in place: memoize on `version` / `fluxVersion`, never on the index. */
  index: ClusterIndex;
  /** Index version: bump means "recompute derived views". */
  version: number;
  /** Bumped only when a Flux object changed (ClusterIndex.fluxVersion). */
  fluxVersion: number;
}

/** Same object version: skip it, so its subscribers and the Flux version do not move for a no-op. */
function sameVersion(a: ClusterObject, b: ClusterObject): boolean {
  const rvA = a.metadata.resourceVersion;
  return rvA !== undefined && rvA === b.metadata.resourceVersion && a.metadata.uid === b.metadata.uid;
}

function sameEvent(a: FluxEvent, b: FluxEvent): boolean {
  return a.resourceVersion !== undefined && a.resourceVersion === b.resourceVersion;
}

export class ClusterStore {
  readonly index = new ClusterIndex();
  /** Sequence number of the last change applied: batches at or below it are duplicates. Undefined before the first snapshot. */
  private lastSeq: number | undefined;
  private meta: ClusterMeta | undefined;
  private view: ClusterView | undefined;
  private readonly listeners = new Set<() => void>();
  private readonly keyListeners = new Map<string, Set<() => void>>();
  /** Keys with listeners changed by the apply in progress. */
  private changedKeys = new Set<string>();
  private changed = false;

  get seq(): number | undefined {
    return this.lastSeq;
  }

  /** The current view, or undefined before the first snapshot. Stable between changes (useSyncExternalStore). */
  getView = (): ClusterView | undefined => this.view;

  /** Listen for any change. */
  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** The object with this refKey. */
  get = (key: string): ClusterObject | undefined => this.index.getByKey(key);

  /** Listen for changes to one object (added, changed or removed). */
  subscribeKey = (key: string, listener: () => void): (() => void) => {
    let set = this.keyListeners.get(key);
    if (!set) this.keyListeners.set(key, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.keyListeners.delete(key);
    };
  };

  /**
   * Replaces the contents with a snapshot, then replays the batches that arrived while it loaded (those not
   * newer than the snapshot are dropped). The index is brought to the snapshot in place: objects whose
   * version did not change keep their reference and their subscribers are not woken.
   */
  reset(snapshot: Snapshot, buffered: readonly ChangeBatch[] = [], now: number = Date.now()): void {
    const keep = new Set<string>();
    for (const obj of snapshot.objects) keep.add(this.upsert(obj));
    const gone: ClusterObject[] = [];
    for (const obj of this.index.all()) if (!keep.has(refKey(refOf(obj)))) gone.push(obj);
    for (const obj of gone) this.remove(refKey(refOf(obj)), obj);

    const ids = new Set<string>();
    for (const event of snapshot.events) {
      ids.add(event.id);
      this.upsertEvent(event);
    }
    const goneEvents: string[] = [];
    for (const event of this.index.events()) if (!ids.has(event.id)) goneEvents.push(event.id);
    for (const id of goneEvents) this.removeEvent(id);

    this.lastSeq = snapshot.seq;
    this.meta = { kinds: snapshot.kinds, connection: snapshot.connection, receivedAt: now };
    this.changed = true;
    this.applyAll(buffered, now);
    this.publish();
  }

  /**
   * Applies batches in order (a frame's worth) and tells subscribers once. Batches at or below the last
   * seq are dropped; before the first snapshot there is nothing to apply them to, so they are refused
   * (false) and the caller keeps them.
   */
  apply(batches: readonly ChangeBatch[], now: number = Date.now()): boolean {
    if (this.lastSeq === undefined) return false;
    this.applyAll(batches, now);
    this.publish();
    return true;
  }

  private applyAll(batches: readonly ChangeBatch[], now: number): void {
    let meta = this.meta!;
    for (const batch of batches) {
      if (batch.seq <= this.lastSeq!) continue;
      this.lastSeq = batch.seq;
      for (const change of batch.changes) {
        switch (change.op) {
          case 'upsert':
            this.upsert(change.object as ClusterObject);
            break;
          case 'delete': {
            const key = refKey(change.ref);
            const current = this.index.getByKey(key);
            if (current) this.remove(key, current);
            break;
          }
          case 'event':
            this.upsertEvent(change.event as FluxEvent);
            break;
          case 'event-delete':
            this.removeEvent(change.id);
            break;
          case 'kinds':
            meta = { ...meta, kinds: change.kinds };
            this.changed = true;
            break;
          case 'connection':
            meta = { ...meta, connection: change.connection };
            this.changed = true;
            break;
        }
      }
    }
    if (this.changed) meta = { ...meta, receivedAt: now };
    this.meta = meta;
  }

  private upsert(obj: ClusterObject): string {
    const key = refKey(refOf(obj));
    const current = this.index.getByKey(key);
    if (current && sameVersion(current, obj)) return key;
    this.index.upsert(obj);
    this.touched(key);
    return key;
  }

  private remove(key: string, obj: ClusterObject): void {
    if (!this.index.remove(refOf(obj))) return;
    this.touched(key);
  }

  private upsertEvent(event: FluxEvent): void {
    const current = this.index.getEvent(event.id);
    if (current && sameEvent(current, event)) return;
    this.index.upsertEvent(event);
    this.changed = true;
  }

  private removeEvent(id: string): void {
    if (!this.index.getEvent(id)) return;
    this.index.removeEvent(id);
    this.changed = true;
  }

  private touched(key: string): void {
    this.changed = true;
    if (this.keyListeners.has(key)) this.changedKeys.add(key);
  }

  /** A new view and one notification per apply; then the listeners of each object that changed. */
  private publish(): void {
    if (!this.changed) return;
    this.changed = false;
    this.view = {
      state: this.meta!,
      index: this.index,
      version: this.index.version,
      fluxVersion: this.index.fluxVersion,
    };
    const keys = this.changedKeys;
    this.changedKeys = new Set();
    for (const listener of [...this.listeners]) listener();
    for (const key of keys) for (const listener of [...(this.keyListeners.get(key) ?? [])]) listener();
  }
}
