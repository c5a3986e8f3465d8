/** The cluster cache plugin ('cluster-cache'): starts the watchers after boot, stops them on close. */
import fp from 'fastify-plugin';
import { ViewCache } from '../http/view-cache.js';
import { ClusterCache } from './cluster-cache.js';
import { ViewWarmer } from './view-warmer.js';

declare module 'fastify' {
  interface FastifyInstance {
    cache: ClusterCache;
    /** Encoded view responses per index version (tree, trace, stats, graph). */
    viewCache: ViewCache;
  }
}

export default fp(
  async fastify => {
    const cache = new ClusterCache(fastify.k8s, fastify.config, fastify.log.child({ component: 'cache' }));
    fastify.decorate('cache', cache);
    const viewCache = new ViewCache(cache.index);
    fastify.decorate('viewCache', viewCache);
    const warmer = new ViewWarmer(cache.index, viewCache);
    fastify.addHook('onReady', async () => {
      cache.start();
      warmer.start();
    });
    // Runs before the k8s plugin's onClose (hooks run in reverse), so watches stop before the demo cluster does.
    fastify.addHook('onClose', async () => {
      warmer.stop();
      cache.stop();
    });
  },
  { name: 'cluster-cache', dependencies: ['config', 'k8s'] },
);
