/** Views beyond the flux CLI: the dependency graph, the root cause of a blocked object, the Ready timeline. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import {
  buildFluxRuntime,
  buildGraph,
  buildTimeline,
  impactOf,
  objectReconcileStats,
  renderRootCauseText,
  rootCause,
  slowestObjects,
  type ObjRef,
} from '@fluxscope/shared';
import {
  FluxRuntimeSchema,
  GraphModelSchema,
  ImpactSchema,
  ReconcileStatsSchema,
  RootCauseSchema,
  TimelineBarSchema,
} from '@fluxscope/shared/wire';
import { answer, sendAnswer } from '../http/answer.js';
import { notFound } from '../http/errors.js';
import {
  FormatQuery,
  RefParams,
  errorResponses,
  inline,
  jsonOrText,
  refFromParams,
} from '../schemas/common.js';

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
      fastify.users
        .view(request)
        .viewCache.send(
          request,
          reply,
          request.url,
          () => ({ json: buildGraph(fastify.users.view(request).index) }),
          'flux',
        ),
  );

  fastify.get(
    '/api/v1/root-cause/:group/:kind/:namespace/:name',
    {
      schema: {
        tags: ['views'],
        summary:
          'Why a not-ready object is blocked: the chain to the first failing or missing object, then the unhealthy workload and Pod below it (null if not blocked)',
        params: RefParams,
        querystring: FormatQuery,
        response: { 200: jsonOrText(Type.Union([RootCauseSchema, Type.Null()])), ...errorResponses },
      },
    },
    async (request, reply) => {
      const ref: ObjRef = refFromParams(request.params);
      if (!fastify.users.view(request).index.get(ref))
        throw notFound(`${ref.kind}/${ref.namespace}/${ref.name} is not in the cache`);
      const cause = rootCause(fastify.users.view(request).index, ref, new Date()) ?? null;
      return sendAnswer(
        reply,
        answer(request.query.format, cause, c => renderRootCauseText(ref, c ?? undefined)),
      );
    },
  );

  fastify.get(
    '/api/v1/flux-runtime',
    {
      schema: {
        tags: ['views'],
        summary:
          'Flux controllers (version, readiness, restarts, Warnings), Flux CRDs (served/stored versions, deprecated uses), Alerts with what they cover, Providers, Receivers',
        response: { 200: inline(FluxRuntimeSchema) },
      },
    },
    async request => buildFluxRuntime(fastify.users.view(request).index),
  );

  fastify.get(
    '/api/v1/impact/:group/:kind/:namespace/:name',
    {
      schema: {
        tags: ['views'],
        summary:
          'What depends on a Flux object: dependsOn chains, objects using it as source or chart, what it applies, with workload counts',
        params: RefParams,
        response: { 200: inline(ImpactSchema), ...errorResponses },
      },
    },
    async request => {
      const ref: ObjRef = refFromParams(request.params);
      if (!fastify.users.view(request).index.get(ref))
        throw notFound(`${ref.kind}/${ref.namespace}/${ref.name} is not in the cache`);
      return impactOf(fastify.users.view(request).index, ref);
    },
  );

  const Window = Type.Optional(
    Type.Integer({ minimum: 1, maximum: 1000, default: 20, description: 'failures counted in the last N' }),
  );

  fastify.get(
    '/api/v1/reconciles/slowest',
    {
      schema: {
        tags: ['views'],
        summary:
          'Kustomizations and HelmReleases by p95 reconcile duration (status.history, status, Events), failures in the last N',
        querystring: Type.Object({
          window: Window,
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 50 })),
        }),
        response: { 200: Type.Array(inline(ReconcileStatsSchema)), ...errorResponses },
      },
    },
    async request => {
      const { window, limit } = request.query;
      return slowestObjects(fastify.users.view(request).index, { window: window ?? 20, limit: limit ?? 50 });
    },
  );

  fastify.get(
    '/api/v1/reconciles/:group/:kind/:namespace/:name',
    {
      schema: {
        tags: ['views'],
        summary: "One object's reconciliations with their durations, p50/p95 and failures in the last N",
        params: RefParams,
        querystring: Type.Object({ window: Window }),
        response: { 200: inline(ReconcileStatsSchema), ...errorResponses },
      },
    },
    async request => {
      const ref: ObjRef = refFromParams(request.params);
      const stats = objectReconcileStats(fastify.users.view(request).index, ref, request.query.window ?? 20);
      if (!stats) throw notFound(`${ref.kind}/${ref.namespace}/${ref.name} is not in the cache`);
      return stats;
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
      buildTimeline(
        fastify.users.view(request).index,
        request.query.since ? { since: request.query.since } : {},
      ),
  );
};

export default insights;
