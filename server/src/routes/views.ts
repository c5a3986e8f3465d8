/**
 * The flux CLI's views over the cache, as JSON for the UI or (`?format=text`) as the CLI prints them:
 * tree, trace, stats, events, graph, root cause. All are pure functions from shared over the ClusterIndex:
 * no API server round trips.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { buildTree, isNotFoundError, renderTreeText, type ObjRef } from '@fluxscope/shared';
import { HttpError, notFound } from '../http/errors.js';
import {
  FormatQuery,
  Kind,
  Name,
  NamespaceParam,
  errorResponses,
  namespaceFromPath,
} from '../schemas/common.js';
import { TreeNode } from '../schemas/views.js';

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
        response: { 200: TreeNode, ...errorResponses },
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
      const tree = runView(() =>
        buildTree(fastify.cache.index, root, { compact: compact === true, owned: owned === true }),
      );
      if (format === 'text') return reply.type('text/plain; charset=utf-8').send(renderTreeText(tree));
      return tree;
    },
  );
};

export default views;
