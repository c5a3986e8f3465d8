/**
 * Who is calling: a bearer token, a session cookie, a header set by a trusted authenticating proxy, or
 * nobody asked (local default). Pure over the request's headers and the configuration; the guard
 * (http/auth.ts) decides what to do with the answer.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { ServerConfig } from '../config/flags.js';
import type { AuthKind } from './refusal.js';
import { SESSION_COOKIE, type Session, type SessionStore } from './sessions.js';

export interface Principal {
  /** The OIDC or proxy user name, 'token' for a token holder, 'local' without auth. */
  user: string;
  /** The identity provider's groups (OIDC); empty otherwise. */
  groups: string[];
  via: 'local' | 'bearer' | 'cookie' | 'proxy' | 'oidc';
}

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
  }
}

export type Credentials =
  | { principal: Principal; session?: { cookie: string; session: Session } }
  | {
      reason: string;
      auth: AuthKind;
      /** A wrong bearer token was presented: a guess, counted by the rate limiter. */
      wrongToken: boolean;
    };

const digest = (value: string): Buffer => createHash('sha256').update(value).digest();

/** Constant-time comparison (hashing first makes the lengths equal and hides the token's length). */
export function sameSecret(presented: string, expected: string): boolean {
  return timingSafeEqual(digest(presented), digest(expected));
}

export function firstHeader(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

export function cookieValue(request: FastifyRequest, name: string): string | undefined {
  for (const part of (firstHeader(request, 'cookie') ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

export interface IdentifyContext {
  config: ServerConfig;
  sessions: SessionStore;
  /** With --trusted-proxies: is this connection from one of them? (Without the flag, any connection.) */
  fromTrustedProxy: (address: string | undefined) => boolean;
}

export function identify(request: FastifyRequest, ctx: IdentifyContext): Credentials {
  const { config, sessions } = ctx;
  let principal: Principal = { user: 'local', groups: [], via: 'local' };
  if (config.trustedProxyHeader) {
    // The proxy header counts only when it can have come from the proxy.
    const user = ctx.fromTrustedProxy(request.socket.remoteAddress)
      ? firstHeader(request, config.trustedProxyHeader)?.trim()
      : undefined;
    if (!user)
      return {
        reason: `no ${config.trustedProxyHeader} header from a trusted proxy: sign in through the authenticating proxy`,
        auth: 'proxy',
        wrongToken: false,
      };
    principal = { user: user.slice(0, 256), groups: [], via: 'proxy' };
  }
  if (config.oidc) {
    // The OIDC session names the user (behind a proxy too: both are then required).
    const cookie = cookieValue(request, SESSION_COOKIE);
    const session = cookie !== undefined ? sessions.verify(cookie) : undefined;
    if (!cookie || !session)
      return {
        reason:
          cookie !== undefined
            ? 'session expired or signed out: sign in again'
            : 'sign in with the identity provider',
        auth: 'oidc',
        wrongToken: false,
      };
    return {
      principal: { user: session.user, groups: session.groups, via: 'oidc' },
      session: { cookie, session },
    };
  }
  const token = config.authToken;
  if (token) {
    const bearer = firstHeader(request, 'authorization')?.match(/^Bearer\s+(\S+)\s*$/i)?.[1];
    const cookie = cookieValue(request, SESSION_COOKIE);
    let via: Principal['via'] | undefined;
    if (bearer !== undefined && sameSecret(bearer, token)) via = 'bearer';
    else if (cookie !== undefined && sessions.verify(cookie)) via = 'cookie';
    if (!via)
      return {
        reason:
          bearer !== undefined
            ? 'invalid token'
            : cookie !== undefined
              ? 'session expired or signed out: sign in again'
              : 'a token is required: Authorization: Bearer <token>, or sign in',
        auth: 'token',
        wrongToken: bearer !== undefined,
      };
    if (principal.via === 'local') principal = { user: 'token', groups: [], via };
  }
  return { principal };
}
