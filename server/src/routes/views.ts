/**
 * The flux CLI's views over the cache, as JSON for the UI or (`?format=text`) as the CLI prints them:
 * tree, trace, stats, events, graph, root cause. All are pure functions from shared over the ClusterIndex:
 * no API server round trips.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import {
  buildTrace,
  buildTree,
  computeStats,
  isNotFoundError,
  listEvents,
  renderEventsText,
  renderStatsText,
  renderTraceText,
  renderTreeText,
  treeRootKind,
  type ObjRef,
} from '@fluxscope/shared';
import { FluxEventSchema, StatsRowSchema, TraceResultSchema, TreeNodeSchema } from '@fluxscope/shared/wire';
import { answer, sendAnswer } from '../http/answer.js';
import { HttpError, notFound } from '../http/errors.js';
import {
  FormatQuery,
  Kind,
  Name,
  NamespaceParam,
  NamespaceQuery,
  RefParams,
  Version,
  errorResponses,
  jsonOrText,
  inline,
  refFromParams,
} from '../schemas/common.js';

/** Runs a view, turning the views' NotFoundError into a 404. */
export function runView<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (isNotFoundError(err)) throw notFound(err.message);
    if (err instanceof HttpError) throw err;
    throw err;
  }
}

const views: FastifyPluginAsyncTypebox = async fastify => {
  fastify.get(
    '/api/v1/tree/:kind/:namespace/:name',
    {
      schema: {
        tags: ['views'],
        summary: 'flux tree: the objects a Kustomization or HelmRelease applied, recursively',
        params: Type.Object({ kind: Kind, namespace: NamespaceParam, name: Name }),
        querystring: Type.Composite([
          FormatQuery,
          Type.Object({
            compact: Type.Optional(Type.Boolean({ description: 'only Flux objects (flux tree --compact)' })),
            owned: Type.Optional(
              Type.Boolean({ description: 'add ReplicaSets and Pods under workloads (UI only)' }),
            ),
          }),
        ]),
        response: { 200: jsonOrText(TreeNodeSchema), ...errorResponses },
      },
    },
    async (request, reply) => {
      const { kind, namespace, name } = request.params;
      const info = treeRootKind(kind);
      if (!info) throw new HttpError(400, `tree is available for Kustomization and HelmRelease, not ${kind}`);
      const root: ObjRef = refFromParams({ group: info.group, kind: info.kind, namespace, name });
      const { compact, owned, format } = request.query;
      return fastify.users.view(request).viewCache.send(request, reply, request.url, () => {
        const tree = runView(() =>
          buildTree(fastify.users.view(request).index, root, {
            compact: compact === true,
            owned: owned === true,
          }),
        );
        return answer(format, tree, renderTreeText);
      });
    },
  );

  fastify.get(
    '/api/v1/trace/:group/:version/:kind/:namespace/:name',
    {
      schema: {
        tags: ['views'],
        summary:
          'flux trace: object -> owners -> Kustomization/HelmRelease -> chart -> source, plus parent Kustomizations',
        params: Type.Object({ ...RefParams.properties, version: Version }),
        querystring: FormatQuery,
        response: { 200: jsonOrText(TraceResultSchema), ...errorResponses },
      },
    },
    async (request, reply) => {
      // The version only says how the caller named the object (flux trace --api-version); the cache is keyed without it.
      const ref = refFromParams(request.params);
      return fastify.users.view(request).viewCache.send(request, reply, request.url, () =>
        answer(
          request.query.format,
          runView(() => buildTrace(fastify.users.view(request).index, ref)),
          renderTraceText,
        ),
      );
    },
  );

  fastify.get(
    '/api/v1/stats',
    {
      schema: {
        tags: ['views'],
        summary: 'flux stats: reconcilers per kind, running, failing, suspended, storage',
        querystring: Type.Composite([FormatQuery, Type.Object({ namespace: NamespaceQuery })]),
        response: { 200: jsonOrText(Type.Array(StatsRowSchema)), ...errorResponses },
      },
    },
    async (request, reply) => {
      const { namespace, format } = request.query;
      // Stats read Flux objects only: kept until one of those changes (ViewScope).
      return fastify.users
        .view(request)
        .viewCache.send(
          request,
          reply,
          request.url,
          () =>
            answer(
              format,
              computeStats(fastify.users.view(request).index, namespace ? { namespace } : {}),
              renderStatsText,
            ),
          'flux',
        );
    },
  );

  fastify.get(
    '/api/v1/events',
    {
      schema: {
        tags: ['views'],
        summary:
          'flux events: Events about Flux objects (all=true: any object), oldest first, filtered by kind, namespace, name, type',
        querystring: Type.Composite([
          FormatQuery,
          Type.Object({
            kind: Type.Optional(Type.String({ maxLength: 63 })),
            all: Type.Optional(
              Type.Boolean({
                description: 'Events about every kind, not only the Flux kinds flux events keeps',
              }),
            ),
            namespace: NamespaceQuery,
            name: Type.Optional(Type.String({ maxLength: 253 })),
            type: Type.Optional(
              Type.String({ maxLength: 63, description: 'Normal, Warning, or both comma-separated' }),
            ),
          }),
        ]),
        response: { 200: jsonOrText(Type.Array(inline(FluxEventSchema))), ...errorResponses },
      },
    },
    async (request, reply) => {
      const { format, ...filter } = request.query;
      return sendAnswer(
        reply,
        answer(format, listEvents(fastify.users.view(request).index, filter), events =>
          renderEventsText(events, {
            now: new Date(),
            allNamespaces: !filter.namespace,
            namespace: filter.namespace,
          }),
        ),
      );
    },
  );
};

export default views;
