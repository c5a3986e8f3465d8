/**
 * The agent mode's plugin ('fleet-agent'): after boot the FleetAgent starts feeding the fleet bucket from the
 * cluster cache and answering drill-downs with this app's own read routes (guarded by the drill allow-list).
 */
import { fluxVersionOf, summarize } from '@fluxscope/shared';
import fp from 'fastify-plugin';
import type { FleetAgent } from './agent.js';

declare module 'fastify' {
  interface FastifyInstance {
    fleetAgent?: FleetAgent;
  }
}

export default fp(
  async fastify => {
    const config = fastify.config;
    const fleet = config.fleetMode;
    if (fleet?.mode !== 'agent') return;
    // Loaded here, so a plain server never loads the NATS client (about 2.5 MB of heap).
    const [{ FleetAgent }, { injectAnswerer, installDrillGuard }] = await Promise.all([
      import('./agent.js'),
      import('./drill.js'),
    ]);
    installDrillGuard(fastify);
    const index = fastify.cache.index;
    const agent = new FleetAgent(
      fastify.cache,
      fleet,
      {
        summarize: obj => summarize(index, obj),
        heartbeat: () => {
          const fluxVersion = fluxVersionOf(index);
          return fluxVersion ? { fluxVersion } : {};
        },
      },
      injectAnswerer(fastify, 'localhost', config.authToken),
      fastify.log.child({ component: 'fleet-agent' }),
    );
    fastify.decorate('fleetAgent', agent);
    fastify.addHook('onReady', async () => agent.start());
    fastify.addHook('onClose', async () => agent.stop());
  },
  { name: 'fleet-agent', dependencies: ['config', 'fleet'] },
);
