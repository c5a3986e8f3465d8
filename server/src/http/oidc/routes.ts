/**
 * Sign-in with the OpenID Connect provider:
 *
 * - `GET /api/v1/auth/oidc/login?return=/path` keeps a PKCE verifier, state and nonce server-side under a
 *   random flow id (an HttpOnly cookie scoped to this path, SameSite=Lax so the provider's redirect back
 *   carries it) and sends the browser to the provider.
 * - `GET /api/v1/auth/oidc/callback` takes the flow once (a replayed callback finds nothing), exchanges the
 *   code and checks the ID token (provider.ts), then issues the usual server-side session cookie (HttpOnly,
 *   SameSite=Strict) and returns to the page the sign-in started from.
 *
 * Both are `session` routes: no credentials, this server's names only, rate-limited; refusals are counted as
 * failed sign-ins. Being browser navigations, they answer with a small HTML page rather than JSON.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { SESSION } from '../access.js';
import type { AuthState } from '../auth.js';
import { cookieValue } from '../credentials.js';
import { HttpError } from '../errors.js';
import { countFailure } from '../refusal.js';
import { sessionCookie } from '../login.js';
import { SESSION_SECONDS } from '../sessions.js';
import type { OidcProvider, PendingLogin } from './provider.js';

export const OIDC_LOGIN_PATH = '/api/v1/auth/oidc/login';
export const OIDC_CALLBACK_PATH = '/api/v1/auth/oidc/callback';
const FLOW_COOKIE = 'fluxscope_oidc_flow';
const FLOW_SECONDS = 600;

const keyOf = (id: string) => createHash('sha256').update(id).digest('base64url');

/** Sign-ins under way, by the hash of their flow id; each is taken at most once, and expires. */
export class PendingLogins {
  private readonly flows = new Map<string, PendingLogin & { expiresMs: number }>();

  constructor(
    private readonly max = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  add(pending: PendingLogin): string {
    const id = randomBytes(32).toString('base64url');
    const now = this.now();
    for (const [key, flow] of this.flows) if (flow.expiresMs <= now) this.flows.delete(key);
    this.flows.set(keyOf(id), { ...pending, expiresMs: now + FLOW_SECONDS * 1000 });
    while (this.flows.size > this.max) {
      const oldest = this.flows.keys().next().value;
      if (oldest === undefined) break;
      this.flows.delete(oldest);
    }
    return id;
  }

  take(id: string): PendingLogin | undefined {
    if (!/^[A-Za-z0-9_-]{43}$/.test(id)) return undefined;
    const key = keyOf(id);
    const flow = this.flows.get(key);
    this.flows.delete(key);
    return flow && flow.expiresMs > this.now() ? flow : undefined;
  }
}

/** Only a path on this server: never `//host` or a URL, so the sign-in cannot be turned into a redirector. */
export function safeReturn(value: unknown): string {
  if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//') || value.includes('\\'))
    return '/';
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(value) || value.startsWith(OIDC_CALLBACK_PATH)) return '/';
  return value.slice(0, 2048);
}

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

function flowCookie(request: FastifyRequest, value: string, maxAge: number): string {
  return [
    `${FLOW_COOKIE}=${value}`,
    'Path=/api/v1/auth/oidc',
    'HttpOnly',
    // The provider's redirect back is a cross-site navigation: Strict would withhold the cookie there.
    'SameSite=Lax',
    `Max-Age=${maxAge}`,
    ...(request.protocol === 'https' ? ['Secure'] : []),
  ].join('; ');
}

/** A refusal as a page the browser shows: what went wrong and a link to start again. */
function refusalPage(request: FastifyRequest, reply: FastifyReply, err: unknown) {
  const code = err instanceof HttpError ? err.statusCode : 502;
  const message =
    err instanceof HttpError
      ? err.message
      : `sign-in failed: ${err instanceof Error ? err.message : String(err)}`;
  request.refusal = message;
  request.log.warn({ ip: request.ip, status: code }, `OIDC sign-in refused: ${message}`);
  return reply
    .code(code)
    .header('content-type', 'text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .header('set-cookie', flowCookie(request, '', 0))
    .send(
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sign-in refused · Fluxscope</title>` +
        `<meta name="viewport" content="width=device-width"></head><body style="font-family:system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem;line-height:1.5">` +
        `<h1 style="font-size:1.25rem">Sign-in refused</h1><p id="reason">${escapeHtml(message)}</p>` +
        `<p>Nothing was granted. <a href="${OIDC_LOGIN_PATH}">Start the sign-in again</a>.</p></body></html>`,
    );
}

export function installOidcRoutes(fastify: FastifyInstance, provider: OidcProvider, state: AuthState): void {
  const pendingLogins = new PendingLogins();

  fastify.get<{ Querystring: { return?: string } }>(
    OIDC_LOGIN_PATH,
    {
      config: SESSION,
      schema: {
        tags: ['auth'],
        summary: 'Start signing in with the OpenID Connect provider (redirects there)',
        querystring: {
          type: 'object',
          properties: { return: { type: 'string', maxLength: 2048 } },
        },
      },
    },
    async (request, reply) => {
      try {
        const { url, pending } = await provider.begin(safeReturn(request.query.return));
        const flow = pendingLogins.add(pending);
        return reply
          .header('set-cookie', flowCookie(request, flow, FLOW_SECONDS))
          .header('cache-control', 'no-store')
          .redirect(url.toString(), 302);
      } catch (err) {
        return refusalPage(request, reply, err);
      }
    },
  );

  fastify.get(
    OIDC_CALLBACK_PATH,
    {
      config: SESSION,
      schema: {
        tags: ['auth'],
        summary: "The provider's redirect back: checks the code and ID token, then sets the session cookie",
      },
    },
    async (request, reply) => {
      const query = new URLSearchParams(request.url.split('?')[1] ?? '');
      const flow = cookieValue(request, FLOW_COOKIE);
      const pending = flow === undefined ? undefined : pendingLogins.take(flow);
      if (!pending) {
        countFailure(request, state.failures, 'an unknown or finished OIDC sign-in');
        return refusalPage(
          request,
          reply,
          new HttpError(
            400,
            'this sign-in is unknown, already used or expired (it must finish in the browser that started it, within 10 minutes)',
          ),
        );
      }
      try {
        const signedIn = await provider.finish(query, pending);
        const session = state.sessions.issue(signedIn.user, {
          groups: signedIn.groups,
          oidc: {
            idToken: signedIn.idToken,
            ...(signedIn.refreshToken ? { refreshToken: signedIn.refreshToken } : {}),
            tokensExpireMs: signedIn.tokensExpireMs,
          },
        });
        request.log.info(
          { user: signedIn.user, groups: signedIn.groups, ip: request.ip },
          `signed in with OIDC: ${signedIn.user}`,
        );
        return reply
          .header('set-cookie', [
            sessionCookie(request, session, SESSION_SECONDS),
            flowCookie(request, '', 0),
          ])
          .header('cache-control', 'no-store')
          .redirect(pending.returnTo, 303);
      } catch (err) {
        if (!(err instanceof HttpError) || err.statusCode === 401)
          countFailure(request, state.failures, 'a refused OIDC sign-in');
        return refusalPage(request, reply, err);
      }
    },
  );
}
