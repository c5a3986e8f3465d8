/** Connection and per-kind state: what the UI's status bar and the troubleshooting page show. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { ConnectionState, KindState } from '../schemas/common.js';

export const StatusResponse = Type.Object({
  connection: ConnectionState,
  kinds: Type.Array(KindState),
  ready: Type.Boolean(),
  readyReasons: Type.Array(Type.String()),
  seq: Type.Integer(),
  objects: Type.Integer(),
  events: Type.Integer(),
  watches: Type.Array(
    Type.Object({ kind: Type.String(), restarts: Type.Integer(), relists: Type.Integer() }),
  ),
  streamClients: Type.Integer(),
  /** What the server watches: the whole cluster, or --namespaces and what that leaves out. */
  scope: Type.Object({
    namespaces: Type.Optional(Type.Array(Type.String())),
    limits: Type.Array(Type.String()),
  }),
});

const status: FastifyPluginAsyncTypebox = async fastify => {
  fastify.get(
    '/api/v1/status',
    {
      schema: {
        tags: ['cluster'],
        summary: 'Connection state and per-kind watch state',
        response: { 200: StatusResponse },
      },
    },
    async () => {
      const cache = fastify.cache;
      const readiness = cache.readiness();
      return {
        connection: cache.connectionState(),
        kinds: cache.kindStates(),
        ready: readiness.ready,
        readyReasons: readiness.reasons,
        seq: cache.changes.seq,
        objects: cache.index.size,
        events: cache.index.eventCount,
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
