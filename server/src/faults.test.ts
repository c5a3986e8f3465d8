/**
 * Bad input, each against a real HTTPS API server (test-support's fake, sometimes behind the fault proxy):
 * the server must say what is wrong through /api/v1/status and keep serving.
 */
import net from 'node:net';
import fs from 'node:fs';
import path from 'node:path';
import type { ConnectionState, KindState } from '@fluxscope/shared';
import { afterEach, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import type { ServerConfig } from './config/flags.js';
import { CORE_RESOURCES, FLUX_RESOURCES, FakeApiServer } from './test-support/fake-apiserver.js';
import { FaultProxy } from './test-support/fault-proxy.js';
import {
  type RunningServer,
  startServer,
  tempDir,
  testConfig,
  waitFor,
  writeTemp,
} from './test-support/harness.js';

interface Status {
  connection: ConnectionState;
  kinds: KindState[];
  ready: boolean;
  watches: Array<{ kind: string; restarts: number; relists: number }>;
}

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function fakeCluster(configure: (api: FakeApiServer) => void = () => {}): Promise<FakeApiServer> {
  const api = await new FakeApiServer({ bookmarkMs: 200 }).start();
  for (const r of [...CORE_RESOURCES, ...FLUX_RESOURCES]) api.serve(r);
  configure(api);
  cleanups.push(() => api.stop());
  return api;
}

async function server(overrides: Partial<ServerConfig>): Promise<RunningServer> {
  const s = await startServer(testConfig(overrides));
  cleanups.push(() => s.close());
  return s;
}

const status = (s: RunningServer) => s.json<Status>('/api/v1/status');
const kind = (st: Status, k: string) => st.kinds.find(x => x.kind === k)!;

const ks = (name: string, extra: Record<string, unknown> = {}) => ({
  apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
  kind: 'Kustomization',
  metadata: { name, namespace: 'flux-system' },
  spec: { path: './', sourceRef: { kind: 'GitRepository', name: 'flux-system' } },
  ...extra,
});

describe('bad input never stops the server', () => {
  it('unparsable kubeconfig: misconfigured with the reason, /readyz 503, /healthz 200', async () => {
    const s = await server({ kubeconfig: writeTemp('kubeconfig', 'clusters: [ {{{ not yaml') });
    const st = await status(s);
    expect(st.connection.state).toBe('misconfigured');
    expect(st.connection.message).toMatch(/cannot read kubeconfig .*kubeconfig/);
    const ready = await s.get('/readyz');
    expect(ready.status).toBe(503);
    expect(((await ready.json()) as { reasons: string[] }).reasons[0]).toContain('misconfigured');
    expect((await s.get('/healthz')).status).toBe(200);
    expect((await s.get('/api/v1/snapshot')).status).toBe(200);
  });

  it('missing context or missing file: misconfigured, saying which', async () => {
    const api = await fakeCluster();
    const s = await server({ kubeconfig: writeTemp('kubeconfig', api.kubeconfig), context: 'nope' });
    expect((await status(s)).connection.message).toContain('context "nope" not found');
    const missing = await server({ kubeconfig: path.join(tempDir(), 'absent') });
    expect((await status(missing)).connection).toMatchObject({
      state: 'misconfigured',
      message: expect.stringContaining('does not exist'),
    });
  });

  it('KUBECONFIG list: the first file defining the context wins; wrong token: misconfigured (401)', async () => {
    const api = await fakeCluster();
    const good = writeTemp('a', api.kubeconfig);
    const bad = writeTemp('b', api.kubeconfig.replace(api.token, 'wrong-token'));
    const s = await server({ kubeconfigEnv: `${path.join(tempDir(), 'missing')}:${good}:${bad}` });
    await waitFor(async () => (await status(s)).connection.state === 'connected', 10_000, 'connected');
    const rejected = await server({ kubeconfigEnv: `${bad}:${good}` });
    await waitFor(
      async () => (await status(rejected)).connection.state === 'misconfigured',
      10_000,
      'misconfigured',
    );
    expect((await status(rejected)).connection.message).toContain('rejected the credentials (401)');
  });

  it('exec credential plugin (like aws eks get-token): its token is used; a failing plugin is misconfigured', async () => {
    const api = await fakeCluster(a => a.apply(ks('from-exec')));
    const withExec = (script: string) => {
      const doc = parse(api.kubeconfig) as { users: Array<{ user: Record<string, unknown> }> };
      doc.users[0]!.user = {
        exec: {
          apiVersion: 'client.authentication.k8s.io/v1beta1',
          command: '/bin/sh',
          args: ['-c', script],
          interactiveMode: 'Never',
        },
      };
      return writeTemp('kubeconfig', stringify(doc));
    };
    const credential = JSON.stringify({
      apiVersion: 'client.authentication.k8s.io/v1beta1',
      kind: 'ExecCredential',
      status: { token: api.token, expirationTimestamp: new Date(Date.now() + 3600_000).toISOString() },
    });
    const s = await server({ kubeconfig: withExec(`printf '%s' '${credential}'`) });
    await waitFor(async () => (await status(s)).connection.state === 'connected', 10_000, 'connected');
    await waitFor(async () => kind(await status(s), 'Kustomization').count === 1, 10_000, 'synced');

    const failing = await server({
      kubeconfig: withExec('echo "token expired, run aws sso login" >&2; exit 1'),
    });
    const st = await waitFor(
      async () => {
        const c = (await status(failing)).connection;
        return c.state !== 'connecting' && c;
      },
      10_000,
      'a verdict',
    );
    // Said as a credential problem with the plugin's own words, not as "cannot reach the API server".
    expect(st).toMatchObject({
      state: 'misconfigured',
      message: 'the credential plugin "/bin/sh" failed: token expired, run aws sso login',
    });
    expect((await failing.get('/healthz')).status).toBe(200);
  });

  it('in-cluster service account is used when there is no kubeconfig', async () => {
    const api = await fakeCluster();
    const root = tempDir();
    const dir = path.join(root, 'var/run/secrets/kubernetes.io/serviceaccount');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'token'), api.token);
    fs.writeFileSync(path.join(dir, 'ca.crt'), (await import('./test-support/tls.js')).testTls().certPem);
    fs.writeFileSync(path.join(dir, 'namespace'), 'fluxscope');
    const port = new URL(api.url).port;
    const s = await server({ inCluster: { host: '127.0.0.1', port, pathPrefix: root } });
    await waitFor(
      async () => (await status(s)).connection.state === 'connected',
      10_000,
      'connected in-cluster',
    );
    expect((await status(s)).connection.server).toBe(`https://127.0.0.1:${port}`);
  });

  it('unreachable API server (closed port): unreachable with the reason, server stays up', async () => {
    const closed = net.createServer();
    await new Promise<void>(resolve => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as net.AddressInfo).port;
    await new Promise<void>(resolve => closed.close(() => resolve()));
    const api = await fakeCluster();
    const kubeconfig = api.kubeconfig.replace(api.url, `https://127.0.0.1:${port}`);
    const s = await server({ kubeconfig: writeTemp('kubeconfig', kubeconfig) });
    await waitFor(async () => (await status(s)).connection.state === 'unreachable', 10_000, 'unreachable');
    expect((await status(s)).connection.message).toMatch(
      /cannot reach https:\/\/127\.0\.0\.1:\d+: .*ECONNREFUSED/,
    );
    expect((await s.get('/readyz')).status).toBe(503);
    expect((await s.get('/healthz')).status).toBe(200);
  });

  it('API server gone after the first sync: unreachable, still ready (the UI must show the outage), data kept', async () => {
    const api = await fakeCluster(a => a.apply(ks('one')));
    const s = await server({ kubeconfig: writeTemp('kubeconfig', api.kubeconfig) });
    await waitFor(async () => (await s.get('/readyz')).status === 200, 10_000, 'ready');
    await api.stop();
    await waitFor(async () => (await status(s)).connection.state === 'unreachable', 15_000, 'unreachable');
    const ready = await s.get('/readyz');
    expect(ready.status).toBe(200);
    expect(((await ready.json()) as { reasons: string[] }).reasons[0]).toContain('unreachable');
    expect(kind(await status(s), 'Kustomization').count).toBe(1);
  });

  it('403 on some kinds: those are forbidden, the rest syncs and the server is ready', async () => {
    const api = await fakeCluster(a => {
      a.forbid(/\/helmreleases$/);
      a.apply(ks('apps'));
    });
    const s = await server({ kubeconfig: writeTemp('kubeconfig', api.kubeconfig) });
    await waitFor(async () => (await s.get('/readyz')).status === 200, 10_000, 'ready');
    const st = await status(s);
    expect(kind(st, 'HelmRelease')).toMatchObject({ errorCode: 'forbidden', synced: false });
    expect(kind(st, 'HelmRelease').error).toContain('forbidden');
    expect(kind(st, 'Kustomization')).toMatchObject({ synced: true, count: 1 });
  });

  it('missing CRDs: not-served; a CRD installed later is picked up, one removed drops its objects', async () => {
    const api = await fakeCluster(a => a.unserve('helm.toolkit.fluxcd.io', 'HelmRelease'));
    const s = await server({ kubeconfig: writeTemp('kubeconfig', api.kubeconfig), discoveryIntervalMs: 200 });
    await waitFor(async () => (await s.get('/readyz')).status === 200, 10_000, 'ready');
    expect(kind(await status(s), 'HelmRelease')).toMatchObject({ served: false, errorCode: 'not-served' });

    api.serve(FLUX_RESOURCES.find(r => r.kind === 'HelmRelease')!);
    api.apply({
      apiVersion: 'helm.toolkit.fluxcd.io/v2',
      kind: 'HelmRelease',
      metadata: { name: 'podinfo', namespace: 'apps' },
    });
    await waitFor(
      async () => kind(await status(s), 'HelmRelease').count === 1,
      10_000,
      'HelmRelease watched',
    );

    api.unserve('helm.toolkit.fluxcd.io', 'HelmRelease');
    await waitFor(async () => !kind(await status(s), 'HelmRelease').served, 10_000, 'HelmRelease gone');
    const snapshot = await s.json<{ objects: Array<{ kind: string }> }>('/api/v1/snapshot');
    expect(snapshot.objects.some(o => o.kind === 'HelmRelease')).toBe(false);
  });

  it('no Flux CRDs at all: connected, fluxMissing', async () => {
    const api = await fakeCluster(a => {
      for (const r of FLUX_RESOURCES) a.unserve(r.group, r.kind);
    });
    const s = await server({ kubeconfig: writeTemp('kubeconfig', api.kubeconfig) });
    await waitFor(async () => (await status(s)).connection.fluxMissing === true, 10_000, 'fluxMissing');
  });

  it('objects without status and malformed inventory ids: served, tree shows what it can', async () => {
    const api = await fakeCluster(a => {
      a.apply(ks('bare'));
      a.apply(
        ks('odd', {
          status: {
            inventory: {
              entries: [{ id: 'garbage', v: 'v1' }, { id: 'ns_name_apps', v: 'v1' }, { v: 'v1' }],
            },
          },
        }),
      );
    });
    const s = await server({ kubeconfig: writeTemp('kubeconfig', api.kubeconfig) });
    await waitFor(async () => (await s.get('/readyz')).status === 200, 10_000, 'ready');
    const bare = await s.json<{ fluxStatus: { message: string } }>(
      '/api/v1/objects/kustomize.toolkit.fluxcd.io/Kustomization/flux-system/bare',
    );
    expect(bare.fluxStatus.message).toBe('waiting to be reconciled');
    const tree = await s.get('/api/v1/tree/Kustomization/flux-system/odd?format=text');
    expect(tree.status).toBe(200);
    expect(await tree.text()).toContain('Kustomization/flux-system/odd');
    expect((await s.get('/api/v1/objects?format=text')).status).toBe(200);
    expect((await s.get('/api/v1/graph')).status).toBe(200);
  });

  it('Events: every Event is kept (flux sorts them all), the newest maxEvents; Flux ones are listed', async () => {
    const event = (name: string, kind: string, at: string) => ({
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name, namespace: 'flux-system' },
      involvedObject: { kind, name: 'x', namespace: 'flux-system' },
      type: 'Normal',
      reason: 'Progressing',
      message: name,
      lastTimestamp: at,
    });
    const api = await fakeCluster(a => {
      for (let i = 0; i < 5; i++) a.apply(event(`ks-${i}`, 'Kustomization', `2026-01-01T00:00:0${i}Z`));
      a.apply(event('pod', 'Pod', '2026-01-01T00:00:09Z'));
    });
    const s = await server({ kubeconfig: writeTemp('kubeconfig', api.kubeconfig), maxEvents: 3 });
    await waitFor(async () => (await s.get('/readyz')).status === 200, 10_000, 'ready');
    // The newest three of all six are ks-3, ks-4 and the Pod's; flux events lists the Flux ones.
    const events = await s.json<Array<{ message: string }>>('/api/v1/events');
    expect(events.map(e => e.message)).toEqual(['ks-3', 'ks-4']);
    const snapshot = await s.json<{ events: Array<{ message: string }> }>('/api/v1/snapshot');
    expect(snapshot.events.map(e => e.message).sort()).toEqual(['ks-3', 'ks-4', 'pod']);
    // all=true: the Events of every kind, as object pages and the Events view's "All objects" list them.
    expect((await s.json<Array<{ message: string }>>('/api/v1/events?all=true')).map(e => e.message)).toEqual(
      ['ks-3', 'ks-4', 'pod'],
    );
    api.apply(event('ks-5', 'Kustomization', '2026-01-01T00:00:10Z'));
    await waitFor(
      async () => (await s.json<Array<{ message: string }>>('/api/v1/events')).at(-1)?.message === 'ks-5',
      5000,
      'new event',
    );
    expect((await s.json<Array<{ message: string }>>('/api/v1/events')).map(e => e.message)).toEqual([
      'ks-4',
      'ks-5',
    ]);
  });

  it('410 Gone on watch resume: relists and keeps the data right', async () => {
    const api = await fakeCluster(a => a.apply(ks('one')));
    const s = await server({ kubeconfig: writeTemp('kubeconfig', api.kubeconfig) });
    await waitFor(async () => (await s.get('/readyz')).status === 200, 10_000, 'ready');
    const relistsBefore = (await status(s)).watches.find(w => w.kind === 'Kustomization')!.relists;
    // Changes made while the watch is down, then history compacted: the resume gets 410 and must relist.
    api.compact();
    api.cutWatches();
    api.apply(ks('two'));
    api.compact();
    await waitFor(
      async () => (await status(s)).watches.find(w => w.kind === 'Kustomization')!.relists > relistsBefore,
      10_000,
      'relist',
    );
    await waitFor(async () => kind(await status(s), 'Kustomization').count === 2, 10_000, 'both objects');
  });

  it('through the fault proxy: 410 ERROR events, cut streams and a silent watch are all recovered', async () => {
    const api = await fakeCluster(a => a.apply(ks('one')));
    const proxy = await new FaultProxy(api.url).start();
    cleanups.push(() => proxy.stop());
    const isKsWatch = (r: { path: string; watch: boolean }) => r.watch && r.path.endsWith('/kustomizations');
    proxy.add({
      match: r => isKsWatch(r) && r.query.has('resourceVersion'),
      action: { gone: true },
      times: 1,
    });
    proxy.add({
      match: r => r.watch && r.path.endsWith('/gitrepositories'),
      action: { silent: true },
      times: 1,
    });
    proxy.add({
      match: r => r.watch && r.path.endsWith('/helmreleases'),
      action: { cutAfterMs: 100 },
      times: 3,
    });
    proxy.add({ match: r => r.path.endsWith('/helmrepositories'), action: { status: 403 } });
    const s = await server({
      kubeconfig: writeTemp('kubeconfig', proxy.kubeconfig(api.token)),
      watchSilenceMs: 400,
    });
    await waitFor(async () => (await s.get('/readyz')).status === 200, 10_000, 'ready');
    const watchOf = (st: Status, k: string) => st.watches.find(w => w.kind === k)!;
    await waitFor(async () => watchOf(await status(s), 'Kustomization').relists >= 2, 10_000, '410 relist');
    await waitFor(
      async () => watchOf(await status(s), 'GitRepository').restarts >= 1,
      10_000,
      'silent watch restart',
    );
    await waitFor(
      () => proxy.requests.filter(r => r.watch && r.path.endsWith('/helmreleases')).length >= 4,
      10_000,
      'cut watches resumed',
    );
    expect(kind(await status(s), 'HelmRepository').errorCode).toBe('forbidden');
    // Still live after all that: a new object arrives.
    api.apply(ks('two'));
    await waitFor(async () => kind(await status(s), 'Kustomization').count === 2, 10_000, 'live again');
    await waitFor(async () => (await status(s)).connection.state === 'connected', 10_000, 'connected');
  });
});
