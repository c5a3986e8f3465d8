/** Liveness and readiness for kubelet probes and load balancers. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { PROBE } from '../http/access.js';

const Readiness = Type.Object({ ready: Type.Boolean(), reasons: Type.Array(Type.String()) });

const health: FastifyPluginAsyncTypebox = async fastify => {
  fastify.get(
    '/healthz',
    {
      config: PROBE,
      schema: {
        tags: ['health'],
        summary: 'The process is alive',
        response: { 200: Type.Object({ ok: Type.Boolean() }) },
      },
    },
    async () => ({ ok: true }),
  );

  fastify.get(
    '/readyz',
    {
      config: PROBE,
      schema: {
        tags: ['health'],
        summary: 'Ready once the first list of every watched kind is loaded (503 with the reasons otherwise)',
        response: { 200: Readiness, 503: Readiness },
      },
    },
    async (_request, reply) => {
      const readiness = fastify.cache.readiness();
      return reply.code(readiness.ready ? 200 : 503).send(readiness);
    },
  );
};

export default health;
