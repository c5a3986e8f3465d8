/**
 * Who may call a route is a property of the route, declared where the route is (`config: { access }`) and
 * read from the route the router matched, never from the request's URL text: `/%61pi/...`, `//api/...`,
 * `/api/./v1/...` or an absolute-form `GET http://x/api/...` reach the same route and so the same checks.
 * A route that declares nothing needs credentials (deny by default); the open ones are listed here.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';

/**
 * - `probe`: /healthz, /readyz, /metrics: no credentials and any Host (kubelet and load balancers probe by
 *   address or by a name of their own); nothing from the cluster beyond counts.
 * - `open`: the web app's files: no credentials, but only under this server's own names (http/origin.ts).
 * - `session`: sign-in and sign-out: no credentials yet, but same-origin and rate-limited.
 * - `authenticated` (the default): everything else, the API's data, the stream and the actions.
 */
export type RouteAccess = 'probe' | 'open' | 'session' | 'authenticated';

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
  }
}

/** Route options for the routes that anybody may call. */
export const PROBE = { access: 'probe' } as const satisfies { access: RouteAccess };
export const OPEN = { access: 'open' } as const satisfies { access: RouteAccess };
export const SESSION = { access: 'session' } as const satisfies { access: RouteAccess };

/**
 * The access the matched route declared. A request no route matched is answered by the not-found handler,
 * which only ever sends the app's index.html or a 404, so it is open too.
 */
export function routeAccess(request: FastifyRequest): RouteAccess {
  if (request.is404) return 'open';
  return request.routeOptions.config.access ?? 'authenticated';
}

/**
 * Marks every route registered inside `register` as open (for plugins such as @fastify/static whose routes
 * take no config of ours). Encapsulated: the hook sees only those routes.
 */
export async function registerOpen(
  fastify: FastifyInstance,
  register: (scope: FastifyInstance) => Promise<void>,
): Promise<void> {
  await fastify.register(async scope => {
    scope.addHook('onRoute', route => {
      route.config = { ...route.config, access: 'open' };
    });
    await register(scope);
  });
}
