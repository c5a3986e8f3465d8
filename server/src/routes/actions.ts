/**
 * POST /api/v1/actions/{reconcile|suspend|resume}/{group}/{kind}/{namespace}/{name}: flux reconcile,
 * suspend and resume from the UI. Off unless --enable-actions (403, nothing sent to the cluster). Requests
 * must carry `X-Fluxscope-Action: 1`: a cross-site form cannot send a custom header, and a cross-site fetch
 * that tries needs a CORS preflight this server never grants (same-origin is also checked in http/auth.ts).
 * Every action is logged with who did it and how it ended.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { ActionResponse, FluxAction } from '@fluxscope/shared';
import { ActionResponseSchema, FluxActionSchema, ReconcileOptionsSchema } from '@fluxscope/shared/wire';
import { runAction } from '../actions/execute.js';
import { HttpError } from '../http/errors.js';
import { ErrorResponse, RefParams, inline, refFromParams } from '../schemas/common.js';

export const ACTION_HEADER = 'x-fluxscope-action';

const actions: FastifyPluginAsyncTypebox<{ sourceWaitMs?: number }> = async (fastify, opts) => {
  fastify.post(
    '/api/v1/actions/:action/:group/:kind/:namespace/:name',
    {
      schema: {
        tags: ['actions'],
        summary:
          'flux reconcile | suspend | resume of one Flux object (needs --enable-actions and the X-Fluxscope-Action header)',
        params: Type.Object({ action: FluxActionSchema, ...RefParams.properties }),
        body: Type.Optional(ReconcileOptionsSchema),
        response: {
          200: inline(ActionResponseSchema),
          400: ErrorResponse,
          403: ErrorResponse,
          404: ErrorResponse,
          409: ErrorResponse,
          502: ErrorResponse,
        },
      },
    },
    async request => {
      const { action, kind, name } = request.params;
      const ref = refFromParams(request.params);
      const options = request.body ?? {};
      const who = request.principal ?? { user: 'local', via: 'local' };
      const logged = {
        action,
        object: `${kind}/${ref.namespace}/${name}`,
        group: ref.group,
        user: who.user,
        via: who.via,
        ...options,
      };
      if (!fastify.config.enableActions) {
        request.log.info({ ...logged, result: 'refused: actions disabled' }, 'action refused');
        throw new HttpError(403, 'actions are disabled: start Fluxscope with --enable-actions');
      }
      if (request.headers[ACTION_HEADER] !== '1') {
        request.log.info({ ...logged, result: 'refused: no action header' }, 'action refused');
        throw new HttpError(403, `missing header X-Fluxscope-Action: 1`);
      }
      const api = fastify.k8s.api;
      if (!api) throw new HttpError(503, 'not connected to a cluster');
      if (ref.namespace === '') throw new HttpError(400, 'Flux objects are namespaced');

      const kinds = fastify.cache.kindStates();
      let result: ActionResponse;
      try {
        result = await runAction(
          {
            api,
            servedVersion: (g, k) => kinds.find(s => s.group === g && s.kind === k && s.served)?.version,
            sourceWaitMs: opts.sourceWaitMs ?? 30_000,
          },
          // Validated against FluxActionSchema; the type provider cannot read a word-list schema's type.
          action as FluxAction,
          ref,
          options,
        );
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        request.log.info({ ...logged, result: `failed: ${message}` }, 'action failed');
        throw err;
      }
      request.log.info(
        {
          ...logged,
          result: 'ok',
          resourceVersion: result.resourceVersion,
          ...(result.requestedAt ? { requestedAt: result.requestedAt } : {}),
          ...(result.source
            ? {
                source: `${result.source.object.kind}/${result.source.object.namespace}/${result.source.object.name}`,
                sourceHandled: result.source.handled,
              }
            : {}),
        },
        `${action} ${kind}/${ref.namespace}/${name} by ${who.user}`,
      );
      return result;
    },
  );
};

export default actions;
