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

const cookie = (request: FastifyRequest, value: string, maxAge: number) =>
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
      if (!token) return refuse(request, reply, 403, 'no token is configured: nothing to sign in to');
      const presented = typeof request.body.token === 'string' ? request.body.token.trim() : '';
      if (!sameSecret(presented, token)) {
        countFailure(request, state.failures, 'sign-in with a wrong token');
        return refuse(request, reply, 401, 'wrong token', { auth: 'token' });
      }
      const session = state.sessions.issue('token');
      return reply
        .header('set-cookie', cookie(request, session, SESSION_SECONDS))
        .code(204)
        .send();
    },
  );

  fastify.post(
    '/api/v1/logout',
    {
      config: SESSION,
      schema: { tags: ['auth'], summary: 'End the session (server-side) and clear its cookie' },
    },
    async (request, reply) => {
      const value = cookieValue(request, SESSION_COOKIE);
      if (value !== undefined) state.sessions.revoke(value);
      return reply
        .header('set-cookie', cookie(request, '', 0))
        .code(204)
        .send();
    },
  );
}
