/**
 * The clusters this server holds, by name, and the fleet views over them: rows, failing objects and search.
 * The search index is built on the first search and then kept from the backends' summary deltas (never
 * rebuilt per query), so it works the same for a few local contexts and for a hub's thousand remote
 * clusters, and a server nobody searches (most single-cluster ones) does not hold it.
 */
import {
  type FleetCluster,
  type FleetFailingResponse,
  FleetSearchIndex,
  type FleetSearchResponse,
  fleetFailing,
  fleetRow,
  sortFleetRows,
} from '@fluxscope/shared';
import type { FluxObjectSummary } from '@fluxscope/shared';
import type { ClusterBackend } from './backend.js';

/** Which of a cluster's objects a request may count (a user's rights with --impersonate); all without one. */
export type SummaryFilter = (cluster: string, object: FluxObjectSummary) => boolean;

function* only(cluster: string, summaries: Iterable<FluxObjectSummary>, visible?: SummaryFilter) {
  for (const s of summaries) if (!visible || visible(cluster, s)) yield s;
}

export class ClusterRegistry {
  private readonly backends = new Map<string, ClusterBackend>();
  private readonly unsubscribe = new Map<string, () => void>();
  /** Built on the first search (about 2 MB per 200 Flux objects' summaries), then kept by the deltas. */
  private searchIndex: FleetSearchIndex | undefined;
  /** Moves whenever a cluster's summaries change or a cluster comes or goes (fleet responses' ETag). */
  version = 0;

  constructor(private defaultName: string) {}

  /** The cluster the un-prefixed routes mean: the first one given. */
  get defaultCluster(): string {
    return this.defaultName;
  }

  add(backend: ClusterBackend): void {
    if (this.backends.has(backend.name)) throw new Error(`cluster "${backend.name}" is already in the fleet`);
    if (this.backends.size === 0) this.defaultName = backend.name;
    this.backends.set(backend.name, backend);
    if (this.searchIndex) for (const s of backend.summaries()) this.searchIndex.upsert(backend.name, s);
    this.unsubscribe.set(
      backend.name,
      backend.subscribe(delta => {
        const index = this.searchIndex;
        if (index) {
          if (delta.reset) index.removeCluster(backend.name);
          for (const ref of delta.removes) index.remove(backend.name, ref);
          for (const s of delta.upserts) index.upsert(backend.name, s);
        }
        this.version++;
      }),
    );
    this.version++;
  }

  /** A cluster leaves the fleet (a hub forgetting an agent); the caller stops it. */
  remove(name: string): ClusterBackend | undefined {
    const backend = this.backends.get(name);
    if (!backend) return undefined;
    this.unsubscribe.get(name)?.();
    this.unsubscribe.delete(name);
    this.backends.delete(name);
    this.searchIndex?.removeCluster(name);
    this.version++;
    return backend;
  }

  get(name: string): ClusterBackend | undefined {
    return this.backends.get(name);
  }

  get default(): ClusterBackend | undefined {
    return this.backends.get(this.defaultName);
  }

  list(): ClusterBackend[] {
    return [...this.backends.values()];
  }

  get size(): number {
    return this.backends.size;
  }

  rows(visible?: SummaryFilter): FleetCluster[] {
    return sortFleetRows(
      this.list().map(b => {
        const { connection, ...info } = b.info();
        return fleetRow(info, only(b.name, b.summaries(), visible), connection);
      }),
    );
  }

  failing(limit?: number, visible?: SummaryFilter): FleetFailingResponse {
    return fleetFailing(
      this.list().map(b => ({ cluster: b.name, summaries: only(b.name, b.summaries(), visible) })),
      limit,
    );
  }

  search(query: string, limit?: number, visible?: SummaryFilter): FleetSearchResponse {
    // Local backends summarize lazily: bring every cluster's summaries (and so the index) up to date first.
    for (const b of this.backends.values()) b.summaries();
    if (!this.searchIndex) {
      const index = new FleetSearchIndex();
      for (const b of this.backends.values()) for (const s of b.summaries()) index.upsert(b.name, s);
      this.searchIndex = index;
    }
    return this.searchIndex.search(query, limit, visible);
  }

  async stop(): Promise<void> {
    for (const off of this.unsubscribe.values()) off();
    await Promise.all(this.list().map(b => b.stop()));
  }
}
