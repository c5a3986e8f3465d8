/**
 * Auth over real HTTP: a token (bearer or login cookie, API and SSE), a trusted proxy header, both, and
 * open probes. No cluster is needed: a misconfigured kubeconfig still serves the API.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer, testConfig } from '../test-support/harness.js';
import { openSse } from '../test-support/sse.js';
import { SESSION_COOKIE, issueSession, verifySession } from './auth.js';

const TOKEN = 'tok-3f9a0c1e5b7d';
const noCluster = { kubeconfig: '/nonexistent/kubeconfig' };

async function login(server: RunningServer, token: string, headers: Record<string, string> = {}) {
  return server.get('/api/v1/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ token }),
  });
}

describe('sessions', () => {
  it('are signed with the token and expire', () => {
    const value = issueSession(TOKEN, 1_000_000);
    expect(verifySession(value, TOKEN, 1_000_000)).toBe(true);
    expect(verifySession(value, 'other-token', 1_000_000)).toBe(false);
    expect(verifySession(value, TOKEN, 1_000_000 + 13 * 3600_000)).toBe(false);
    expect(
      verifySession(
        value.replace(/.$/, c => (c === 'A' ? 'B' : 'A')),
        TOKEN,
        1_000_000,
      ),
    ).toBe(false);
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
    expect(setCookie).toMatch(new RegExp(`^${SESSION_COOKIE}=v1\\.`));
    expect(setCookie).toContain('HttpOnly');
    expect(setCookie).toContain('SameSite=Strict');
    const cookie = setCookie.split(';')[0]!;
    expect((await server.get('/api/v1/status', { headers: { cookie } })).status).toBe(200);
    const sse = await openSse(`${server.url}/api/v1/stream`, { cookie });
    expect(sse.status).toBe(200);
    sse.close();
    expect(
      (await server.get('/api/v1/status', { headers: { cookie: `${SESSION_COOKIE}=v1.9999999999.x` } }))
        .status,
    ).toBe(401);
  });

  it('login from another site is refused', async () => {
    expect((await login(server, TOKEN, { origin: 'https://evil.example' })).status).toBe(403);
    expect((await login(server, TOKEN, { 'sec-fetch-site': 'cross-site' })).status).toBe(403);
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
