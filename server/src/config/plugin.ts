/** Decorates the instance with the parsed ServerConfig ('config'): the only place settings come from. */
import fp from 'fastify-plugin';
import type { ServerConfig } from './flags.js';

declare module 'fastify' {
  interface FastifyInstance {
    config: ServerConfig;
  }
}

export default fp<{ config: ServerConfig }>(
  async (fastify, opts) => {
    fastify.decorate('config', opts.config);
  },
  { name: 'config' },
);
