/**
 * The fleet plugin ('fleet'): connects every cluster this server watches (the default one as kubectl would,
 * `--context a,b,c`, `--all-contexts`, or `--demo-clusters N`), one LocalBackend each, into the registry.
 * A context that cannot be used is that cluster's row state ('misconfigured', 'unreachable'), never a failed
 * start. `fastify.k8s`, `.cache` and `.viewCache` stay as the default cluster's for the server-wide routes
 * (probes, metrics); per-cluster routes read `request.cluster` (fleet/cluster-routes.ts).
 */
import type { FastifyBaseLogger } from 'fastify';
import fp from 'fastify-plugin';
import type { ClusterCache } from '../cache/cluster-cache.js';
import type { ServerConfig } from '../config/flags.js';
import type { ViewCache } from '../http/view-cache.js';
import { listContexts } from '../kube/load-kubeconfig.js';
import { type ClusterTarget, connectCluster } from '../kube/plugin.js';
import { demoFleetTargets } from './demo-fleet.js';
import { LocalBackend } from './local-backend.js';
import { ClusterRegistry } from './registry.js';

declare module 'fastify' {
  interface FastifyInstance {
    clusters: ClusterRegistry;
    /** The default cluster's cache (server-wide routes: probes, metrics). */
    cache: ClusterCache;
    viewCache: ViewCache;
  }
}

/** The clusters to watch, in order (the first is the default); a name is undefined until connected. */
function targets(
  config: ServerConfig,
  log: FastifyBaseLogger,
): Array<{ name?: string; target: ClusterTarget }> {
  if (config.demoClusters > 0 && !config.contexts && !config.allContexts) return demoFleetTargets(config);
  if (config.allContexts) {
    const found = listContexts(config);
    if ('message' in found) {
      log.error(found.message);
      return [{ target: { kind: 'kubeconfig' } }];
    }
    return found.contexts.map(context => ({ name: context, target: { kind: 'kubeconfig', context } }));
  }
  if (config.contexts)
    return config.contexts.map(context => ({ name: context, target: { kind: 'kubeconfig', context } }));
  return [{ target: { kind: 'kubeconfig' } }];
}

export default fp(
  async fastify => {
    const config = fastify.config;
    const wanted = targets(config, fastify.log);
    const clients = await Promise.all(
      wanted.map(w => connectCluster(config, fastify.log.child(w.name ? { cluster: w.name } : {}), w.target)),
    );
    const registry = new ClusterRegistry('');
    clients.forEach((client, i) => {
      const name = wanted[i]!.name ?? client.context ?? 'default';
      const log = fastify.log.child(wanted.length > 1 ? { cluster: name } : {});
      registry.add(new LocalBackend(name, client, config, log));
    });
    const first = registry.default!.local!;
    fastify.decorate('clusters', registry);
    fastify.decorate('k8s', first.k8s);
    fastify.decorate('cache', first.cache);
    fastify.decorate('viewCache', first.viewCache);
    fastify.addHook('onReady', async () => {
      for (const backend of registry.list()) backend.start();
    });
    fastify.addHook('onClose', async () => registry.stop());
  },
  { name: 'fleet', dependencies: ['config'] },
);
