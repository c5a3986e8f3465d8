/** How the guard and the sign-in route refuse: one JSON shape, and failures counted without flooding the log. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FailureLimiter } from './rate-limit.js';

/** What a 401 asks for: the web app shows the matching sign-in. */
export type AuthKind = 'token' | 'proxy' | 'oidc';

declare module 'fastify' {
  interface FastifyRequest {
    /** Why this request was refused (the audit log reads it). */
    refusal?: string;
  }
}

export function refuse(
  request: FastifyRequest,
  reply: FastifyReply,
  code: 400 | 401 | 403 | 429,
  message: string,
  extra: { auth?: AuthKind; retryAfter?: number; login?: string; autoLogin?: boolean } = {},
) {
  request.refusal = message;
  if (code === 401) reply.header('www-authenticate', 'Bearer realm="fluxscope"');
  if (extra.retryAfter !== undefined) reply.header('retry-after', String(extra.retryAfter));
  return reply.code(code).send({
    statusCode: code,
    error: { 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 429: 'Too Many Requests' }[code],
    message,
    ...(extra.auth ? { auth: extra.auth } : {}),
    ...(extra.login ? { login: extra.login, autoLogin: extra.autoLogin ?? false } : {}),
  });
}

/** Counts a failed sign-in or wrong token; logs when a burst starts and when it gets blocked, not per try. */
export function countFailure(request: FastifyRequest, failures: FailureLimiter, what: string): void {
  const outcome = failures.fail(request.ip);
  if (outcome === 'first')
    request.log.warn(
      { ip: request.ip },
      `${what} from ${request.ip} (further failures in this burst are counted)`,
    );
  else if (outcome === 'blocked-now')
    request.log.warn(
      { ip: request.ip, failures: failures.failures(request.ip) },
      `too many failed sign-ins from ${request.ip}: refusing it for ${failures.retryAfterSeconds(request.ip)} s`,
    );
}
