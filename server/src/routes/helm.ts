/**
 * HelmRelease views: the release history from `status.history` (JSON or `?format=text`), two revisions
 * compared (from the cache), and the values helm-controller would compose, for which the ConfigMaps named
 * in `valuesFrom` are read live (ConfigMaps are cached without their data). Secrets are never read.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { ApiException } from '@kubernetes/client-node';
import {
  compareRevisions,
  configMapsToRead,
  helmHistory,
  helmReleaseState,
  helmValues,
  listEvents,
  renderHelmHistoryText,
  renderHelmValuesText,
  type ClusterObject,
  type ConfigMapLookup,
} from '@fluxscope/shared';
import {
  HelmCompareSchema,
  HelmHistorySchema,
  HelmReleaseStateSchema,
  HelmValuesSchema,
} from '@fluxscope/shared/wire';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { answer, sendAnswer } from '../http/answer.js';
import { HttpError, notFound } from '../http/errors.js';
import { statusMessage } from '../kube/raw-api.js';
import { FormatQuery, Name, NamespaceParam, errorResponses, inline, jsonOrText } from '../schemas/common.js';

const HR_GROUP = 'helm.toolkit.fluxcd.io';
const Params = Type.Object({ namespace: NamespaceParam, name: Name });

export function helmRelease(
  fastify: FastifyInstance,
  request: FastifyRequest,
  namespace: string,
  name: string,
): ClusterObject {
  const obj = fastify.users
    .view(request)
    .index.get({ group: HR_GROUP, kind: 'HelmRelease', namespace, name });
  if (!obj) throw notFound(`HelmRelease/${namespace}/${name} is not in the cache`);
  return obj;
}

/** GETs one ConfigMap (only `data` is used, as helm-controller does); a 404 is "not found", not a failure. */
async function readConfigMap(
  fastify: FastifyInstance,
  request: FastifyRequest,
  namespace: string,
  name: string,
): Promise<ConfigMapLookup> {
  // As the user with --impersonate: they see the values only if they may read those ConfigMaps.
  const api = fastify.users.kube(request)?.api;
  if (!api) return { state: 'error', message: 'not connected to a cluster' };
  try {
    const cm = await api.getJson<{ data?: Record<string, string> }>(
      `/api/v1/namespaces/${encodeURIComponent(namespace)}/configmaps/${encodeURIComponent(name)}`,
    );
    return { state: 'found', data: cm.data ?? {} };
  } catch (err) {
    if (err instanceof ApiException) {
      const message = statusMessage(err.body, err.code);
      if (err.code === 404) return { state: 'not-found', message };
      return { state: 'error', message: `reading ConfigMap ${namespace}/${name}: ${message}` };
    }
    return {
      state: 'error',
      message: `reading ConfigMap ${namespace}/${name}: ${err instanceof Error ? err.message : String(err)}`,
    };
  }
}

const helm: FastifyPluginAsyncTypebox = async fastify => {
  fastify.get(
    '/api/v1/helm/:namespace/:name/values',
    {
      schema: {
        tags: ['helm'],
        summary:
          'The values helm-controller would pass (valuesFrom in order, then spec.values), each with its source; Secrets not read',
        params: Params,
        querystring: FormatQuery,
        response: { 200: jsonOrText(inline(HelmValuesSchema)), ...errorResponses },
      },
    },
    async (request, reply) => {
      const { namespace, name } = request.params;
      const hr = helmRelease(fastify, request, namespace, name);
      const names = configMapsToRead(hr);
      const lookups = new Map<string, ConfigMapLookup>(
        await Promise.all(
          names.map(async n => [n, await readConfigMap(fastify, request, namespace, n)] as const),
        ),
      );
      const values = helmValues(hr, lookups);
      return sendAnswer(reply, answer(request.query.format, values, renderHelmValuesText));
    },
  );

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
      const history = helmHistory(
        helmRelease(fastify, request, request.params.namespace, request.params.name),
      );
      return sendAnswer(reply, answer(request.query.format, history, renderHelmHistoryText));
    },
  );

  fastify.get(
    '/api/v1/helm/:namespace/:name/state',
    {
      schema: {
        tags: ['helm'],
        summary:
          'Drift detection, tests, remediation (failures, retries left) and the release conditions in plain words',
        params: Params,
        response: { 200: inline(HelmReleaseStateSchema), ...errorResponses },
      },
    },
    async request => {
      const { namespace, name } = request.params;
      const hr = helmRelease(fastify, request, namespace, name);
      return helmReleaseState(
        hr,
        listEvents(fastify.users.view(request).index, { kind: 'HelmRelease', namespace, name }),
      );
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
        helmRelease(fastify, request, request.params.namespace, request.params.name),
        from,
        to,
      );
      if (!result) throw new HttpError(404, `revision ${from} or ${to} is not in the release's history`);
      return result;
    },
  );
};

export default helm;
