/**
 * A cluster watched in this process: its own kube connection (a kubeconfig context or a demo cluster), its
 * own cache (one list+watch per kind), view cache and warmer, action permissions, and the summaries the
 * fleet reads. One per cluster of `--context a,b,c`, `--all-contexts` or `--demo-clusters N`.
 */
import type { FleetClusterInfo, FleetConnection } from '@fluxscope/shared';
import { fluxVersionOf } from '@fluxscope/shared';
import type { FastifyBaseLogger } from 'fastify';
import { ActionPermissions } from '../actions/permissions.js';
import { ClusterCache } from '../cache/cluster-cache.js';
import { ViewWarmer } from '../cache/view-warmer.js';
import type { ServerConfig } from '../config/flags.js';
import { ViewCache } from '../http/view-cache.js';
import { type KubeClient, disconnectCluster } from '../kube/plugin.js';
import type { ClusterBackend, LocalCluster, SummaryDelta } from './backend.js';
import { SummaryTracker } from './summary-tracker.js';

export class LocalBackend implements ClusterBackend {
  readonly local: LocalCluster;
  private readonly warmer: ViewWarmer;
  private readonly summaryTracker: SummaryTracker;
  private readonly permissions: ActionPermissions | undefined;

  constructor(
    readonly name: string,
    k8s: KubeClient,
    config: ServerConfig,
    log: FastifyBaseLogger,
  ) {
    const cache = new ClusterCache(k8s, config, log.child({ component: 'cache' }));
    const viewCache = new ViewCache(cache.index);
    this.local = { name, k8s, cache, viewCache };
    this.warmer = new ViewWarmer(cache.index, viewCache);
    this.summaryTracker = new SummaryTracker(cache.index);
    if (config.enableActions && k8s.kc)
      this.permissions = new ActionPermissions(
        k8s.kc,
        config.namespaces,
        log.child({ component: 'actions' }),
        kinds => cache.setActionKinds(kinds),
      );
  }

  info(): FleetClusterInfo {
    const c = this.local.cache.connectionState();
    const connection: FleetConnection = { state: c.state };
    if (c.message) connection.message = c.message;
    if (c.server) connection.server = c.server;
    if (c.stale && c.lastHeard) connection.staleSince = c.lastHeard;
    const fluxVersion = this.fluxVersion();
    return {
      name: this.name,
      connection,
      ...(fluxVersion ? { fluxVersion } : {}),
      ...(c.demo ? { demo: true } : {}),
    };
  }

  private fluxVersionAt = { version: -1, value: undefined as string | undefined };

  /** Read again only when the index moved (it scans Namespaces and Deployments). */
  private fluxVersion(): string | undefined {
    const index = this.local.cache.index;
    if (this.fluxVersionAt.version !== index.version)
      this.fluxVersionAt = { version: index.version, value: fluxVersionOf(index) };
    return this.fluxVersionAt.value;
  }

  summaries() {
    return this.summaryTracker.summaries();
  }

  subscribe(listener: (delta: SummaryDelta) => void): () => void {
    return this.summaryTracker.subscribe(listener);
  }

  start(): void {
    this.local.cache.start();
    this.warmer.start();
    this.permissions?.start();
  }

  /** Watches first, then the demo cluster they watch (if it is one). */
  async stop(): Promise<void> {
    this.permissions?.stop();
    this.warmer.stop();
    this.local.cache.stop();
    await disconnectCluster(this.local.k8s);
  }
}
