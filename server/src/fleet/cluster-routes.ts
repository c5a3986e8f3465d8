/**
 * Per-cluster routes, twice: as written (`/api/v1/...`, the default cluster) and under a cluster segment
 * (`/api/v1/c/{cluster}/...`). The same route plugins are registered in two encapsulated scopes; the second
 * rewrites each route's path as it is added, so every per-cluster route gets its cluster form with the same
 * schemas and the same declared access (checked on the matched route by the root onRequest hooks, which run
 * before the cluster is looked up). Each scope's own onRequest hook then sets `request.cluster`.
 */
import type { FastifyInstance, FastifyPluginAsync, FastifyPluginOptions, RouteOptions } from 'fastify';
import { HttpError, notFound } from '../http/errors.js';
import type { LocalCluster } from './backend.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The cluster a per-cluster route answers for (the default one on un-prefixed paths). */
    cluster: LocalCluster;
  }
}

const API = '/api/v1/';
export const CLUSTER_PREFIX = '/api/v1/c/:cluster/';

/** `/api/v1/objects` → `/api/v1/c/:cluster/objects`. Idempotent (Fastify adds HEAD routes from GET ones). */
export function clusterPath(url: string): string {
  return url.startsWith(API) && !url.startsWith(CLUSTER_PREFIX)
    ? CLUSTER_PREFIX + url.slice(API.length)
    : url;
}

function localOf(fastify: FastifyInstance, name: string): LocalCluster {
  const backend = fastify.clusters.get(name);
  if (!backend)
    throw notFound(
      `no cluster "${name}" (clusters: ${fastify.clusters
        .list()
        .map(b => b.name)
        .join(', ')})`,
    );
  if (!backend.local)
    throw new HttpError(501, `cluster "${name}" is reported by an agent: this server holds no cache for it`);
  return backend.local;
}

// `cluster` on every request, filled by the scopes' hooks (null only for routes outside them).
export function decorateClusterRequest(fastify: FastifyInstance): void {
  fastify.decorateRequest('cluster', null as unknown as LocalCluster);
}

type Plugin = readonly [FastifyPluginAsync<FastifyPluginOptions>, FastifyPluginOptions?];

export async function registerClusterRoutes(
  fastify: FastifyInstance,
  plugins: readonly Plugin[],
): Promise<void> {
  await fastify.register(async scope => {
    scope.addHook('onRequest', async request => {
      request.cluster = localOf(fastify, fastify.clusters.defaultCluster);
    });
    for (const [plugin, options] of plugins) await scope.register(plugin, options ?? {});
  });
  await fastify.register(async scope => {
    scope.addHook('onRoute', (route: RouteOptions) => {
      route.url = clusterPath(route.url);
    });
    scope.addHook('onRequest', async request => {
      const name = (request.params as { cluster?: unknown }).cluster;
      request.cluster = localOf(fastify, typeof name === 'string' ? name : '');
    });
    for (const [plugin, options] of plugins) await scope.register(plugin, options ?? {});
  });
}
