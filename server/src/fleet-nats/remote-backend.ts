/**
 * A cluster whose agent reports to this hub, as the fleet registry sees it (fleet/backend.ts): its summaries
 * and connection come from the hub's watch of the bucket. It has no local cache: per-cluster reads go to
 * its agent (hub-routes.ts forwards `/api/v1/c/{cluster}/...`).
 */
import type { FleetClusterInfo, FluxObjectSummary } from '@fluxscope/shared';
import type { ClusterBackend, SummaryDelta } from '../fleet/backend.js';
import type { FleetHub } from './hub.js';

export class RemoteBackend implements ClusterBackend {
  constructor(
    readonly name: string,
    private readonly hub: FleetHub,
  ) {}

  info(): FleetClusterInfo {
    const c = this.hub.clusters.get(this.name);
    if (!c) return { name: this.name, connection: { state: 'connecting', message: 'left the fleet' } };
    const fluxVersion = c.heartbeat?.fluxVersion;
    const demo = c.heartbeat?.connection.demo;
    return {
      name: this.name,
      connection: this.hub.connectionOf(c),
      ...(fluxVersion ? { fluxVersion } : {}),
      ...(demo ? { demo } : {}),
    };
  }

  summaries(): Iterable<FluxObjectSummary> {
    return this.hub.clusters.get(this.name)?.objects.values() ?? [];
  }

  subscribe(listener: (delta: SummaryDelta) => void): () => void {
    return this.hub.onDelta(this.name, listener);
  }

  start(): void {}

  async stop(): Promise<void> {}
}
