/** The cluster cache plugin ('cluster-cache'): starts the watchers after boot, stops them on close. */
import fp from 'fastify-plugin';
import { ClusterCache } from './cluster-cache.js';

declare module 'fastify' {
  interface FastifyInstance {
    cache: ClusterCache;
  }
}

export default fp(
  async fastify => {
    const cache = new ClusterCache(fastify.k8s, fastify.config, fastify.log.child({ component: 'cache' }));
    fastify.decorate('cache', cache);
    fastify.addHook('onReady', async () => cache.start());
    // Runs before the k8s plugin's onClose (hooks run in reverse), so watches stop before the demo cluster does.
    fastify.addHook('onClose', async () => cache.stop());
  },
  { name: 'cluster-cache', dependencies: ['config', 'k8s'] },
);
