/**
 * The seam between the fleet and where a cluster's data comes from. A `ClusterBackend` is one cluster of
 * the fleet: its row's inputs (connection, Flux version), its Flux objects as summaries, and deltas of those
 * summaries. Two kinds implement it:
 *
 * - local (`local-backend.ts`): a kubeconfig context or a demo cluster watched in this process. It also
 *   carries `local`, the per-cluster cache every per-cluster route (`/api/v1/c/{cluster}/...`) serves from.
 * - remote: a cluster whose agent reports to a hub (summaries and connection from the hub's watch of the
 *   key-value bucket). It has no `local`; drill-downs go to its agent.
 *
 * The fleet routes (`routes/fleet.ts`) read only this interface, so rows, failing objects and search are the
 * same whichever kind a cluster is.
 */
import type { FleetClusterInfo, FluxObjectSummary, ObjRef } from '@fluxscope/shared';
import type { ClusterCache } from '../cache/cluster-cache.js';
import type { ViewCache } from '../http/view-cache.js';
import type { KubeClient } from '../kube/plugin.js';

/** A cluster watched in this process: what the per-cluster routes read. */
export interface LocalCluster {
  name: string;
  k8s: KubeClient;
  cache: ClusterCache;
  /** Encoded view responses per index version (tree, trace, stats, graph). */
  viewCache: ViewCache;
}

/** What changed in a cluster's summaries. `reset`: forget everything of this cluster first (a relist). */
export interface SummaryDelta {
  upserts: FluxObjectSummary[];
  removes: ObjRef[];
  reset?: boolean;
}

export interface ClusterBackend {
  /** The cluster's name in URLs (`/c/{name}/...`): unique in the registry. */
  readonly name: string;
  /** Connection, Flux version, demo: the row's inputs besides the summaries. Cheap; called per request. */
  info(): FleetClusterInfo;
  /** The cluster's Flux objects, summarized, as currently known (the last known while stale). */
  summaries(): Iterable<FluxObjectSummary>;
  /** Called with each change of the summaries (coalesced); returns the unsubscribe. */
  subscribe(listener: (delta: SummaryDelta) => void): () => void;
  /** Present for clusters watched in this process. */
  readonly local?: LocalCluster;
  start(): void;
  stop(): Promise<void>;
}
