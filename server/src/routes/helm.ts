/**
 * HelmRelease views: the release history from `status.history` (JSON or `?format=text`), two revisions
 * compared. Read from the cache: no API server round trip.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import {
  HelmCompareSchema,
  HelmHistorySchema,
  compareRevisions,
  helmHistory,
  renderHelmHistoryText,
  type ClusterObject,
} from '@fluxscope/shared';
import type { FastifyInstance } from 'fastify';
import { HttpError, notFound } from '../http/errors.js';
import { FormatQuery, Name, NamespaceParam, errorResponses, inline, jsonOrText } from '../schemas/common.js';

const HR_GROUP = 'helm.toolkit.fluxcd.io';
const Params = Type.Object({ namespace: NamespaceParam, name: Name });

export function helmRelease(fastify: FastifyInstance, namespace: string, name: string): ClusterObject {
  const obj = fastify.cache.index.get({ group: HR_GROUP, kind: 'HelmRelease', namespace, name });
  if (!obj) throw notFound(`HelmRelease/${namespace}/${name} is not in the cache`);
  return obj;
}

const helm: FastifyPluginAsyncTypebox = async fastify => {
  fastify.get(
    '/api/v1/helm/:namespace/:name/history',
    {
      schema: {
        tags: ['helm'],
        summary: 'Release history from status.history, newest first, live revision marked, what changed',
        params: Params,
        querystring: FormatQuery,
        response: { 200: jsonOrText(inline(HelmHistorySchema)), ...errorResponses },
      },
    },
    async (request, reply) => {
      const history = helmHistory(helmRelease(fastify, request.params.namespace, request.params.name));
      if (request.query.format === 'text')
        return reply.type('text/plain; charset=utf-8').send(renderHelmHistoryText(history));
      return history;
    },
  );

  fastify.get(
    '/api/v1/helm/:namespace/:name/compare',
    {
      schema: {
        tags: ['helm'],
        summary: 'What changed between two revisions of the history (chart, app version, values digest)',
        params: Params,
        querystring: Type.Object({
          from: Type.Integer({ minimum: 1 }),
          to: Type.Integer({ minimum: 1 }),
        }),
        response: { 200: inline(HelmCompareSchema), ...errorResponses },
      },
    },
    async request => {
      const { from, to } = request.query;
      const result = compareRevisions(
        helmRelease(fastify, request.params.namespace, request.params.name),
        from,
        to,
      );
      if (!result) throw new HttpError(404, `revision ${from} or ${to} is not in the release's history`);
      return result;
    },
  );
};

export default helm;
