/** Objects: `flux get all -A` as tables, and one object with its status, conditions, summary and YAML. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { notFound } from '../http/errors.js';
import { ClusterObjectSchema, getAll, renderGetAllText } from '@fluxscope/shared';
import {
  FormatQuery,
  Group,
  Kind,
  Name,
  NamespaceParam,
  errorResponses,
  jsonOrText,
  groupFromPath,
  inline,
  namespaceFromPath,
} from '../schemas/common.js';
import { FluxStatus, GetAllTable, Health, ObjRef } from '../schemas/views.js';
import { objectDetail } from './object-detail.js';

const ObjectDetailResponse = Type.Object({
  ref: ObjRef,
  apiVersion: Type.String(),
  flux: Type.Boolean(),
  fluxStatus: Type.Optional(FluxStatus),
  health: Type.Optional(Health),
  conditions: Type.Array(Type.Object({}, { additionalProperties: true })),
  summary: Type.Array(Type.Object({ label: Type.String(), value: Type.String() })),
  yaml: Type.String(),
  object: inline(ClusterObjectSchema),
});

const objects: FastifyPluginAsyncTypebox = async fastify => {
  fastify.get(
    '/api/v1/objects',
    {
      schema: {
        tags: ['objects'],
        summary: 'flux get all -A: one table per Flux kind, in the CLI order',
        querystring: Type.Composite([
          FormatQuery,
          Type.Object({
            namespace: Type.Optional(
              Type.String({ maxLength: 63, description: 'one namespace; all when absent' }),
            ),
          }),
        ]),
        response: { 200: jsonOrText(Type.Array(GetAllTable)), ...errorResponses },
      },
    },
    async (request, reply) => {
      const { namespace, format } = request.query;
      const tables = getAll(fastify.cache.index, namespace ? { namespace } : {});
      if (format === 'text') {
        return reply
          .type('text/plain; charset=utf-8')
          .send(renderGetAllText(tables, { allNamespaces: !namespace }));
      }
      return tables;
    },
  );

  fastify.get(
    '/api/v1/objects/:group/:kind/:namespace/:name',
    {
      schema: {
        tags: ['objects'],
        summary:
          'One object (`core` = core group, `_` = cluster-scoped): status or health, conditions, spec summary, YAML',
        params: Type.Object({ group: Group, kind: Kind, namespace: NamespaceParam, name: Name }),
        response: { 200: ObjectDetailResponse, ...errorResponses },
      },
    },
    async request => {
      const p = request.params;
      const ref = {
        group: groupFromPath(p.group),
        kind: p.kind,
        namespace: namespaceFromPath(p.namespace),
        name: p.name,
      };
      const obj = fastify.cache.index.get(ref);
      if (!obj)
        throw notFound(
          `${ref.kind}/${ref.namespace ? `${ref.namespace}/` : ''}${ref.name} (${ref.group || 'core'}) is not in the cache`,
        );
      return objectDetail(ref, obj);
    },
  );
};

export default objects;
