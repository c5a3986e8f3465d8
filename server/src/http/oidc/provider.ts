/**
 * The OpenID Connect relying party (openid-client): discovery, the authorization code flow with PKCE,
 * refresh and end-session. Discovery is lazy and retried: a provider that is down at start (or later) makes
 * sign-in answer 503 with the reason, never a crash, and the server keeps serving signed-in users.
 *
 * ID tokens are checked by openid-client (issuer, audience, expiry, nonce, state, PKCE) and, with
 * enableNonRepudiationChecks, their signature against the provider's JWKS: a token the provider did not sign
 * is refused even though it came over the token endpoint's TLS connection.
 */
import type * as client from 'openid-client';
import type { OidcConfig } from '../../config/flags.js';
import { HttpError } from '../errors.js';

let loaded: typeof client | undefined;
/** openid-client, loaded by the first discovery: a server without --oidc-issuer never loads it. */
const openid = async (): Promise<typeof client> => (loaded ??= await import('openid-client'));

/** Retry discovery at most this often after a failure (a login while the provider is down fails fast). */
const DISCOVERY_RETRY_MS = 5_000;
const REQUEST_TIMEOUT_S = 10;

/** What the login step keeps until the callback (server-side, keyed by the flow cookie). */
export interface PendingLogin {
  codeVerifier: string;
  state: string;
  nonce: string;
  /** Path to return to after sign-in. */
  returnTo: string;
}

export interface SignedIn {
  user: string;
  groups: string[];
  idToken: string;
  refreshToken?: string;
  tokensExpireMs: number;
}

const isLoopback = (url: URL) =>
  url.hostname === 'localhost' || url.hostname === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(url.hostname);

/** The most specific message: openid-client wraps oauth4webapi's precise one ('unexpected JWT "exp" ...'). */
function describe(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const cause = (err as { cause?: unknown }).cause;
  if (cause instanceof Error) {
    const code = (cause as { code?: unknown }).code;
    return typeof code === 'string' && /^E[A-Z]+$/.test(code) ? `${err.message} (${code})` : cause.message;
  }
  if (typeof cause === 'object' && cause !== null && 'error_description' in cause)
    return `${err.message}: ${String((cause as { error_description: unknown }).error_description)}`;
  return err.message;
}

/** A claim as a user name: a non-empty string without control characters (it becomes an HTTP header). */
function userFrom(claims: Record<string, unknown>, claim: string): string {
  const value = claims[claim];
  if (typeof value !== 'string' || value.trim() === '')
    throw new HttpError(401, `the ID token has no "${claim}" claim to name the user (--oidc-username-claim)`);
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(value) || value.length > 256)
    throw new HttpError(401, `the ID token's "${claim}" claim is not a usable user name`);
  return value;
}

/** Groups from a claim that is a list of strings (or one string); anything else counts as no groups. */
export function groupsFrom(claims: Record<string, unknown>, claim: string): string[] {
  const value = claims[claim];
  const list = Array.isArray(value) ? value : typeof value === 'string' ? [value] : [];
  return [
    ...new Set(
      // eslint-disable-next-line no-control-regex
      list.filter((g): g is string => typeof g === 'string' && g !== '' && !/[\u0000-\u001f\u007f]/.test(g)),
    ),
  ].slice(0, 256);
}

export class OidcProvider {
  private configuration: client.Configuration | undefined;
  private discovering: Promise<client.Configuration> | undefined;
  private lastFailure: { at: number; message: string } | undefined;

  constructor(
    readonly settings: OidcConfig,
    private readonly now: () => number = Date.now,
  ) {}

  /** The provider's configuration, discovered on first use; a 503 with the reason while it cannot be reached. */
  async config(): Promise<client.Configuration> {
    if (this.configuration) return this.configuration;
    if (this.lastFailure && this.now() - this.lastFailure.at < DISCOVERY_RETRY_MS)
      throw new HttpError(503, this.lastFailure.message);
    this.discovering ??= this.discover().finally(() => (this.discovering = undefined));
    return this.discovering;
  }

  private async discover(): Promise<client.Configuration> {
    const issuer = new URL(this.settings.issuer);
    const oidc = await openid();
    const auth = this.settings.clientSecret
      ? oidc.ClientSecretBasic(this.settings.clientSecret)
      : oidc.None();
    try {
      const configuration = await oidc.discovery(issuer, this.settings.clientId, undefined, auth, {
        timeout: REQUEST_TIMEOUT_S,
        // The flags allow plain HTTP only for a provider on this machine (config/flags.ts).
        ...(issuer.protocol === 'http:' && isLoopback(issuer)
          ? { execute: [oidc.allowInsecureRequests] }
          : {}),
      });
      oidc.enableNonRepudiationChecks(configuration);
      this.configuration = configuration;
      this.lastFailure = undefined;
      return configuration;
    } catch (err) {
      const message = `the identity provider ${this.settings.issuer} cannot be reached: ${describe(err)}`;
      this.lastFailure = { at: this.now(), message };
      throw new HttpError(503, message);
    }
  }

  /** Starts a sign-in: the provider's authorization URL and what the callback must find again. */
  async begin(returnTo: string): Promise<{ url: URL; pending: PendingLogin }> {
    const configuration = await this.config();
    const oidc = await openid();
    const codeVerifier = oidc.randomPKCECodeVerifier();
    const pending: PendingLogin = {
      codeVerifier,
      state: oidc.randomState(),
      nonce: oidc.randomNonce(),
      returnTo,
    };
    const url = oidc.buildAuthorizationUrl(configuration, {
      redirect_uri: this.settings.redirectUrl,
      scope: this.settings.scopes.join(' '),
      code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state: pending.state,
      nonce: pending.nonce,
    });
    return { url, pending };
  }

  /**
   * Finishes a sign-in from the callback's query: exchanges the code (with the PKCE verifier) and checks the
   * ID token (signature, issuer, audience, expiry, nonce) and the state. Any failure is a 401 saying why.
   */
  async finish(query: URLSearchParams, pending: PendingLogin): Promise<SignedIn> {
    const configuration = await this.config();
    const oidc = await openid();
    const providerError = query.get('error');
    if (providerError)
      throw new HttpError(
        401,
        `the identity provider refused the sign-in: ${providerError}${query.get('error_description') ? ` (${query.get('error_description')})` : ''}`,
      );
    // The callback as the provider called it: the configured redirect URL (the server may sit behind a
    // proxy and see another URL) with the query the provider added.
    const current = new URL(this.settings.redirectUrl);
    current.search = query.toString();
    let tokens: Awaited<ReturnType<typeof client.authorizationCodeGrant>>;
    try {
      tokens = await oidc.authorizationCodeGrant(configuration, current, {
        pkceCodeVerifier: pending.codeVerifier,
        expectedState: pending.state,
        expectedNonce: pending.nonce,
        idTokenExpected: true,
      });
    } catch (err) {
      throw this.refusal(err, 'sign-in refused');
    }
    return this.signedIn(tokens);
  }

  /** New tokens from the refresh token; groups follow the new ID token when the provider sends one. */
  async refresh(refreshToken: string, previous: SignedIn): Promise<SignedIn> {
    const configuration = await this.config();
    const oidc = await openid();
    let tokens: Awaited<ReturnType<typeof client.refreshTokenGrant>>;
    try {
      tokens = await oidc.refreshTokenGrant(configuration, refreshToken);
    } catch (err) {
      throw this.refusal(err, 'the session could not be renewed at the identity provider');
    }
    if (!tokens.id_token)
      return {
        ...previous,
        ...(tokens.refresh_token ? { refreshToken: tokens.refresh_token } : {}),
        tokensExpireMs: this.expiry(tokens.expiresIn(), undefined),
      };
    const next = this.signedIn(tokens);
    if (next.user !== previous.user)
      throw new HttpError(401, 'the renewed ID token names another user: sign in again');
    return { ...next, refreshToken: next.refreshToken ?? refreshToken };
  }

  /** The provider's end-session URL for this ID token, when it offers one. */
  async endSessionUrl(idToken: string): Promise<string | undefined> {
    const configuration = await this.config().catch(() => undefined);
    if (!configuration?.serverMetadata().end_session_endpoint) return undefined;
    const oidc = await openid();
    return oidc
      .buildEndSessionUrl(configuration, {
        id_token_hint: idToken,
        post_logout_redirect_uri: this.settings.postLogoutRedirectUrl,
      })
      .toString();
  }

  private signedIn(tokens: client.TokenEndpointResponse & client.TokenEndpointResponseHelpers): SignedIn {
    const claims = tokens.claims();
    if (!claims || !tokens.id_token) throw new HttpError(401, 'the identity provider sent no ID token');
    const record = claims as Record<string, unknown>;
    return {
      user: userFrom(record, this.settings.usernameClaim),
      groups: groupsFrom(record, this.settings.groupsClaim),
      idToken: tokens.id_token,
      ...(tokens.refresh_token ? { refreshToken: tokens.refresh_token } : {}),
      tokensExpireMs: this.expiry(tokens.expiresIn(), claims.exp),
    };
  }

  /** When to refresh: the access token's lifetime, else the ID token's exp, else an hour. */
  private expiry(expiresIn: number | undefined, exp: number | undefined): number {
    if (expiresIn !== undefined) return this.now() + expiresIn * 1000;
    if (exp !== undefined) return exp * 1000;
    return this.now() + 3_600_000;
  }

  private refusal(err: unknown, what: string): HttpError {
    if (err instanceof HttpError) return err;
    const message = describe(err);
    // Network failures talking to the provider are its outage, not the user's fault.
    const code = (err as { code?: unknown }).code;
    if (err instanceof TypeError || code === 'OAUTH_TIMEOUT' || /fetch failed|ECONNREFUSED/.test(message))
      return new HttpError(
        503,
        `the identity provider ${this.settings.issuer} cannot be reached: ${message}`,
      );
    return new HttpError(401, `${what}: ${message}`);
  }
}
