/**
 * The flux CLI's views over the cache, as JSON for the UI or (`?format=text`) as the CLI prints them:
 * tree, trace, stats, events, graph, root cause. All are pure functions from shared over the ClusterIndex:
 * no API server round trips.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import {
  FluxEventSchema,
  buildTrace,
  buildTree,
  computeStats,
  isNotFoundError,
  listEvents,
  renderEventsText,
  renderStatsText,
  renderTraceText,
  renderTreeText,
  type ObjRef,
} from '@fluxscope/shared';
import { HttpError, notFound } from '../http/errors.js';
import {
  FormatQuery,
  Group,
  Kind,
  Name,
  NamespaceParam,
  Version,
  errorResponses,
  jsonOrText,
  groupFromPath,
  inline,
  namespaceFromPath,
} from '../schemas/common.js';
import { StatsRow, TraceResult, TreeNode } from '../schemas/views.js';

const TEXT = 'text/plain; charset=utf-8';
const NamespaceQuery = Type.Optional(
  Type.String({ maxLength: 63, description: 'one namespace (-n); all when absent (-A)' }),
);

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

const TREE_KINDS: Record<string, ObjRef['group']> = {
  Kustomization: 'kustomize.toolkit.fluxcd.io',
  HelmRelease: 'helm.toolkit.fluxcd.io',
};

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
        response: { 200: jsonOrText(TreeNode), ...errorResponses },
      },
    },
    async (request, reply) => {
      const { kind, namespace, name } = request.params;
      const canonical = Object.keys(TREE_KINDS).find(k => k.toLowerCase() === kind.toLowerCase());
      if (!canonical)
        throw new HttpError(400, `tree is available for Kustomization and HelmRelease, not ${kind}`);
      const root: ObjRef = {
        group: TREE_KINDS[canonical]!,
        kind: canonical,
        namespace: namespaceFromPath(namespace),
        name,
      };
      const { compact, owned, format } = request.query;
      return fastify.viewCache.send(request, reply, request.url, () => {
        const tree = runView(() =>
          buildTree(fastify.cache.index, root, { compact: compact === true, owned: owned === true }),
        );
        return format === 'text' ? { text: renderTreeText(tree) } : { json: tree };
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
        params: Type.Object({
          group: Group,
          version: Version,
          kind: Kind,
          namespace: NamespaceParam,
          name: Name,
        }),
        querystring: FormatQuery,
        response: { 200: jsonOrText(TraceResult), ...errorResponses },
      },
    },
    async (request, reply) => {
      const p = request.params;
      // The version only says how the caller named the object (flux trace --api-version); the cache is keyed without it.
      const ref: ObjRef = {
        group: groupFromPath(p.group),
        kind: p.kind,
        namespace: namespaceFromPath(p.namespace),
        name: p.name,
      };
      return fastify.viewCache.send(request, reply, request.url, () => {
        const trace = runView(() => buildTrace(fastify.cache.index, ref));
        return request.query.format === 'text' ? { text: renderTraceText(trace) } : { json: trace };
      });
    },
  );

  fastify.get(
    '/api/v1/stats',
    {
      schema: {
        tags: ['views'],
        summary: 'flux stats: reconcilers per kind, running, failing, suspended, storage',
        querystring: Type.Composite([FormatQuery, Type.Object({ namespace: NamespaceQuery })]),
        response: { 200: jsonOrText(Type.Array(StatsRow)), ...errorResponses },
      },
    },
    async (request, reply) => {
      const { namespace, format } = request.query;
      // Stats read Flux objects only: kept until one of those changes (ViewScope).
      return fastify.viewCache.send(
        request,
        reply,
        request.url,
        () => {
          const rows = computeStats(fastify.cache.index, namespace ? { namespace } : {});
          return format === 'text' ? { text: renderStatsText(rows) } : { json: rows };
        },
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
      const events = listEvents(fastify.cache.index, filter);
      if (format === 'text') {
        return reply.type(TEXT).send(
          renderEventsText(events, {
            now: new Date(),
            allNamespaces: !filter.namespace,
            namespace: filter.namespace,
          }),
        );
      }
      return events;
    },
  );
};

export default views;
