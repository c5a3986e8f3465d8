/**
 * Who may use the API. Local default (127.0.0.1): nobody is asked. With a token (FLUXSCOPE_AUTH_TOKEN or
 * --auth-token-file) every /api request carries `Authorization: Bearer <token>` or the session cookie that
 * POST /api/v1/login sets (EventSource cannot send headers, so the browser logs in once). With a trusted
 * proxy header, requests without it are refused and the user is its value. With both, both are required.
 * /healthz, /readyz and the web app itself stay open (probes; the app shows the login prompt).
 *
 * Unsafe methods on /api are refused when they come from another site (Origin / Sec-Fetch-Site), so a
 * session cookie can never be ridden by a cross-site form.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ServerConfig } from '../config/flags.js';
import { SESSION, routeAccess } from './access.js';

export interface Principal {
  /** The proxy's user name, 'token' for a token holder, 'local' without auth. */
  user: string;
  via: 'local' | 'bearer' | 'cookie' | 'proxy';
}

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
  }
}

export const SESSION_COOKIE = 'fluxscope_session';
const SESSION_SECONDS = 12 * 60 * 60;
const LOGIN_PATH = '/api/v1/login';
const LOGOUT_PATH = '/api/v1/logout';

const digest = (value: string): Buffer => createHash('sha256').update(value).digest();

/** Constant-time comparison (hashing first makes the lengths equal and hides the token's length). */
export function sameSecret(presented: string, expected: string): boolean {
  return timingSafeEqual(digest(presented), digest(expected));
}

function sessionMac(token: string, expires: number): string {
  return createHmac('sha256', digest(`fluxscope-session:${token}`))
    .update(`v1.${expires}`)
    .digest('base64url');
}

/** A stateless session value: valid until `expires`, and only while the token stays the same. */
export function issueSession(token: string, nowMs = Date.now()): string {
  const expires = Math.floor(nowMs / 1000) + SESSION_SECONDS;
  return `v1.${expires}.${sessionMac(token, expires)}`;
}

export function verifySession(value: string, token: string, nowMs = Date.now()): boolean {
  const match = /^v1\.(\d{1,12})\.([A-Za-z0-9_-]{43})$/.exec(value);
  if (!match) return false;
  const expires = Number(match[1]);
  if (expires * 1000 <= nowMs) return false;
  return sameSecret(match[2]!, sessionMac(token, expires));
}

function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

function firstHeader(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Why this request looks cross-site, or undefined when it is same-origin (or says nothing, like curl). */
export function crossSiteReason(request: FastifyRequest): string | undefined {
  const site = firstHeader(request, 'sec-fetch-site');
  if (site !== undefined && site !== 'same-origin') return `cross-site request (Sec-Fetch-Site: ${site})`;
  const origin = firstHeader(request, 'origin');
  if (origin === undefined) return undefined;
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    return `cross-site request (Origin: ${origin})`;
  }
  const hosts = [firstHeader(request, 'host'), firstHeader(request, 'x-forwarded-host')];
  return hosts.includes(originHost) ? undefined : `cross-site request (Origin: ${origin})`;
}

function secureCookie(request: FastifyRequest): boolean {
  return request.protocol === 'https' || firstHeader(request, 'x-forwarded-proto') === 'https';
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function refuse(reply: FastifyReply, code: 401 | 403, message: string, auth?: 'token' | 'proxy') {
  if (code === 401) reply.header('www-authenticate', 'Bearer realm="fluxscope"');
  return reply.code(code).send({
    statusCode: code,
    error: code === 401 ? 'Unauthorized' : 'Forbidden',
    message,
    ...(auth ? { auth } : {}),
  });
}

/** Checks one request; undefined when it is authenticated (principal set), else a 401 reason. */
function authenticate(
  request: FastifyRequest,
  config: ServerConfig,
): { principal: Principal } | { reason: string; auth: 'token' | 'proxy' } {
  let principal: Principal = { user: 'local', via: 'local' };
  if (config.trustedProxyHeader) {
    const user = firstHeader(request, config.trustedProxyHeader)?.trim();
    if (!user)
      return {
        reason: `no ${config.trustedProxyHeader} header: sign in through the authenticating proxy`,
        auth: 'proxy',
      };
    principal = { user: user.slice(0, 256), via: 'proxy' };
  }
  const token = config.authToken;
  if (token) {
    const authorization = firstHeader(request, 'authorization');
    const bearer = authorization?.match(/^Bearer\s+(\S+)\s*$/i)?.[1];
    const cookie = cookieValue(firstHeader(request, 'cookie'), SESSION_COOKIE);
    let via: Principal['via'] | undefined;
    if (bearer !== undefined && sameSecret(bearer, token)) via = 'bearer';
    else if (cookie !== undefined && verifySession(cookie, token)) via = 'cookie';
    if (!via)
      return {
        reason:
          bearer !== undefined || cookie !== undefined
            ? 'invalid token or expired session'
            : 'a token is required: Authorization: Bearer <token>, or sign in',
        auth: 'token',
      };
    if (principal.via === 'local') principal = { user: 'token', via };
  }
  return { principal };
}

export function installAuth(fastify: FastifyInstance, config: ServerConfig): void {
  // Decided on the matched route (http/access.ts), never on request.url: see the note there.
  fastify.addHook('onRequest', async (request, reply) => {
    const access = routeAccess(request);
    if (access === 'open') return;
    if (UNSAFE.has(request.method)) {
      const crossSite = crossSiteReason(request);
      if (crossSite) return refuse(reply, 403, crossSite);
    }
    if (access === 'session') return;
    const result = authenticate(request, config);
    if ('reason' in result) return refuse(reply, 401, result.reason, result.auth);
    request.principal = result.principal;
  });

  fastify.post<{ Body: { token?: unknown } }>(
    LOGIN_PATH,
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
      if (!token) return refuse(reply, 403, 'no token is configured: nothing to sign in to');
      const presented = typeof request.body.token === 'string' ? request.body.token.trim() : '';
      if (!sameSecret(presented, token)) {
        request.log.warn({ ip: request.ip }, 'login with a wrong token');
        return refuse(reply, 401, 'wrong token', 'token');
      }
      const attributes = [
        `${SESSION_COOKIE}=${issueSession(token)}`,
        'Path=/',
        'HttpOnly',
        'SameSite=Strict',
        `Max-Age=${SESSION_SECONDS}`,
        ...(secureCookie(request) ? ['Secure'] : []),
      ];
      return reply.header('set-cookie', attributes.join('; ')).code(204).send();
    },
  );

  fastify.post(
    LOGOUT_PATH,
    { config: SESSION, schema: { tags: ['auth'], summary: 'Clear the session cookie' } },
    async (_request, reply) =>
      reply
        .header('set-cookie', `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0`)
        .code(204)
        .send(),
  );
}
