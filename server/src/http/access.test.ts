/**
 * No request form reaches the API's data, the stream or an action without credentials. Every target below
 * is sent as is on a raw socket (fetch would normalise it): percent-encoded letters, %2F, double slashes,
 * `/./`, `..`, absolute-form request lines, mixed case, `;` parameters. Each form is also sent with
 * credentials: the forms the router maps to a route must then reach it (so the test can fail), and without
 * them must get 401. Token (bearer), cookie (login) and proxy-header modes, against the demo cluster with
 * actions on; at the end the objects the unauthenticated actions aimed at are read back unchanged.
 */
import { type DemoCluster, startDemoCluster } from '@fluxscope/demo-cluster';
import { KubeConfig, KubernetesObjectApi } from '@kubernetes/client-node';
import type { ClusterObject } from '@fluxscope/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { stopWithin } from '../kube/demo.js';
import {
  type RunningServer,
  startServer,
  tempDir,
  testConfig,
  waitFor,
  writeTemp,
} from '../test-support/harness.js';
import { type RawResponse, rawRequest } from '../test-support/raw-http.js';

const TOKEN = 'route-access-test-token-0123456789abcdef';
const KS = 'kustomize.toolkit.fluxcd.io';
const APP_MARKER = 'id="root"';

/** Every spelling of one /api path that an attacker might try. `p` starts with "/api/". */
export function forms(p: string): string[] {
  const rest = p.slice('/api/'.length);
  return [
    p,
    `/%61pi/${rest}`,
    `/%61%70%69/${rest}`,
    `/api/${rest.replace(/^v1/, '%76%31')}`,
    `/api%2F${rest}`,
    `/api/${rest.replace(/\//g, '%2F')}`,
    `//api/${rest}`,
    `/api//${rest}`,
    `/./api/${rest}`,
    `/api/./${rest}`,
    `/api/%2e/${rest}`,
    `/x/../api/${rest}`,
    `/api/v1/../${rest}`,
    `/api/%2e%2e/api/${rest}`,
    `http://anything/api/${rest}`,
    `http://anything/%61pi/${rest}`,
    `HTTP://ANYTHING:1/api/${rest}`,
    `/API/${rest}`,
    `/Api/${rest.toUpperCase()}`,
    `/api;x=1/${rest}`,
    `/api/${rest};jsessionid=1`,
    `/api/${rest}/`,
    `/api/${rest}?x=/healthz`,
    `/api/${rest}#/healthz`,
  ];
}

/** Served data or a performed action: a 2xx that is not the web app's index.html. */
const reachedData = (res: RawResponse) =>
  res.status >= 200 && res.status < 300 && !res.body.includes(APP_MARKER);

interface Probe {
  method: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

const ACTION_HEADERS = { 'x-fluxscope-action': '1', 'content-type': 'application/json' };
/** The demo's kubeconfig context: the cluster's name in `/api/v1/c/{cluster}/...`. */
const CLUSTER = 'fluxscope-demo';
const action = (verb: string, name: string, prefix = '/api/v1'): Probe => ({
  method: 'POST',
  path: `${prefix}/actions/${verb}/${KS}/Kustomization/flux-system/${name}`,
  headers: ACTION_HEADERS,
  body: '{}',
});

/** Unauthenticated probes aim at real objects; authenticated ones at a missing one (404 = the handler ran). */
function probes(name: string): Probe[] {
  return [
    { method: 'GET', path: '/api/v1/snapshot' },
    { method: 'GET', path: '/api/v1/status' },
    { method: 'GET', path: '/api/v1/me' },
    { method: 'GET', path: '/api/v1/stream' },
    { method: 'GET', path: `/api/v1/objects/${KS}/Kustomization/flux-system/controlplane` },
    { method: 'GET', path: '/api/v1/openapi.json' },
    action('reconcile', name),
    action('suspend', name),
    action('resume', name),
    {
      method: 'POST',
      path: '/api/v1/demo/restart',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    },
    // The same per-cluster routes under the cluster segment, and the fleet routes.
    { method: 'GET', path: `/api/v1/c/${CLUSTER}/snapshot` },
    { method: 'GET', path: `/api/v1/c/${CLUSTER}/me` },
    { method: 'GET', path: `/api/v1/c/${CLUSTER}/stream` },
    { method: 'GET', path: `/api/v1/c/${CLUSTER}/objects/${KS}/Kustomization/flux-system/controlplane` },
    action('suspend', name, `/api/v1/c/${CLUSTER}`),
    {
      method: 'POST',
      path: `/api/v1/c/${CLUSTER}/demo/restart`,
      headers: { 'content-type': 'application/json' },
      body: '{}',
    },
    { method: 'GET', path: '/api/v1/fleet' },
    { method: 'GET', path: '/api/v1/fleet/failing' },
    { method: 'GET', path: '/api/v1/fleet/search?q=flux-system' },
  ];
}

describe('authorisation is decided on the matched route, for every request form', () => {
  let demo: DemoCluster;
  let objects: KubernetesObjectApi;
  let tokenServer: RunningServer;
  let proxyServer: RunningServer;
  let cookie: string;
  const before = new Map<string, ClusterObject>();

  const read = async (name: string) =>
    (await objects.read({
      apiVersion: `${KS}/v1`,
      kind: 'Kustomization',
      metadata: { name, namespace: 'flux-system' },
    })) as unknown as ClusterObject;

  beforeAll(async () => {
    demo = await startDemoCluster({ scenario: 'steady', periodic: false, speed: 10 });
    const kubeconfig = writeTemp('kubeconfig', demo.kubeconfig);
    const kc = new KubeConfig();
    kc.loadFromString(demo.kubeconfig);
    objects = KubernetesObjectApi.makeApiClient(kc);
    // A web app too, so forms the router does not map to an API route fall to the open static route.
    const staticDir = tempDir();
    fs.writeFileSync(path.join(staticDir, 'index.html'), `<!doctype html><div ${APP_MARKER}></div>`);
    [tokenServer, proxyServer] = await Promise.all([
      startServer(testConfig({ kubeconfig, enableActions: true, authToken: TOKEN, staticDir })),
      startServer(testConfig({ kubeconfig, enableActions: true, trustedProxyHeader: 'x-forwarded-user' })),
    ]);
    for (const s of [tokenServer, proxyServer])
      await waitFor(async () => (await s.get('/readyz')).status === 200, 20_000, 'ready');
    const login = await tokenServer.get('/api/v1/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: TOKEN }),
    });
    expect(login.status).toBe(204);
    cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
    for (const name of ['controlplane', 'infrastructure']) before.set(name, await read(name));
  }, 60_000);

  afterAll(async () => {
    await Promise.all([tokenServer?.close(), proxyServer?.close()]);
    if (demo) await stopWithin(demo, 1000);
  });

  const modes = (): { mode: string; server: RunningServer; credentials: Record<string, string> }[] => [
    { mode: 'token', server: tokenServer, credentials: { authorization: `Bearer ${TOKEN}` } },
    { mode: 'cookie', server: tokenServer, credentials: { cookie } },
    { mode: 'proxy header', server: proxyServer, credentials: { 'x-forwarded-user': 'alice' } },
  ];

  it('every form of every route is refused without credentials, and reaches the route with them', async () => {
    let reachedWithCredentials = 0;
    let reachedCluster = 0;
    for (const { mode, server, credentials } of modes()) {
      for (const [i, probe] of probes('controlplane').entries()) {
        const authed = probes('no-such-object')[i]!;
        for (const target of forms(probe.path)) {
          const what = `${mode}: ${probe.method} ${target}`;
          const anonymous = await rawRequest(server.url, {
            method: probe.method,
            target,
            headers: probe.headers ?? {},
            ...(probe.body !== undefined ? { body: probe.body } : {}),
          });
          expect(reachedData(anonymous), `${what} without credentials: ${anonymous.status}`).toBe(false);
          if (probe.path.endsWith('/demo/restart')) continue;
          const withCredentials = await rawRequest(server.url, {
            method: probe.method,
            target: forms(authed.path)[forms(probe.path).indexOf(target)]!,
            headers: { ...(authed.headers ?? {}), ...credentials },
            ...(authed.body !== undefined ? { body: authed.body } : {}),
          });
          // The router mapped this form to the route (the handler answered): then without credentials it is a 401.
          const routed =
            reachedData(withCredentials) ||
            (probe.method === 'POST' &&
              withCredentials.status === 404 &&
              /not found/.test(withCredentials.body));
          if (routed) {
            reachedWithCredentials++;
            if (/\/api\/v1\/(c\/|fleet)/.test(probe.path) && target === probe.path) reachedCluster++;
            expect(anonymous.status, `${what} without credentials`).toBe(401);
          }
        }
      }
    }
    // The known bypasses (percent-encoded letters, absolute form, double slash, dot segments) do route.
    expect(reachedWithCredentials).toBeGreaterThan(3 * 8 * 3);
    // ... and so do the cluster-segment and fleet routes (each probe at least its plain form, every mode).
    expect(reachedCluster).toBeGreaterThanOrEqual(3 * 7);
  }, 120_000);

  it('the forms that once bypassed the guard reach the route with credentials and get 401 without', async () => {
    for (const target of [
      '/%61pi/v1/snapshot',
      'http://anything/api/v1/status',
      '/%61pi/v1/stream',
      `/%61pi/v1/c/${CLUSTER}/snapshot`,
      `http://anything/api/v1/c/${CLUSTER}/status`,
      '/%61pi/v1/fleet',
    ]) {
      const anonymous = await rawRequest(tokenServer.url, { target });
      expect(anonymous.status, target).toBe(401);
      const authed = await rawRequest(tokenServer.url, {
        target,
        headers: { authorization: `Bearer ${TOKEN}` },
      });
      expect(authed.status, target).toBe(200);
    }
    const suspend = action('suspend', 'controlplane');
    for (const server of [tokenServer, proxyServer]) {
      const res = await rawRequest(server.url, {
        method: 'POST',
        target: `/%61pi/v1/actions/suspend/${KS}/Kustomization/flux-system/controlplane`,
        headers: { ...suspend.headers, origin: 'https://evil.example' },
        body: '{}',
      });
      expect([401, 403]).toContain(res.status);
    }
  });

  it('the objects the unauthenticated actions aimed at are unchanged', async () => {
    for (const [name, was] of before) {
      const now = await read(name);
      expect(now.spec?.['suspend'], name).toBe(was.spec?.['suspend']);
      expect(now.metadata.annotations ?? {}, name).toEqual(was.metadata.annotations ?? {});
      expect(now.metadata.resourceVersion, name).toBe(was.metadata.resourceVersion);
    }
  });

  it('probes, metrics and the web app stay open in every mode', async () => {
    for (const { server } of modes()) {
      for (const target of ['/healthz', '/readyz', '/metrics']) {
        expect((await rawRequest(server.url, { target })).status, target).toBe(200);
      }
    }
    const app = await rawRequest(tokenServer.url, { target: '/tree/Kustomization/flux-system/controlplane' });
    expect(app.status).toBe(200);
    expect(app.body).toContain(APP_MARKER);
  });
});
