/**
 * The guard in front of every route, decided on the route the router matched (http/access.ts):
 *
 * 1. Host: every route but the probes answers only to this server's own names (DNS rebinding, origin.ts).
 * 2. Unsafe methods must be same-origin (CSRF, origin.ts), sign-in included.
 * 3. An address that failed too often is refused for a while (429, rate-limit.ts).
 * 4. `authenticated` routes need credentials (credentials.ts): a bearer token or the session cookie
 *    POST /api/v1/login sets (EventSource cannot send headers), and/or a trusted proxy's user header, or
 *    the session an OIDC sign-in set (oidc/), whose provider tokens are renewed before they expire.
 *
 * Refusals carry the security headers (installed before this hook) and are JSON like every other error.
 */
import type { FastifyInstance } from 'fastify';
import type { ServerConfig } from '../config/flags.js';
import { routeAccess } from './access.js';
import { type Principal, identify } from './credentials.js';
import { installLogin } from './login.js';
import { crossSiteReason, hostRefusal } from './origin.js';
import { proxyMatcher } from './proxies.js';
import { FailureLimiter, type FailureLimits } from './rate-limit.js';
import { countFailure, refuse } from './refusal.js';
import { SessionStore } from './sessions.js';
import { OidcProvider } from './oidc/provider.js';
import { OIDC_LOGIN_PATH, installOidcRoutes } from './oidc/routes.js';
import { SessionRenewal } from './oidc/session-renewal.js';

export type { Principal };

export interface AuthOptions {
  /** Failed sign-ins / wrong tokens allowed per address per window (tests shorten it). */
  failureLimits?: FailureLimits;
}

export interface AuthState {
  sessions: SessionStore;
  failures: FailureLimiter;
  /** The OIDC relying party (--oidc-issuer). */
  oidc?: OidcProvider;
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function installAuth(
  fastify: FastifyInstance,
  config: ServerConfig,
  options: AuthOptions = {},
): AuthState {
  const state: AuthState = {
    sessions: new SessionStore(),
    failures: new FailureLimiter(options.failureLimits),
    ...(config.oidc ? { oidc: new OidcProvider(config.oidc) } : {}),
  };
  const renewal = state.oidc ? new SessionRenewal(state.oidc, state.sessions) : undefined;
  const hosts = { bindHost: config.host, allowedHosts: config.allowedHosts };
  const fromTrustedProxy = config.trustedProxies ? proxyMatcher(config.trustedProxies) : () => true;

  fastify.addHook('onRequest', async (request, reply) => {
    const access = routeAccess(request);
    if (access === 'probe') return;
    const wrongHost = hostRefusal(request, hosts);
    if (wrongHost) return refuse(request, reply, 400, wrongHost);
    if (access === 'open') return;
    if (UNSAFE.has(request.method)) {
      const crossSite = crossSiteReason(request);
      if (crossSite) return refuse(request, reply, 403, crossSite);
    }
    const retryAfter = state.failures.retryAfterSeconds(request.ip);
    if (retryAfter > 0)
      return refuse(
        request,
        reply,
        429,
        `too many failed sign-ins from this address: retry in ${retryAfter} s`,
        {
          retryAfter,
        },
      );
    if (access === 'session') return;
    const result = identify(request, { config, sessions: state.sessions, fromTrustedProxy });
    if ('reason' in result) {
      if (result.wrongToken) countFailure(request, state.failures, 'wrong bearer token');
      return refuse(request, reply, 401, result.reason, {
        auth: result.auth,
        ...(config.oidc ? { login: OIDC_LOGIN_PATH, autoLogin: config.oidc.autoLogin } : {}),
      });
    }
    if (renewal && result.session) {
      // The provider's tokens are renewed shortly before they expire; a renewal the provider refuses (the
      // user was disabled, the session revoked there) ends this session too.
      const ended = await renewal.renewIfDue(result.session.cookie, result.session.session);
      if (ended)
        return refuse(request, reply, 401, ended, {
          auth: 'oidc',
          login: OIDC_LOGIN_PATH,
          autoLogin: false,
        });
    }
    request.principal = result.principal;
  });

  installLogin(fastify, config, state);
  if (state.oidc) installOidcRoutes(fastify, state.oidc, state);
  return state;
}
