/** Demo mode only: replay the scenario from the start (the UI's "restart demo" button). */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { DemoRestartResponseSchema } from '@fluxscope/shared/wire';
import { notFound } from '../http/errors.js';
import { errorResponses } from '../schemas/common.js';

const demo: FastifyPluginAsyncTypebox = async fastify => {
  fastify.post(
    '/api/v1/demo/restart',
    {
      schema: {
        tags: ['demo'],
        summary: 'Restart the demo scenario (404 unless running on the built-in demo cluster)',
        response: {
          200: DemoRestartResponseSchema,
          ...errorResponses,
        },
      },
    },
    async request => {
      const demoCluster = request.cluster.k8s.demo;
      if (!demoCluster) throw notFound('not running on the built-in demo cluster');
      await demoCluster.handle.restartScenario();
      return { restarted: true, scenario: demoCluster.scenario };
    },
  );
};

export default demo;
