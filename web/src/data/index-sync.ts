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

  /** Brings the index to `state`; returns the index version after the sync. */
  sync(state: ClusterState): number {
    if (state.objects !== this.objects) {
      const previous = this.objects;
      for (const [key, obj] of state.objects) {
        if (previous.get(key) === obj) continue;
        this.index.upsert(obj);
        if (isFlux(obj)) this.fluxVersion++;
      }
      for (const [key, obj] of previous) {
        if (state.objects.has(key)) continue;
        this.index.remove(refOf(obj));
        if (isFlux(obj)) this.fluxVersion++;
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
}
