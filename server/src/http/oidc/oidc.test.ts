/**
 * OIDC sign-in over real HTTP: the server against an OpenID Connect provider on 127.0.0.1 (test-support),
 * the browser's part played by fetch with a cookie jar. Each bad input must be refused with a clear message
 * and leave nothing granted (no session cookie, /api/v1/me still 401).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { TestOidcProvider } from '../../test-support/oidc-provider.js';
import { type RunningServer, startServer, testConfig } from '../../test-support/harness.js';

const REDIRECT = 'https://fluxscope.example.com/api/v1/auth/oidc/callback';

let provider: TestOidcProvider;
let server: RunningServer;

beforeAll(async () => {
  provider = await new TestOidcProvider().start();
  server = await startServer(
    testConfig({
      oidc: {
        issuer: provider.url,
        clientId: provider.clientId,
        clientSecret: provider.clientSecret,
        redirectUrl: REDIRECT,
        postLogoutRedirectUrl: 'https://fluxscope.example.com/',
        scopes: ['openid', 'email', 'offline_access'],
        usernameClaim: 'email',
        groupsClaim: 'groups',
        autoLogin: false,
      },
      allowedHosts: ['fluxscope.example.com'],
    }),
    { failureLimits: { limit: 1000, windowMs: 60_000 } },
  );
});
afterAll(async () => {
  await server.close();
  await provider.stop();
});
afterEach(() => {
  provider.misbehave = undefined;
  provider.accessTokenSeconds = 3600;
});

/** The cookies a response sets, name=value (attributes dropped). */
const cookiesOf = (res: Response) =>
  res.headers
    .getSetCookie()
    .map(c => c.split(';')[0]!)
    .filter(c => !c.endsWith('='));

/** The browser's side: start at the server, through the provider, to the callback (not yet called). */
async function toCallback(returnTo = '/objects'): Promise<{ flowCookie: string; callback: URL }> {
  const start = await server.get(`/api/v1/auth/oidc/login?return=${encodeURIComponent(returnTo)}`, {
    redirect: 'manual',
  });
  expect(start.status).toBe(302);
  const authorize = new URL(start.headers.get('location')!);
  expect(authorize.origin).toBe(provider.url);
  expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
  expect(authorize.searchParams.get('nonce')).toBeTruthy();
  const flowCookie = cookiesOf(start).find(c => c.startsWith('fluxscope_oidc_flow='))!;
  expect(start.headers.getSetCookie()[0]).toMatch(/HttpOnly; SameSite=Lax/);
  const atProvider = await fetch(authorize, { redirect: 'manual' });
  expect(atProvider.status).toBe(302);
  const callback = new URL(atProvider.headers.get('location')!);
  expect(callback.origin + callback.pathname).toBe(REDIRECT);
  return { flowCookie, callback };
}

/** Calls the callback on the server (the proxy in front would map the external URL to it). */
const callServer = (callback: URL, cookie: string) =>
  server.get(`/api/v1/auth/oidc/callback${callback.search}`, { headers: { cookie }, redirect: 'manual' });

async function signIn(): Promise<string> {
  const { flowCookie, callback } = await toCallback();
  const res = await callServer(callback, flowCookie);
  expect(res.status, await res.clone().text()).toBe(303);
  return cookiesOf(res).find(c => c.startsWith('fluxscope_session='))!;
}

const me = (cookie: string) => server.get('/api/v1/me', { headers: { cookie } });

async function expectRefused(res: Response, status: number, reason: RegExp): Promise<void> {
  expect(res.status).toBe(status);
  const body = await res.text();
  expect(body).toMatch(reason);
  expect(body).toMatch(/Nothing was granted/);
  expect(cookiesOf(res).some(c => c.startsWith('fluxscope_session='))).toBe(false);
}

describe('OIDC sign-in', () => {
  it('signs in with code + PKCE: the session names the user and groups from the ID token', async () => {
    provider.user = { sub: 'alice', email: 'alice@example.com', groups: ['team-a', 'everyone'] };
    const { flowCookie, callback } = await toCallback('/objects?kind=Kustomization');
    const res = await callServer(callback, flowCookie);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/objects?kind=Kustomization');
    const setCookies = res.headers.getSetCookie();
    expect(setCookies.find(c => c.startsWith('fluxscope_session='))).toMatch(/HttpOnly; SameSite=Strict/);
    const session = cookiesOf(res).find(c => c.startsWith('fluxscope_session='))!;
    const who = await me(session);
    expect(who.status).toBe(200);
    expect(await who.json()).toMatchObject({
      user: 'alice@example.com',
      groups: ['team-a', 'everyone'],
      via: 'oidc',
      canSignOut: true,
    });
    // Without the cookie: 401 that tells the web app where to sign in.
    const anonymous = await server.get('/api/v1/snapshot');
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toMatchObject({
      auth: 'oidc',
      login: '/api/v1/auth/oidc/login',
      autoLogin: false,
    });
  });

  it('refuses a redirect target that is not a path here', async () => {
    for (const target of ['//evil.example/x', 'https://evil.example/', '/\\evil.example']) {
      const { flowCookie, callback } = await toCallback(target);
      const res = await callServer(callback, flowCookie);
      expect(res.headers.get('location')).toBe('/');
    }
  });

  it('an ID token signed by another key (forged) is refused', async () => {
    provider.misbehave = 'forged-signature';
    const { flowCookie, callback } = await toCallback();
    await expectRefused(await callServer(callback, flowCookie), 401, /sign-in refused: .*signature/i);
  });

  it('an expired ID token is refused', async () => {
    provider.misbehave = 'expired';
    const { flowCookie, callback } = await toCallback();
    await expectRefused(
      await callServer(callback, flowCookie),
      401,
      /sign-in refused: .*&quot;exp&quot; \(expiration time\)/,
    );
  });

  it('an ID token for another client (audience) is refused', async () => {
    provider.misbehave = 'wrong-audience';
    const { flowCookie, callback } = await toCallback();
    await expectRefused(
      await callServer(callback, flowCookie),
      401,
      /sign-in refused: .*&quot;aud&quot; \(audience\)/,
    );
  });

  it('a wrong nonce is refused', async () => {
    provider.misbehave = 'wrong-nonce';
    const { flowCookie, callback } = await toCallback();
    await expectRefused(await callServer(callback, flowCookie), 401, /sign-in refused: .*nonce/i);
  });

  it('a wrong state is refused, and the flow cannot be retried with the right one', async () => {
    const { flowCookie, callback } = await toCallback();
    const forged = new URL(callback);
    forged.searchParams.set('state', 'attacker-state');
    await expectRefused(await callServer(forged, flowCookie), 401, /sign-in refused: .*state/i);
    await expectRefused(await callServer(callback, flowCookie), 400, /unknown, already used or expired/);
  });

  it('a callback without the flow cookie (another browser: login CSRF) is refused', async () => {
    const { callback } = await toCallback();
    await expectRefused(await callServer(callback, ''), 400, /must finish in the browser that started it/);
  });

  it('a replayed code is refused: the same callback again, or the code with a new flow', async () => {
    const { flowCookie, callback } = await toCallback();
    expect((await callServer(callback, flowCookie)).status).toBe(303);
    await expectRefused(await callServer(callback, flowCookie), 400, /already used/);
    // A fresh flow (its own state and verifier) carrying the old code: state, and at the provider PKCE and
    // the one-time code, refuse it.
    const second = await toCallback();
    const replay = new URL(second.callback);
    replay.searchParams.set('code', callback.searchParams.get('code')!);
    await expectRefused(await callServer(replay, second.flowCookie), 401, /sign-in refused/);
  });

  it('the provider refusing the sign-in (error=access_denied) is shown as such', async () => {
    const { flowCookie, callback } = await toCallback();
    const denied = new URL(REDIRECT);
    denied.searchParams.set('error', 'access_denied');
    denied.searchParams.set('error_description', 'the user said no');
    denied.searchParams.set('state', callback.searchParams.get('state')!);
    await expectRefused(
      await callServer(denied, flowCookie),
      401,
      /refused the sign-in: access_denied \(the user said no\)/,
    );
  });

  it('renews the tokens before they expire; a renewal the provider refuses ends the session', async () => {
    provider.accessTokenSeconds = 30; // inside the renewal margin: every request renews
    const session = await signIn();
    const before = provider.requests.length;
    expect((await me(session)).status).toBe(200);
    expect(provider.requests.slice(before)).toContain('POST /token');
    provider.refreshTokens.clear(); // revoked at the provider
    const ended = await me(session);
    expect(ended.status).toBe(401);
    expect(await ended.json()).toMatchObject({
      auth: 'oidc',
      message: expect.stringMatching(/your session ended/),
    });
    expect((await me(session)).status).toBe(401);
  });

  it("sign-out ends the server session and answers the provider's end-session URL", async () => {
    const session = await signIn();
    const res = await server.get('/api/v1/logout', {
      method: 'POST',
      headers: { cookie: session, origin: server.url, 'sec-fetch-site': 'same-origin' },
    });
    expect(res.status).toBe(200);
    const end = new URL(((await res.json()) as { endSessionUrl: string }).endSessionUrl);
    expect(end.origin + end.pathname).toBe(`${provider.url}/end-session`);
    expect(end.searchParams.get('id_token_hint')).toBeTruthy();
    expect(end.searchParams.get('post_logout_redirect_uri')).toBe('https://fluxscope.example.com/');
    expect((await me(session)).status).toBe(401);
  });
});

describe('OIDC with the provider down', () => {
  it('sign-in answers 503 saying the provider cannot be reached; nothing is granted', async () => {
    const down = await new TestOidcProvider().start();
    const issuer = down.url;
    await down.stop();
    const app = await startServer(
      testConfig({
        oidc: {
          issuer,
          clientId: 'fluxscope',
          redirectUrl: REDIRECT,
          postLogoutRedirectUrl: 'https://fluxscope.example.com/',
          scopes: ['openid'],
          usernameClaim: 'email',
          groupsClaim: 'groups',
          autoLogin: false,
        },
      }),
    );
    try {
      const res = await app.get('/api/v1/auth/oidc/login', { redirect: 'manual' });
      expect(res.status).toBe(503);
      expect(await res.text()).toMatch(/identity provider .* cannot be reached/);
      expect(res.headers.getSetCookie().some(c => c.startsWith('fluxscope_session=s1'))).toBe(false);
      expect((await app.get('/api/v1/snapshot')).status).toBe(401);
    } finally {
      await app.close();
    }
  });
});
