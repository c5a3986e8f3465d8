/**
 * The cluster is not what we hoped: partial permissions, CRDs coming and going, no Flux at all, odd
 * objects. The server says so (status, metrics) and shows everything else exactly.
 */
import type { KubeObject } from '@fluxscope/demo-cluster';
import { FLUX_KINDS } from '@fluxscope/shared';
import { afterEach, describe, expect, it } from 'vitest';
import { type Bed, converge, report, startBed, waitFor } from './support.js';

let bed: Bed | undefined;
afterEach(async () => {
  await bed?.stop();
  bed = undefined;
});

const kindOf = async (b: Bed, kind: string) => (await b.status()).kinds.find(k => k.kind === kind)!;
const FLUX = FLUX_KINDS.map(k => k.kind);

describe('cluster shape faults', () => {
  it('403 on some kinds and namespaces: forbidden kinds named (status, metrics), the rest exact', async () => {
    const started = Date.now();
    bed = await startBed({
      faults: [
        { type: 'forbid', kinds: ['HelmRelease'] },
        // A namespace the server may not read makes the cluster-wide list of that kind forbidden too.
        { type: 'forbid', kinds: ['Deployment'], namespaces: ['kube-system'] },
      ],
    });
    const b = bed;
    await converge(b, { except: ['HelmRelease', 'Deployment'] });
    for (const kind of ['HelmRelease', 'Deployment']) {
      const state = await kindOf(b, kind);
      expect(state).toMatchObject({ errorCode: 'forbidden', synced: false });
      expect(state.error).toContain('forbidden');
    }
    expect((await b.status()).ready).toBe(true);
    const metrics = await b.metrics();
    expect(metrics).toContain('fluxscope_kind_error{kind="HelmRelease",code="forbidden"} 1');
    expect(b.mirror.kinds.find(k => k.kind === 'HelmRelease')?.errorCode).toBe('forbidden');
    report(
      '403 on HelmRelease and on Deployments in kube-system',
      Date.now() - started,
      '"No permission to list HelmRelease, Deployment" banner, everything else live',
    );
  });

  it('CRDs removed and installed while running: the kind and its objects go and come back', async () => {
    bed = await startBed({}, { discoveryIntervalMs: 300 });
    const b = bed;
    const hrs = b.cluster.store.list('helm.toolkit.fluxcd.io/HelmRelease').length;
    expect(hrs).toBeGreaterThan(0);
    await b.cluster.faults.apply({ type: 'remove-crds', kinds: ['HelmRelease', 'HelmChart'] });
    const removedAt = Date.now();
    await waitFor(async () => !(await kindOf(b, 'HelmRelease')).served, 10_000, 'HelmRelease not served');
    const removal = await converge(b);
    expect((await kindOf(b, 'HelmRelease')).errorCode).toBe('not-served');
    report(
      'CRDs removed (HelmRelease, HelmChart)',
      Date.now() - removedAt,
      'the kinds and their objects disappear from every view',
    );
    void removal;

    await b.cluster.faults.apply({ type: 'install-crds', kinds: ['HelmRelease', 'HelmChart'] });
    const installedAt = Date.now();
    await waitFor(async () => (await kindOf(b, 'HelmRelease')).synced, 10_000, 'HelmRelease synced');
    await converge(b);
    expect((await kindOf(b, 'HelmRelease')).count).toBe(hrs);
    report('CRDs installed again', Date.now() - installedAt, 'the kinds and their objects appear, live');
  });

  it('Flux not installed at all: connected, fluxMissing said everywhere; installing Flux clears it', async () => {
    bed = await startBed({ faults: [{ type: 'remove-crds', kinds: FLUX }] }, { discoveryIntervalMs: 300 });
    const b = bed;
    await waitFor(async () => (await b.status()).connection.fluxMissing === true, 10_000, 'fluxMissing');
    await converge(b);
    expect(b.mirror.connection?.fluxMissing).toBe(true);
    expect(await b.metrics()).toContain('fluxscope_flux_missing 1');
    expect((await b.server.get('/api/v1/objects')).status).toBe(200);
    expect((await b.server.get('/api/v1/graph')).status).toBe(200);

    await b.cluster.faults.apply({ type: 'install-crds', kinds: FLUX });
    const installedAt = Date.now();
    await waitFor(async () => (await b.status()).connection.fluxMissing === false, 10_000, 'flux found');
    await converge(b);
    report(
      'Flux installed while running (was missing)',
      Date.now() - installedAt,
      '"Flux is not installed" banner, then the Flux objects appear',
    );
  });

  it('odd objects: no status, unknown conditions, bad or dangling inventory, dependsOn cycles, missing refs, 1 MB, long names', async () => {
    bed = await startBed();
    const b = bed;
    const ks = (name: string, extra: Partial<KubeObject> & Record<string, unknown> = {}): KubeObject => ({
      apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
      kind: 'Kustomization',
      metadata: { name, namespace: 'flux-system' },
      spec: { path: './', sourceRef: { kind: 'GitRepository', name: 'does-not-exist' } },
      ...extra,
    });
    const longName = `l${'o'.repeat(240)}ng`.slice(0, 253);
    const odd: KubeObject[] = [
      ks('odd-bare'),
      ks('odd-unknown-conditions', {
        status: {
          conditions: [
            { type: 'Weird', status: 'Maybe', reason: '', message: 42 },
            { type: 'Ready', status: 'Unknown' },
            null,
          ],
        },
      }),
      ks('odd-inventory', {
        status: {
          inventory: {
            entries: [
              { id: 'garbage', v: 'v1' },
              { id: '___', v: 'v1' },
              { id: 'ns_name_apps', v: 'v1' },
              { id: 'nowhere_ghost_apps_Deployment', v: 'v1' },
              { v: 'v1' },
              'not-an-object',
            ],
          },
        },
      }),
      ks('odd-cycle-a', {
        spec: {
          path: './',
          sourceRef: { kind: 'GitRepository', name: 'flux-system' },
          dependsOn: [{ name: 'odd-cycle-b' }],
        },
      }),
      ks('odd-cycle-b', {
        spec: {
          path: './',
          sourceRef: { kind: 'GitRepository', name: 'flux-system' },
          dependsOn: [{ name: 'odd-cycle-a' }, { name: 'ghost' }],
        },
      }),
      ks('odd-huge', {
        metadata: {
          name: 'odd-huge',
          namespace: 'flux-system',
          annotations: { big: 'x'.repeat(1024 * 1024) },
        },
      }),
      ks(longName),
      {
        apiVersion: 'helm.toolkit.fluxcd.io/v2',
        kind: 'HelmRelease',
        metadata: { name: 'odd-hr', namespace: 'flux-system' },
        spec: {
          chart: { spec: { chart: 'x', sourceRef: { kind: 'HelmRepository', name: 'ghost' } } },
          dependsOn: 'not-a-list',
        },
        status: 'not-an-object',
      } as unknown as KubeObject,
    ];
    const at = Date.now();
    for (const o of odd) b.cluster.store.put(o);
    await converge(b);
    const recovery = Date.now() - at;
    const paths = [
      '/api/v1/objects',
      '/api/v1/objects?format=text',
      '/api/v1/stats',
      '/api/v1/graph',
      '/api/v1/events',
      '/api/v1/snapshot',
      ...['odd-bare', 'odd-unknown-conditions', 'odd-inventory', 'odd-cycle-a', 'odd-huge', longName].flatMap(
        n => [
          `/api/v1/objects/kustomize.toolkit.fluxcd.io/Kustomization/flux-system/${n}`,
          `/api/v1/tree/Kustomization/flux-system/${n}?format=text`,
          `/api/v1/trace/kustomize.toolkit.fluxcd.io/v1/Kustomization/flux-system/${n}`,
        ],
      ),
      '/api/v1/objects/helm.toolkit.fluxcd.io/HelmRelease/flux-system/odd-hr',
      '/api/v1/tree/HelmRelease/flux-system/odd-hr',
    ];
    for (const p of paths) {
      const res = await b.server.get(p);
      expect(res.status, p).toBe(200);
      await res.arrayBuffer();
    }
    expect((await b.status()).connection.state).toBe('connected');
    report(
      'odd objects (8 kinds of odd, one of 1 MB, a 253-char name)',
      recovery,
      'the objects with what can be said about them; no error',
    );
  });
});
