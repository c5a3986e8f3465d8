/**
 * Keeps one ClusterIndex (shared) in step with successive ClusterStates. States share object references
 * for everything a batch did not touch, so the diff is a pass of identity comparisons: cheap even at 10k
 * objects, and only the touched objects are re-indexed.
 */
import type { ClusterObject, FluxEvent } from '@fluxscope/shared';
import { ClusterIndex, isFluxKind, refOf, splitApiVersion } from '@fluxscope/shared';
import type { ClusterState } from './cluster-state';

const isFlux = (obj: ClusterObject): boolean => isFluxKind(splitApiVersion(obj.apiVersion).group, obj.kind);

export class IndexSync {
  readonly index = new ClusterIndex();
  /**
   * Bumped only when a Flux object changed: views over Flux objects alone (graph, stats, get all) key on
   * it and skip the many updates that only touch Pods, ReplicaSets or events.
   */
  fluxVersion = 0;
  private objects: ReadonlyMap<string, ClusterObject> = new Map();
  private events: ReadonlyMap<string, FluxEvent> = new Map();
  /** Flux objects changed by syncs whose listeners have not been told yet (see notify). */
  private changedFlux = new Set<string>();
  private readonly listeners = new Map<string, Set<() => void>>();

  /** The object with this refKey as of the last sync. */
  get = (key: string): ClusterObject | undefined => this.objects.get(key);

  /**
   * Listen for changes to one object: a map node follows its own object's status this way, without
   * waiting for the whole graph to be rebuilt (which is throttled on big clusters).
   */
  subscribe = (key: string, listener: () => void): (() => void) => {
    let set = this.listeners.get(key);
    if (!set) this.listeners.set(key, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(key);
    };
  };

  /** Tells the listeners of every Flux object changed since the last call. Call after the sync's commit. */
  notify(): void {
    if (this.changedFlux.size === 0) return;
    const changed = this.changedFlux;
    this.changedFlux = new Set();
    for (const key of changed) for (const listener of this.listeners.get(key) ?? []) listener();
  }

  /** Brings the index to `state`; returns the index version after the sync. */
  sync(state: ClusterState): number {
    if (state.objects !== this.objects) {
      const previous = this.objects;
      for (const [key, obj] of state.objects) {
        if (previous.get(key) === obj) continue;
        this.index.upsert(obj);
        if (isFlux(obj)) this.fluxChanged(key);
      }
      for (const [key, obj] of previous) {
        if (state.objects.has(key)) continue;
        this.index.remove(refOf(obj));
        if (isFlux(obj)) this.fluxChanged(key);
      }
      this.objects = state.objects;
    }
    if (state.events !== this.events) {
      const previous = this.events;
      for (const [id, event] of state.events) {
        if (previous.get(id) !== event) this.index.upsertEvent(event);
      }
      for (const id of previous.keys()) {
        if (!state.events.has(id)) this.index.removeEvent(id);
      }
      this.events = state.events;
    }
    return this.index.version;
  }

  private fluxChanged(key: string): void {
    this.fluxVersion++;
    if (this.listeners.has(key)) this.changedFlux.add(key);
  }
}
