/**
 * POST /api/v1/login trades the token for a session cookie (HttpOnly, SameSite=Strict; Secure when the
 * request came over HTTPS, directly or from a trusted proxy); POST /api/v1/logout ends the session on the
 * server, so the cookie is worthless afterwards even if it was copied. Both are `session` routes: no
 * credentials needed, same-origin and rate-limited by the guard (auth.ts).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ServerConfig } from '../config/flags.js';
import { SESSION } from './access.js';
import type { AuthState } from './auth.js';
import { countFailure, refuse } from './refusal.js';
import { cookieValue, sameSecret } from './credentials.js';
import { SESSION_COOKIE, SESSION_SECONDS } from './sessions.js';
import { LogoutResponseSchema } from '@fluxscope/shared/wire';

export const sessionCookie = (request: FastifyRequest, value: string, maxAge: number) =>
  [
    `${SESSION_COOKIE}=${value}`,
    'Path=/',
    'HttpOnly',
    'SameSite=Strict',
    `Max-Age=${maxAge}`,
    ...(request.protocol === 'https' ? ['Secure'] : []),
  ].join('; ');

export function installLogin(fastify: FastifyInstance, config: ServerConfig, state: AuthState): void {
  fastify.post<{ Body: { token?: unknown } }>(
    '/api/v1/login',
    {
      config: SESSION,
      schema: {
        tags: ['auth'],
        summary:
          'Exchange the token for an HttpOnly session cookie (for EventSource, which cannot send headers)',
        body: {
          type: 'object',
          properties: { token: { type: 'string', maxLength: 4096 } },
          required: ['token'],
        },
      },
    },
    async (request, reply) => {
      const token = config.authToken;
      if (!token)
        return refuse(
          request,
          reply,
          403,
          config.oidc
            ? 'this server signs in with its identity provider, not a token'
            : 'no token is configured: nothing to sign in to',
        );
      const presented = typeof request.body.token === 'string' ? request.body.token.trim() : '';
      if (!sameSecret(presented, token)) {
        countFailure(request, state.failures, 'sign-in with a wrong token');
        return refuse(request, reply, 401, 'wrong token', { auth: 'token' });
      }
      const session = state.sessions.issue('token');
      return reply
        .header('set-cookie', sessionCookie(request, session, SESSION_SECONDS))
        .code(204)
        .send();
    },
  );

  fastify.post(
    '/api/v1/logout',
    {
      config: SESSION,
      schema: {
        tags: ['auth'],
        summary:
          "End the session (server-side) and clear its cookie; an OIDC session answers the provider's end-session URL",
        response: { 200: LogoutResponseSchema, 204: { type: 'null' } },
      },
    },
    async (request, reply) => {
      const value = cookieValue(request, SESSION_COOKIE);
      const session = value !== undefined ? state.sessions.verify(value) : undefined;
      if (value !== undefined) state.sessions.revoke(value);
      reply.header('set-cookie', sessionCookie(request, '', 0));
      // An OIDC session also ends at the provider when it offers end-session: the browser goes there next.
      const endSessionUrl =
        session?.oidc && state.oidc ? await state.oidc.endSessionUrl(session.oidc.idToken) : undefined;
      if (endSessionUrl) return reply.code(200).send({ endSessionUrl });
      return reply.code(204).send();
    },
  );
}
