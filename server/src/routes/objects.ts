/** Objects: `flux get all -A` as tables, and one object with its status, conditions, summary and YAML. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { badRequest, notFound } from '../http/errors.js';
import {
  ClusterObjectSchema,
  GET_ALL_ORDER,
  fluxKindByName,
  getAll,
  getKind,
  renderGetAllText,
} from '@fluxscope/shared';
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
            kind: Type.Optional(
              Type.String({
                maxLength: 63,
                description: 'flux get <kind>: one Flux kind (e.g. Kustomization), names without the kind',
              }),
            ),
          }),
        ]),
        response: { 200: jsonOrText(Type.Array(GetAllTable)), ...errorResponses },
      },
    },
    async (request, reply) => {
      const { namespace, format, kind } = request.query;
      const scope = namespace ? { namespace } : {};
      const info = kind === undefined ? undefined : fluxKindByName(kind);
      if (kind !== undefined && (!info || !(GET_ALL_ORDER as readonly string[]).includes(info.kind))) {
        throw badRequest(`unknown Flux kind ${JSON.stringify(kind)}: one of ${GET_ALL_ORDER.join(', ')}`);
      }
      const tables = info
        ? getKind(fastify.cache.index, info.kind, scope)
        : getAll(fastify.cache.index, scope);
      if (format === 'text') {
        return reply
          .type('text/plain; charset=utf-8')
          .send(renderGetAllText(tables, { allNamespaces: !namespace, single: info !== undefined }));
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
