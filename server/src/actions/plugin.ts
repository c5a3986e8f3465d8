/**
 * The actions plugin ('actions'): with --enable-actions, checks which Flux kinds the server's identity may
 * patch (SelfSubjectAccessReview, refreshed every few minutes) and publishes them in the connection state.
 */
import fp from 'fastify-plugin';
import { ActionPermissions } from './permissions.js';

export default fp(
  async fastify => {
    const kc = fastify.k8s.kc;
    if (!fastify.config.enableActions || !kc) return;
    const permissions = new ActionPermissions(
      kc,
      fastify.config.namespaces,
      fastify.log.child({ component: 'actions' }),
      kinds => fastify.cache.setActionKinds(kinds),
    );
    fastify.addHook('onReady', async () => permissions.start());
    fastify.addHook('onClose', async () => permissions.stop());
  },
  { name: 'actions', dependencies: ['config', 'k8s', 'cluster-cache'] },
);
