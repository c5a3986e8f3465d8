/** Connection and per-kind state: what the UI's status bar and the troubleshooting page show. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { StatusResponseSchema } from '@fluxscope/shared/wire';
import { inline } from '../schemas/common.js';

const status: FastifyPluginAsyncTypebox = async fastify => {
  fastify.get(
    '/api/v1/status',
    {
      schema: {
        tags: ['cluster'],
        summary: 'Connection state and per-kind watch state',
        response: { 200: inline(StatusResponseSchema) },
      },
    },
    async request => {
      const cache = request.cluster.cache;
      // With --impersonate, counts are of what this user may see.
      const view = fastify.users.view(request);
      const readiness = cache.readiness();
      return {
        connection: cache.connectionState(),
        kinds: view.kindStates(),
        ready: readiness.ready,
        readyReasons: readiness.reasons,
        seq: cache.changes.handOut(),
        objects: view.index.size,
        events: view.index.eventCount,
        watches: cache.watchStats(),
        streamClients: cache.changes.listenerCount,
        scope: {
          ...(fastify.config.namespaces ? { namespaces: fastify.config.namespaces } : {}),
          limits: cache.scopeLimits(),
        },
      };
    },
  );
};

export default status;
