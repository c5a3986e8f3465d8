/**
 * The browser's copy of the cluster, as held in the react-query cache: the snapshot with every stream batch
 * applied. Pure functions only, so every way a batch can arrive (duplicated after a reconnect, stale, out
 * of order after a reset) is unit tested without a browser.
 */
import type {
  ChangeBatch,
  ClusterObject,
  ConnectionState,
  FluxEvent,
  KindState,
  Snapshot,
} from '@fluxscope/shared';
import { refKey, refOf } from '@fluxscope/shared';

export interface ClusterState {
  /** Sequence number of the last change applied: batches at or below it are duplicates. */
  seq: number;
  /** By refKey. Never mutated: a batch that changes anything yields a new Map. */
  objects: ReadonlyMap<string, ClusterObject>;
  /** By event id. */
  events: ReadonlyMap<string, FluxEvent>;
  kinds: readonly KindState[];
  connection: ConnectionState;
  /** Bumped whenever anything changed; memo key for derived views. */
  revision: number;
  /** Browser time (ms) the last change was applied: "last update N s ago". */
  receivedAt: number;
}

export const CLUSTER_QUERY_KEY = ['cluster', 'state'] as const;

/** `previousRevision` keeps revisions increasing across resets, so memo keys never collide. */
export function fromSnapshot(
  snapshot: Snapshot,
  now: number = Date.now(),
  previousRevision = -1,
): ClusterState {
  const objects = new Map<string, ClusterObject>();
  for (const obj of snapshot.objects) objects.set(refKey(refOf(obj)), obj);
  const events = new Map<string, FluxEvent>();
  for (const event of snapshot.events) events.set(event.id, event);
  return {
    seq: snapshot.seq,
    objects,
    events,
    kinds: snapshot.kinds,
    connection: snapshot.connection,
    revision: previousRevision + 1,
    receivedAt: now,
  };
}

/** Same object version: keep the old reference so memoized rows and nodes do not re-render. */
function sameVersion(a: ClusterObject, b: ClusterObject): boolean {
  const rvA = a.metadata.resourceVersion;
  return rvA !== undefined && rvA === b.metadata.resourceVersion && a.metadata.uid === b.metadata.uid;
}

/**
 * Applies one batch. Returns the same state object when the batch is stale (seq not newer) or changed
 * nothing, so react-query observers are not notified for no-ops.
 */
export function applyBatch(state: ClusterState, batch: ChangeBatch, now: number = Date.now()): ClusterState {
  return applyBatches(state, [batch], now);
}

/** Applies batches in order (a frame's worth), copying each collection at most once. */
export function applyBatches(
  state: ClusterState,
  batches: readonly ChangeBatch[],
  now: number = Date.now(),
): ClusterState {
  let objects: Map<string, ClusterObject> | undefined;
  let events: Map<string, FluxEvent> | undefined;
  let kinds = state.kinds;
  let connection = state.connection;
  let seq = state.seq;
  let changed = false;

  for (const batch of batches) {
    if (batch.seq <= seq) continue;
    seq = batch.seq;
    for (const change of batch.changes) {
      switch (change.op) {
        case 'upsert': {
          const obj = change.object as ClusterObject;
          const key = refKey(refOf(obj));
          const current = (objects ?? state.objects).get(key);
          if (current && sameVersion(current, obj)) break;
          objects ??= new Map(state.objects);
          objects.set(key, obj);
          changed = true;
          break;
        }
        case 'delete': {
          const key = refKey(change.ref);
          if (!(objects ?? state.objects).has(key)) break;
          objects ??= new Map(state.objects);
          objects.delete(key);
          changed = true;
          break;
        }
        case 'event': {
          const event = change.event as FluxEvent;
          events ??= new Map(state.events);
          events.set(event.id, event);
          changed = true;
          break;
        }
        case 'event-delete': {
          if (!(events ?? state.events).has(change.id)) break;
          events ??= new Map(state.events);
          events.delete(change.id);
          changed = true;
          break;
        }
        case 'kinds':
          kinds = change.kinds;
          changed = true;
          break;
        case 'connection':
          connection = change.connection;
          changed = true;
          break;
      }
    }
  }

  if (seq === state.seq) return state;
  return {
    seq,
    objects: objects ?? state.objects,
    events: events ?? state.events,
    kinds,
    connection,
    revision: changed ? state.revision + 1 : state.revision,
    receivedAt: changed ? now : state.receivedAt,
  };
}

/** A reset (or a fresh snapshot after reconnecting) replaces everything, then replays what arrived meanwhile. */
export function resetTo(
  previous: ClusterState | undefined,
  snapshot: Snapshot,
  buffered: readonly ChangeBatch[],
  now: number = Date.now(),
): ClusterState {
  return applyBatches(fromSnapshot(snapshot, now, previous?.revision ?? -1), buffered, now);
}
