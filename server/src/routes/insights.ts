/** Views beyond the flux CLI: the dependency graph, the root cause of a blocked object, the Ready timeline. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { buildGraph, buildTimeline, rootCause, type ObjRef } from '@fluxscope/shared';
import { notFound } from '../http/errors.js';
import {
  Group,
  Kind,
  Name,
  NamespaceParam,
  errorResponses,
  groupFromPath,
  namespaceFromPath,
} from '../schemas/common.js';
import { GraphModel, RootCause, TimelineBar } from '../schemas/views.js';

const insights: FastifyPluginAsyncTypebox = async fastify => {
  fastify.get(
    '/api/v1/graph',
    {
      schema: {
        tags: ['views'],
        summary:
          'Entry points, what they deploy and their sources, with dependsOn / parent / uses-source edges',
        response: { 200: GraphModel },
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
        params: Type.Object({ group: Group, kind: Kind, namespace: NamespaceParam, name: Name }),
        response: { 200: Type.Union([RootCause, Type.Null()]), ...errorResponses },
      },
    },
    async request => {
      const p = request.params;
      const ref: ObjRef = {
        group: groupFromPath(p.group),
        kind: p.kind,
        namespace: namespaceFromPath(p.namespace),
        name: p.name,
      };
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
        response: { 200: Type.Array(TimelineBar), ...errorResponses },
      },
    },
    async request =>
      buildTimeline(fastify.cache.index, request.query.since ? { since: request.query.since } : {}),
  );
};

export default insights;
