/**
 * Sign-in sessions held by the server. The cookie carries only a random id (256 bits); the server keeps
 * its hash, the user and the expiry. Sign-out deletes the entry, so a copied cookie replayed afterwards
 * is refused (a signed, stateless cookie would stay valid until it expired). A restart signs everybody out.
 */
import { createHash, randomBytes } from 'node:crypto';

export const SESSION_COOKIE = 'fluxscope_session';
export const SESSION_SECONDS = 12 * 60 * 60;

/** What an OIDC sign-in keeps server-side: never sent to the browser. */
export interface OidcTokens {
  /** For the provider's end-session (id_token_hint). */
  idToken: string;
  refreshToken?: string;
  /** When the provider's tokens expire; refreshed shortly before (http/oidc/session-refresh.ts). */
  tokensExpireMs: number;
}

export interface Session {
  user: string;
  /** The identity provider's groups (OIDC sign-ins; empty for a token sign-in). */
  groups: string[];
  expiresMs: number;
  oidc?: OidcTokens;
}

const VALUE = /^s1\.([A-Za-z0-9_-]{43})$/;
// Keyed by the id's hash: the map holds nothing a memory dump could replay, and lookups leak no timing.
const keyOf = (id: string) => createHash('sha256').update(id).digest('base64url');

export class SessionStore {
  private readonly sessions = new Map<string, Session>();

  constructor(
    private readonly ttlMs = SESSION_SECONDS * 1000,
    /** Oldest sessions are dropped beyond this many, so sign-ins cannot grow memory without bound. */
    private readonly max = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  issue(user: string, extra: { groups?: string[]; oidc?: OidcTokens } = {}): string {
    this.prune();
    const id = randomBytes(32).toString('base64url');
    this.sessions.set(keyOf(id), {
      user,
      groups: extra.groups ?? [],
      expiresMs: this.now() + this.ttlMs,
      ...(extra.oidc ? { oidc: extra.oidc } : {}),
    });
    while (this.sessions.size > this.max) {
      const oldest = this.sessions.keys().next().value;
      if (oldest === undefined) break;
      this.sessions.delete(oldest);
    }
    return `s1.${id}`;
  }

  verify(value: string): Session | undefined {
    const id = VALUE.exec(value)?.[1];
    if (!id) return undefined;
    const key = keyOf(id);
    const session = this.sessions.get(key);
    if (!session) return undefined;
    if (session.expiresMs <= this.now()) {
      this.sessions.delete(key);
      return undefined;
    }
    return session;
  }

  /** Ends the session; true when there was one. */
  revoke(value: string): boolean {
    const id = VALUE.exec(value)?.[1];
    return id ? this.sessions.delete(keyOf(id)) : false;
  }

  get size(): number {
    return this.sessions.size;
  }

  private prune(): void {
    const now = this.now();
    for (const [key, session] of this.sessions) if (session.expiresMs <= now) this.sessions.delete(key);
  }
}
