/** Objects: `flux get all -A` as tables, and one object with its status, conditions, summary and YAML. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { GET_ALL_ORDER, fluxKindByName, getAll, getKind, renderGetAllText } from '@fluxscope/shared';
import { GetAllTableSchema, ObjectDetailSchema } from '@fluxscope/shared/wire';
import { answer, sendAnswer } from '../http/answer.js';
import { badRequest, notFound } from '../http/errors.js';
import {
  FormatQuery,
  NamespaceQuery,
  RefParams,
  errorResponses,
  inline,
  jsonOrText,
  refFromParams,
} from '../schemas/common.js';
import { objectDetail } from './object-detail.js';

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
            namespace: NamespaceQuery,
            kind: Type.Optional(
              Type.String({
                maxLength: 63,
                description: 'flux get <kind>: one Flux kind (e.g. Kustomization), names without the kind',
              }),
            ),
          }),
        ]),
        response: { 200: jsonOrText(Type.Array(GetAllTableSchema)), ...errorResponses },
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
        ? getKind(fastify.users.view(request).index, info.kind, scope)
        : getAll(fastify.users.view(request).index, scope);
      return sendAnswer(
        reply,
        answer(format, tables, t =>
          renderGetAllText(t, { allNamespaces: !namespace, single: info !== undefined }),
        ),
      );
    },
  );

  fastify.get(
    '/api/v1/objects/:group/:kind/:namespace/:name',
    {
      schema: {
        tags: ['objects'],
        summary:
          'One object (`core` = core group, `_` = cluster-scoped): status or health, conditions, spec summary, YAML',
        params: RefParams,
        response: { 200: inline(ObjectDetailSchema), ...errorResponses },
      },
    },
    async request => {
      const ref = refFromParams(request.params);
      const obj = fastify.users.view(request).index.get(ref);
      if (!obj)
        throw notFound(
          `${ref.kind}/${ref.namespace ? `${ref.namespace}/` : ''}${ref.name} (${ref.group || 'core'}) is not in the cache`,
        );
      return objectDetail(ref, obj);
    },
  );
};

export default objects;
