/** Liveness and readiness for kubelet probes and load balancers. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { LivenessSchema, ReadinessSchema } from '@fluxscope/shared/wire';
import { PROBE } from '../http/access.js';

const health: FastifyPluginAsyncTypebox = async fastify => {
  fastify.get(
    '/healthz',
    {
      config: PROBE,
      schema: {
        tags: ['health'],
        summary: 'The process is alive',
        response: { 200: LivenessSchema },
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
        response: { 200: ReadinessSchema, 503: ReadinessSchema },
      },
    },
    async (_request, reply) => {
      const readiness = fastify.cache.readiness();
      return reply.code(readiness.ready ? 200 : 503).send(readiness);
    },
  );
};

export default health;
