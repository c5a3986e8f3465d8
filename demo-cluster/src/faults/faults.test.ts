/** Each fault as a client sees it over real HTTPS: status codes, headers, discovery, restarts, silence. */
import { Watch } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kubeConfigOf, raw, sleep } from '../__fixtures__/client.js';
import { startDemoCluster } from '../index.js';
import type { DemoCluster } from '../index.js';

let cluster: DemoCluster;
const KS = '/apis/kustomize.toolkit.fluxcd.io/v1/kustomizations';

beforeAll(async () => {
  cluster = await startDemoCluster({ scenario: 'steady', periodic: false, bookmarkIntervalMs: 100 });
});
afterAll(() => cluster.stop());

describe('fault injection', () => {
  it('forbid: 403 for the kind cluster-wide and in the namespace, others untouched', async () => {
    await cluster.faults.apply({ type: 'forbid', kinds: ['Kustomization'], namespaces: ['flux-system'] });
    expect((await raw(cluster, 'GET', KS)).status).toBe(403);
    expect(
      (
        await raw(
          cluster,
          'GET',
          '/apis/kustomize.toolkit.fluxcd.io/v1/namespaces/flux-system/kustomizations',
        )
      ).status,
    ).toBe(403);
    expect((await raw(cluster, 'GET', '/apis/helm.toolkit.fluxcd.io/v2/helmreleases')).status).toBe(200);
    cluster.faults.clear();
    expect((await raw(cluster, 'GET', KS)).status).toBe(200);
  });

  it('throttle and error: 429/503 with Retry-After, `times` of them, then through', async () => {
    await cluster.faults.apply({
      type: 'throttle',
      kinds: ['Kustomization'],
      retryAfterSeconds: 2,
      times: 1,
    });
    const throttled = await raw(cluster, 'GET', KS);
    expect(throttled.status).toBe(429);
    expect(throttled.json()).toMatchObject({ reason: 'TooManyRequests', details: { retryAfterSeconds: 2 } });
    expect((await raw(cluster, 'GET', KS)).status).toBe(200);
    await cluster.faults.apply({ type: 'error', times: 1 });
    expect((await raw(cluster, 'GET', '/apis')).status).toBe(503);
    cluster.faults.clear();
  });

  it('remove-crds drops the kind from discovery with its objects; install-crds brings both back', async () => {
    const before = cluster.store.list('kustomize.toolkit.fluxcd.io/Kustomization').length;
    await cluster.faults.apply({ type: 'remove-crds', kinds: ['Kustomization'] });
    const groups = (await raw(cluster, 'GET', '/apis')).json<{ groups: Array<{ name: string }> }>();
    expect(groups.groups.map(g => g.name)).not.toContain('kustomize.toolkit.fluxcd.io');
    expect((await raw(cluster, 'GET', KS)).status).toBe(404);
    expect(cluster.store.list('kustomize.toolkit.fluxcd.io/Kustomization')).toHaveLength(0);
    await cluster.faults.apply({ type: 'install-crds', kinds: ['Kustomization'] });
    expect((await raw(cluster, 'GET', KS)).json<{ items: unknown[] }>().items).toHaveLength(before);
  });

  it('quiet watches open (headers at once) and then say nothing, not even bookmarks', async () => {
    await cluster.faults.apply({ type: 'quiet-watches', kinds: ['Kustomization'] });
    const seen: string[] = [];
    const started = Date.now();
    const controller = await new Watch(kubeConfigOf(cluster)).watch(
      KS,
      { allowWatchBookmarks: true },
      type => seen.push(type),
      () => {},
    );
    expect(Date.now() - started).toBeLessThan(1000);
    await sleep(400);
    expect(seen).toEqual([]);
    controller.abort();
    cluster.faults.clear();
  });

  it('gone-on-resume answers a resume with an ERROR 410 event', async () => {
    await cluster.faults.apply({ type: 'gone-on-resume', times: 1 });
    const res = await raw(
      cluster,
      'GET',
      `${KS}?watch=true&resourceVersion=${cluster.store.resourceVersion}`,
    );
    expect(JSON.parse(res.body.trim())).toMatchObject({ type: 'ERROR', object: { code: 410 } });
  });

  it('restart: refused while down, then the same URL, CA and token answer again; stop() is prompt', async () => {
    const restarted = cluster.faults.apply({ type: 'restart', downMs: 300, forgetHistory: true });
    await sleep(100);
    await expect(raw(cluster, 'GET', KS)).rejects.toThrow(/ECONNREFUSED/);
    await restarted;
    expect((await raw(cluster, 'GET', KS)).status).toBe(200);
    const old = Number(cluster.store.resourceVersion) - 1;
    const resumed = await raw(cluster, 'GET', `${KS}?watch=true&resourceVersion=${old}`);
    expect(resumed.body).toContain('"code":410');
    expect(cluster.faults.count(r => r.verb === 'list' && r.kind === 'Kustomization')).toBeGreaterThan(0);
  });

  it('the control route applies and clears faults over HTTP; garbage is a 400', async () => {
    const post = (data: unknown) =>
      raw(cluster, 'POST', '/fluxscope-demo/v1/faults', { type: 'application/json', data });
    expect((await post({ type: 'forbid', kinds: ['HelmRelease'] })).status).toBe(200);
    expect((await raw(cluster, 'GET', '/apis/helm.toolkit.fluxcd.io/v2/helmreleases')).status).toBe(403);
    expect((await post({ type: 'nope' })).status).toBe(400);
    expect((await raw(cluster, 'DELETE', '/fluxscope-demo/v1/faults')).status).toBe(200);
    expect((await raw(cluster, 'GET', '/apis/helm.toolkit.fluxcd.io/v2/helmreleases')).status).toBe(200);
  });

  it('stop() returns promptly with a stalled watch open', async () => {
    const other = await startDemoCluster({
      scenario: 'steady',
      periodic: false,
      faults: [{ type: 'quiet-watches' }],
    });
    const controller = await new Watch(kubeConfigOf(other)).watch(
      KS,
      {},
      () => {},
      () => {},
    );
    const started = Date.now();
    await other.stop();
    expect(Date.now() - started).toBeLessThan(1000);
    controller.abort();
  });
});
