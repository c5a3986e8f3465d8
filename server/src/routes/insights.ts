/** Views beyond the flux CLI: the dependency graph, the root cause of a blocked object, the Ready timeline. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { buildGraph, buildTimeline, rootCause } from '@fluxscope/shared';
import { GraphModelSchema, RootCauseSchema, TimelineBarSchema } from '@fluxscope/shared/wire';
import { notFound } from '../http/errors.js';
import { RefParams, errorResponses, refFromParams } from '../schemas/common.js';

const insights: FastifyPluginAsyncTypebox = async fastify => {
  fastify.get(
    '/api/v1/graph',
    {
      schema: {
        tags: ['views'],
        summary:
          'Entry points, what they deploy and their sources, with dependsOn / parent / uses-source edges',
        response: { 200: GraphModelSchema },
      },
    },
    async (request, reply) =>
      fastify.viewCache.send(
        request,
        reply,
        request.url,
        () => ({ json: buildGraph(fastify.cache.index) }),
        'flux',
      ),
  );

  fastify.get(
    '/api/v1/root-cause/:group/:kind/:namespace/:name',
    {
      schema: {
        tags: ['views'],
        summary:
          'Why a not-ready object is blocked: the chain to the first failing or missing object (null if not blocked)',
        params: RefParams,
        response: { 200: Type.Union([RootCauseSchema, Type.Null()]), ...errorResponses },
      },
    },
    async request => {
      const ref = refFromParams(request.params);
      if (!fastify.cache.index.get(ref))
        throw notFound(`${ref.kind}/${ref.namespace}/${ref.name} is not in the cache`);
      return rootCause(fastify.cache.index, ref) ?? null;
    },
  );

  fastify.get(
    '/api/v1/timeline',
    {
      schema: {
        tags: ['views'],
        summary: 'When each Flux object started reconciling and turned Ready, with the critical path',
        querystring: Type.Object({ since: Type.Optional(Type.String({ format: 'date-time' })) }),
        response: { 200: Type.Array(TimelineBarSchema), ...errorResponses },
      },
    },
    async request =>
      buildTimeline(fastify.cache.index, request.query.since ? { since: request.query.since } : {}),
  );
};

export default insights;
