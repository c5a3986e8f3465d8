/**
 * Keeps an OIDC session's provider tokens fresh: a request within a minute of their expiry renews them with
 * the refresh token first (one renewal per session at a time; concurrent requests wait for it). Without a
 * refresh token, or when the provider refuses the renewal, the session ends: the provider no longer vouches
 * for the user, so neither do we. A provider that is only unreachable keeps the session until the tokens
 * have actually expired.
 */
import { HttpError } from '../errors.js';
import type { Session, SessionStore } from '../sessions.js';
import type { OidcProvider } from './provider.js';

/** Renew this long before the tokens expire. */
export const RENEW_BEFORE_MS = 60_000;

export class SessionRenewal {
  private readonly running = new Map<Session, Promise<string | undefined>>();

  constructor(
    private readonly provider: OidcProvider,
    private readonly sessions: SessionStore,
    private readonly now: () => number = Date.now,
  ) {}

  /** Undefined when the session may go on; otherwise why it ended. */
  async renewIfDue(cookie: string, session: Session): Promise<string | undefined> {
    const oidc = session.oidc;
    if (!oidc || oidc.tokensExpireMs - this.now() > RENEW_BEFORE_MS) return undefined;
    let run = this.running.get(session);
    if (!run) {
      run = this.renew(cookie, session).finally(() => this.running.delete(session));
      this.running.set(session, run);
    }
    return run;
  }

  private async renew(cookie: string, session: Session): Promise<string | undefined> {
    const oidc = session.oidc!;
    const expired = oidc.tokensExpireMs <= this.now();
    if (!oidc.refreshToken) {
      if (!expired) return undefined;
      this.sessions.revoke(cookie);
      return 'your sign-in expired at the identity provider: sign in again';
    }
    try {
      const next = await this.provider.refresh(oidc.refreshToken, {
        user: session.user,
        groups: session.groups,
        idToken: oidc.idToken,
        refreshToken: oidc.refreshToken,
        tokensExpireMs: oidc.tokensExpireMs,
      });
      // The session object is the store's own entry: updating it renews it for every later request.
      session.groups = next.groups;
      session.oidc = {
        idToken: next.idToken,
        ...(next.refreshToken ? { refreshToken: next.refreshToken } : {}),
        tokensExpireMs: next.tokensExpireMs,
      };
      return undefined;
    } catch (err) {
      const unreachable = err instanceof HttpError && err.statusCode === 503;
      if (unreachable && !expired) return undefined;
      this.sessions.revoke(cookie);
      return `your session ended: ${err instanceof Error ? err.message : String(err)}`;
    }
  }
}
