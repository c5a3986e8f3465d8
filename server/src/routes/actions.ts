/**
 * POST /api/v1/actions/{reconcile|suspend|resume}/{group}/{kind}/{namespace}/{name}: flux reconcile,
 * suspend and resume from the UI. Off unless --enable-actions (403, nothing sent to the cluster). Requests
 * must carry `X-Fluxscope-Action: 1`: a cross-site form cannot send a custom header, and a cross-site fetch
 * that tries needs a CORS preflight this server never grants (same-origin is also checked in http/auth.ts).
 * Every action request, done or refused, is one line of the audit trail (http/audit.ts). With --namespaces,
 * objects and withSource sources outside those namespaces are refused before any API request.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import {
  type FluxAction,
  actionScopeRefusal,
  outsideNamespaces,
  refFromPathSegments,
} from '@fluxscope/shared';
import { ActionResponseSchema, FluxActionSchema, ReconcileOptionsSchema } from '@fluxscope/shared/wire';
import { runAction } from '../actions/execute.js';
import type { LocalCluster } from '../fleet/backend.js';
import { auditHooks } from '../http/audit.js';
import { HttpError } from '../http/errors.js';
import { ErrorResponse, RefParams, inline, refFromParams } from '../schemas/common.js';

export const ACTION_HEADER = 'x-fluxscope-action';

const actions: FastifyPluginAsyncTypebox<{ sourceWaitMs?: number }> = async (fastify, opts) => {
  fastify.post(
    '/api/v1/actions/:action/:group/:kind/:namespace/:name',
    {
      // One audit line per request, refusals by the guard or validation included (http/audit.ts).
      ...auditHooks(fastify.audit, request => {
        const p = request.params as Partial<
          Record<'action' | 'group' | 'kind' | 'namespace' | 'name', string>
        >;
        // Before validation: any segment may be missing.
        const ref = refFromPathSegments({
          group: p.group ?? '',
          kind: p.kind ?? '?',
          namespace: p.namespace ?? '?',
          name: p.name ?? '?',
        });
        // With several clusters the line names the cluster too (set after the guard; else from the path).
        const cluster =
          fastify.clusters.size > 1
            ? ((request.cluster as LocalCluster | null)?.name ??
              (request.params as { cluster?: string }).cluster ??
              fastify.clusters.defaultCluster)
            : undefined;
        return {
          action: p.action ?? '?',
          target: `${cluster ? `${cluster}:` : ''}${ref.kind}/${ref.namespace}/${ref.name}`,
          group: ref.group,
        };
      }),
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
      const { action } = request.params;
      const ref = refFromParams(request.params);
      const options = request.body ?? {};
      request.auditDetail = { ...options };
      if (!fastify.config.enableActions)
        throw new HttpError(403, 'actions are disabled: start Fluxscope with --enable-actions');
      if (request.headers[ACTION_HEADER] !== '1')
        throw new HttpError(403, `missing header X-Fluxscope-Action: 1`);
      if (ref.namespace === '') throw new HttpError(400, 'Flux objects are namespaced');
      // --namespaces: the object and its withSource source stay inside, decided before any API request.
      const namespaces = fastify.config.namespaces;
      const outside = actionScopeRefusal(
        ref,
        request.cluster.cache.index.get(ref),
        !!options.withSource,
        namespaces,
      );
      if (outside) throw new HttpError(403, outside);
      // As the user with --impersonate: their RBAC decides, and a 403 is theirs.
      const api = fastify.users.kube(request)?.api;
      if (!api) throw new HttpError(503, 'not connected to a cluster');

      const kinds = request.cluster.cache.kindStates();
      const result = await runAction(
        {
          api,
          servedVersion: (g, k) => kinds.find(s => s.group === g && s.kind === k && s.served)?.version,
          sourceWaitMs: opts.sourceWaitMs ?? 30_000,
          // Again once the object is read from the API server (the cache may be behind).
          outside: target => outsideNamespaces(target, namespaces),
        },
        // Validated against FluxActionSchema; the type provider cannot read a word-list schema's type.
        action as FluxAction,
        ref,
        options,
      );
      request.auditDetail = {
        ...options,
        resourceVersion: result.resourceVersion,
        ...(result.requestedAt ? { requestedAt: result.requestedAt } : {}),
        ...(result.source
          ? {
              sourceTarget: `${result.source.object.kind}/${result.source.object.namespace}/${result.source.object.name}`,
              sourceHandled: result.source.handled,
            }
          : {}),
      };
      return result;
    },
  );
};

export default actions;
