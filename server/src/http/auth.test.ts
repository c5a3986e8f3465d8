/**
 * Auth over real HTTP: a token (bearer or login cookie, API and SSE), a trusted proxy header, both, and
 * open probes; server-side sessions revoked on sign-out; failed sign-ins rate-limited per address.
 * No cluster is needed: a misconfigured kubeconfig still serves the API.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer, testConfig } from '../test-support/harness.js';
import { rawRequest } from '../test-support/raw-http.js';
import { openSse } from '../test-support/sse.js';
import { FailureLimiter } from './rate-limit.js';
import { SESSION_COOKIE, SessionStore } from './sessions.js';

const TOKEN = 'auth-test-token-3f9a0c1e5b7d2a4c6e8f0a1b';
const noCluster = { kubeconfig: '/nonexistent/kubeconfig' };

async function login(server: RunningServer, token: string, headers: Record<string, string> = {}) {
  return server.get('/api/v1/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ token }),
  });
}

describe('sessions', () => {
  it('are random ids held by the server: they expire, and revoking one ends it', () => {
    let now = 1_000_000;
    const store = new SessionStore(60_000, 3, () => now);
    const a = store.issue('token');
    expect(a).toMatch(/^s1\.[A-Za-z0-9_-]{43}$/);
    expect(store.verify(a)).toMatchObject({ user: 'token' });
    expect(store.verify(a.replace(/.$/, c => (c === 'A' ? 'B' : 'A')))).toBeUndefined();
    expect(store.revoke(a)).toBe(true);
    expect(store.verify(a)).toBeUndefined();
    const b = store.issue('token');
    now += 60_000;
    expect(store.verify(b)).toBeUndefined();
  });

  it('are bounded: the oldest go first', () => {
    const store = new SessionStore(60_000, 2);
    const [a, b, c] = [store.issue('u'), store.issue('u'), store.issue('u')];
    expect(store.size).toBe(2);
    expect(store.verify(a)).toBeUndefined();
    expect(store.verify(b)).toBeDefined();
    expect(store.verify(c)).toBeDefined();
  });
});

describe('failure limiter', () => {
  it('blocks an address past the limit until its window ends, and says so once', () => {
    let now = 0;
    const limiter = new FailureLimiter({ limit: 3, windowMs: 10_000 }, 100, () => now);
    expect(['first', 'counted', 'counted', 'blocked-now', 'blocked'].map(() => limiter.fail('a'))).toEqual([
      'first',
      'counted',
      'counted',
      'blocked-now',
      'blocked',
    ]);
    expect(limiter.retryAfterSeconds('a')).toBe(10);
    expect(limiter.retryAfterSeconds('b')).toBe(0);
    now = 9_500;
    expect(limiter.retryAfterSeconds('a')).toBe(1);
    now = 10_000;
    expect(limiter.retryAfterSeconds('a')).toBe(0);
    expect(limiter.fail('a')).toBe('first');
  });
});

describe('token auth', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer(testConfig({ ...noCluster, authToken: TOKEN }));
  });
  afterAll(() => server?.close());

  it('refuses API and SSE without the token, with the security headers on the 401', async () => {
    for (const path of ['/api/v1/status', '/api/v1/snapshot', '/api/v1/openapi.json']) {
      const res = await server.get(path);
      expect(res.status, path).toBe(401);
      expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      expect(res.headers.get('www-authenticate')).toContain('Bearer');
      expect(await res.json()).toMatchObject({ statusCode: 401, auth: 'token' });
    }
    const sse = await openSse(`${server.url}/api/v1/stream`);
    expect(sse.status).toBe(401);
    sse.close();
    expect((await server.get('/api/v1/status', { headers: { authorization: 'Bearer wrong' } })).status).toBe(
      401,
    );
  });

  it('probes stay open', async () => {
    expect((await server.get('/healthz')).status).toBe(200);
    expect([200, 503]).toContain((await server.get('/readyz')).status);
  });

  it('accepts the bearer token, API and SSE', async () => {
    const auth = { authorization: `Bearer ${TOKEN}` };
    expect((await server.get('/api/v1/status', { headers: auth })).status).toBe(200);
    const sse = await openSse(`${server.url}/api/v1/stream`, auth);
    expect(sse.status).toBe(200);
    sse.close();
  });

  it('login: a wrong token is 401; the right one sets an HttpOnly SameSite=Strict cookie that works for API and SSE', async () => {
    expect((await login(server, 'nope')).status).toBe(401);
    const res = await login(server, TOKEN);
    expect(res.status).toBe(204);
    const setCookie = res.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(new RegExp(`^${SESSION_COOKIE}=s1\\.`));
    expect(setCookie).toContain('HttpOnly');
    expect(setCookie).toContain('SameSite=Strict');
    expect(setCookie).not.toContain('Secure');
    const cookie = setCookie.split(';')[0]!;
    expect((await server.get('/api/v1/status', { headers: { cookie } })).status).toBe(200);
    const sse = await openSse(`${server.url}/api/v1/stream`, { cookie });
    expect(sse.status).toBe(200);
    sse.close();
    expect(
      (await server.get('/api/v1/status', { headers: { cookie: `${SESSION_COOKIE}=s1.${'A'.repeat(43)}` } }))
        .status,
    ).toBe(401);
  });

  it('logout revokes the session on the server: the same cookie replayed afterwards is 401', async () => {
    const cookie = ((await login(server, TOKEN)).headers.get('set-cookie') ?? '').split(';')[0]!;
    expect((await server.get('/api/v1/status', { headers: { cookie } })).status).toBe(200);
    const out = await server.get('/api/v1/logout', { method: 'POST', headers: { cookie } });
    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie')).toContain('Max-Age=0');
    const replay = await server.get('/api/v1/status', { headers: { cookie } });
    expect(replay.status).toBe(401);
    expect(await replay.json()).toMatchObject({ message: expect.stringContaining('signed out') });
    const sse = await openSse(`${server.url}/api/v1/stream`, { cookie });
    expect(sse.status).toBe(401);
    sse.close();
  });

  it('login from another site is refused', async () => {
    expect((await login(server, TOKEN, { origin: 'https://evil.example' })).status).toBe(403);
    expect((await login(server, TOKEN, { 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    // Same host, other scheme or port: another origin.
    const host = new URL(server.url).host;
    expect((await login(server, TOKEN, { origin: `https://${host}` })).status).toBe(403);
    expect((await login(server, TOKEN, { origin: `http://${host.replace(/:\d+$/, ':1')}` })).status).toBe(
      403,
    );
    expect((await login(server, TOKEN, { origin: server.url })).status).toBe(204);
  });
});

describe('failed sign-ins and wrong bearer tokens are rate-limited per address', () => {
  let server: RunningServer;
  const lines: string[] = [];
  beforeAll(async () => {
    server = await startServer(testConfig({ ...noCluster, authToken: TOKEN }), {
      failureLimits: { limit: 5, windowMs: 3_000 },
      logStream: { write: line => void lines.push(line) },
    });
  });
  afterAll(() => server?.close());

  it('429 with Retry-After past the limit (the right token too), logged once per burst, then allowed again', async () => {
    const bearer = (token: string) =>
      server.get('/api/v1/status', { headers: { authorization: `Bearer ${token}` } });
    for (let i = 0; i < 3; i++) expect((await bearer(`wrong-${i}`)).status).toBe(401);
    for (let i = 0; i < 3; i++) expect((await login(server, `wrong-${i}`)).status).toBe(401);
    const limited = await bearer(TOKEN);
    expect(limited.status).toBe(429);
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(3);
    expect((await login(server, TOKEN)).status).toBe(429);
    for (let i = 0; i < 20; i++) expect((await bearer('wrong-again')).status).toBe(429);
    // Probes are never limited.
    expect((await server.get('/healthz')).status).toBe(200);
    const failureLines = lines.filter(l => /wrong|too many failed/.test(l));
    expect(failureLines).toHaveLength(2);
    expect(failureLines[0]).toContain('wrong bearer token from 127.0.0.1');
    expect(failureLines[1]).toContain('too many failed sign-ins from 127.0.0.1');
    await new Promise(resolve => setTimeout(resolve, retryAfter * 1000 + 100));
    expect((await bearer(TOKEN)).status).toBe(200);
  });
});

describe('trusted proxy header', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer(testConfig({ ...noCluster, trustedProxyHeader: 'x-forwarded-user' }));
  });
  afterAll(() => server?.close());

  it('requests without the header get 401; with it they pass', async () => {
    const res = await server.get('/api/v1/status');
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ auth: 'proxy' });
    expect((await server.get('/api/v1/status', { headers: { 'x-forwarded-user': 'alice' } })).status).toBe(
      200,
    );
    expect((await server.get('/healthz')).status).toBe(200);
  });

  it('passes a proxied action request on to the route (actions off: 403, not 401)', async () => {
    const res = await server.get('/api/v1/actions/reconcile/kustomize.toolkit.fluxcd.io/Kustomization/a/b', {
      method: 'POST',
      headers: { 'x-forwarded-user': 'alice', 'x-fluxscope-action': '1', 'content-type': 'application/json' },
      body: '{}',
    });
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ message: expect.stringContaining('--enable-actions') });
  });
});

describe('trusted proxies (--trusted-proxies)', () => {
  let trusted: RunningServer;
  let untrusted: RunningServer;
  beforeAll(async () => {
    [trusted, untrusted] = await Promise.all([
      startServer(
        testConfig({
          ...noCluster,
          authToken: TOKEN,
          trustedProxyHeader: 'x-forwarded-user',
          trustedProxies: ['127.0.0.1'],
        }),
      ),
      startServer(
        testConfig({
          ...noCluster,
          authToken: TOKEN,
          trustedProxyHeader: 'x-forwarded-user',
          trustedProxies: ['10.9.8.7/32'],
        }),
      ),
    ]);
  });
  afterAll(() => Promise.all([trusted?.close(), untrusted?.close()]));

  const bearer = { authorization: `Bearer ${TOKEN}`, 'x-forwarded-user': 'alice' };

  it('the user header counts only from a trusted proxy', async () => {
    expect((await trusted.get('/api/v1/status', { headers: bearer })).status).toBe(200);
    const res = await untrusted.get('/api/v1/status', { headers: bearer });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ auth: 'proxy' });
  });

  it('X-Forwarded-Proto https from a trusted proxy: HSTS and a Secure cookie; from anyone else: neither', async () => {
    const forwarded = { 'x-forwarded-proto': 'https', 'x-forwarded-user': 'alice' };
    const viaProxy = await login(trusted, TOKEN, forwarded);
    expect(viaProxy.status).toBe(204);
    expect(viaProxy.headers.get('set-cookie')).toContain('; Secure');
    expect(viaProxy.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
    expect(
      (await trusted.get('/healthz', { headers: forwarded })).headers.get('strict-transport-security'),
    ).toBeTruthy();
    const direct = await login(untrusted, TOKEN, forwarded);
    expect(direct.status).toBe(204);
    expect(direct.headers.get('set-cookie')).not.toContain('Secure');
    expect(direct.headers.get('strict-transport-security')).toBeNull();
  });

  it('X-Forwarded-Host and -Proto from a trusted proxy make its origin the expected one', async () => {
    const headers = {
      'x-forwarded-proto': 'https',
      'x-forwarded-host': 'dash.example.com',
      origin: 'https://dash.example.com',
    };
    const viaProxy = await trusted.get('/api/v1/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ token: TOKEN }),
    });
    // dash.example.com is not an allowed host on this server: refused as a foreign name, not as cross-site.
    expect(viaProxy.status).toBe(400);
    // From an untrusted address the forwarded headers are ignored: the origin is cross-site.
    const direct = await login(untrusted, TOKEN, headers);
    expect(direct.status).toBe(403);
    expect(await direct.json()).toMatchObject({ message: expect.stringContaining('cross-site') });
  });
});

describe("DNS rebinding: only this server's own names are answered", () => {
  let local: RunningServer;
  let named: RunningServer;
  beforeAll(async () => {
    [local, named] = await Promise.all([
      startServer(testConfig({ ...noCluster, enableActions: true })),
      startServer(testConfig({ ...noCluster, allowedHosts: ['dash.example.com', '*.corp.example'] })),
    ]);
  });
  afterAll(() => Promise.all([local?.close(), named?.close()]));

  it('a foreign Host is a clear 400 for reads, the stream and actions; probes answer any Host', async () => {
    for (const [method, target] of [
      ['GET', '/api/v1/status'],
      ['GET', '/api/v1/snapshot'],
      ['GET', '/api/v1/stream'],
      ['POST', '/api/v1/actions/suspend/kustomize.toolkit.fluxcd.io/Kustomization/flux-system/apps'],
      ['POST', '/api/v1/login'],
    ] as const) {
      const res = await rawRequest(local.url, {
        method,
        target,
        headers: {
          host: 'attacker.example:8080',
          'x-fluxscope-action': '1',
          'content-type': 'application/json',
        },
        ...(method === 'POST' ? { body: '{}' } : {}),
      });
      expect(res.status, target).toBe(400);
      expect(JSON.parse(res.body)).toMatchObject({ message: expect.stringContaining('--allowed-hosts') });
    }
    expect(
      (await rawRequest(local.url, { target: '/healthz', headers: { host: 'attacker.example' } })).status,
    ).toBe(200);
  });

  it('the bind address, localhost and --allowed-hosts names are answered', async () => {
    const port = new URL(local.url).port;
    for (const host of [
      `127.0.0.1:${port}`,
      `localhost:${port}`,
      'LOCALHOST',
      `[::1]:${port}`,
      'app.localhost',
    ])
      expect(
        (await rawRequest(local.url, { target: '/api/v1/status', headers: { host } })).status,
        host,
      ).toBe(200);
    for (const host of ['dash.example.com', 'dash.example.com.:443', 'a.corp.example'])
      expect(
        (await rawRequest(named.url, { target: '/api/v1/status', headers: { host } })).status,
        host,
      ).toBe(200);
    for (const host of ['example.com', 'corp.example', 'dash.example.com.evil', '10.0.0.1'])
      expect(
        (await rawRequest(named.url, { target: '/api/v1/status', headers: { host } })).status,
        host,
      ).toBe(400);
  });
});

describe('token and proxy header together', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer(
      testConfig({ ...noCluster, authToken: TOKEN, trustedProxyHeader: 'x-forwarded-user' }),
    );
  });
  afterAll(() => server?.close());

  it('need both', async () => {
    const bearer = { authorization: `Bearer ${TOKEN}` };
    expect((await server.get('/api/v1/status', { headers: bearer })).status).toBe(401);
    expect((await server.get('/api/v1/status', { headers: { 'x-forwarded-user': 'bob' } })).status).toBe(401);
    expect(
      (await server.get('/api/v1/status', { headers: { ...bearer, 'x-forwarded-user': 'bob' } })).status,
    ).toBe(200);
  });
});

describe('no auth (local default)', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer(testConfig(noCluster));
  });
  afterAll(() => server?.close());

  it('serves the API without credentials', async () => {
    expect((await server.get('/api/v1/status')).status).toBe(200);
  });
});
