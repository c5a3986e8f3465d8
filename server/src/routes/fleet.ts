/**
 * The fleet: one row per cluster, the failing objects across the fleet, and fleet-wide search ("where does
 * chart X / image Y / GitRepository URL Z run"). They read only the registry's ClusterBackend seam
 * (fleet/backend.ts), so clusters watched here and clusters reported by agents answer alike.
 *
 * The fleet page polls these (every few seconds) rather than holding a second stream: a fleet answer is a
 * small, whole state (rows are recomputed from summaries on each request, so a poll can never miss or
 * misapply a change and needs no resume logic after a drop), and the open cluster's own SSE stream stays
 * the one live channel per tab.
 *
 * With --impersonate each answer counts only the objects the signed-in user may list in each cluster
 * (users/plugin.ts `fleetFilter`): states, failing objects and search hits alike.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import {
  FleetFailingResponseSchema,
  FleetResponseSchema,
  FleetSearchQuerySchema,
  FleetSearchResponseSchema,
} from '@fluxscope/shared/wire';
import { errorResponses, inline } from '../schemas/common.js';

const fleet: FastifyPluginAsyncTypebox = async fastify => {
  // A hub (`fluxscope hub`) has no Kubernetes access, so no users plugin and nobody to impersonate: there the
  // fleet is counted whole, as without --impersonate.
  const visibleTo = async (request: FastifyRequest) =>
    fastify.hasDecorator('users') ? fastify.users.fleetFilter(request) : undefined;

  fastify.get(
    '/api/v1/fleet',
    {
      schema: {
        tags: ['fleet'],
        summary:
          'One row per cluster: connection, Flux version, objects by state, failing objects, last change',
        response: { 200: inline(FleetResponseSchema) },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      const visible = await visibleTo(request);
      return { clusters: fastify.clusters.rows(visible), defaultCluster: fastify.clusters.defaultCluster };
    },
  );

  fastify.get(
    '/api/v1/fleet/failing',
    {
      schema: {
        tags: ['fleet'],
        summary: 'Failed and stalled objects across the fleet, worst and newest first',
        querystring: Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })) }),
        response: { 200: inline(FleetFailingResponseSchema), ...errorResponses },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      return fastify.clusters.failing(request.query.limit ?? 200, await visibleTo(request));
    },
  );

  fastify.get(
    '/api/v1/fleet/search',
    {
      schema: {
        tags: ['fleet'],
        summary: 'Where a chart, image, source URL or object name runs: exact matches first, then substrings',
        querystring: FleetSearchQuerySchema,
        response: { 200: inline(FleetSearchResponseSchema), ...errorResponses },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      return fastify.clusters.search(request.query.q, request.query.limit, await visibleTo(request));
    },
  );
};

export default fleet;
