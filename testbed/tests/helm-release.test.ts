/**
 * A HelmRelease through failure and repair against the real helm-controller (v1.6.2): values composed from
 * a ConfigMap (whole document and a targetPath) and spec.values, compared with what Helm really got (the
 * release-probe chart renders `.Values` into a ConfigMap); an upgrade to a chart version that cannot be
 * installed, its remediation until Stalled (RetriesExceeded); Reset through Fluxscope's action making the
 * controller try again; then the fixed version. At each step Fluxscope's history, live revision, release
 * state and values are checked against the controller's status and the objects the release rendered.
 */
import { PatchStrategy } from '@kubernetes/client-node';
import type { HelmHistory, HelmReleaseState, HelmValues } from '@fluxscope/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { type RunningServer, startServerProcess } from '../../e2e/support/server-process.js';
import {
  CHARTS_URL,
  HELMRELEASES,
  type KubeClients,
  TESTBED_KUBECONFIG,
  kubeClients,
  sleep,
} from './support.js';

const NS = 'flux-system';
const NAME = 'release-probe';
const TARGET = 'release-probe';
const HR_PATH = `/api/v1/helm/${NS}/${NAME}`;

interface Condition {
  type: string;
  status: string;
  reason?: string;
}
interface HelmReleaseObject {
  metadata: { generation?: number };
  status?: {
    conditions?: Condition[];
    history?: Array<{ version: number; status: string; chartVersion: string }>;
    upgradeFailures?: number;
    failures?: number;
    lastHandledResetAt?: string;
    observedGeneration?: number;
  };
}

describe.skipIf(!TESTBED_KUBECONFIG)('a HelmRelease failing and repaired, against helm-controller', () => {
  let kube: KubeClients;
  let server: RunningServer;

  const getJson = async <T>(path: string): Promise<T> => {
    const res = await fetch(`${server.url}${path}`);
    if (!res.ok) throw new Error(`GET ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };
  const hr = async () =>
    (await kube.custom.getNamespacedCustomObject({
      ...HELMRELEASES,
      namespace: NS,
      name: NAME,
    })) as HelmReleaseObject;
  const cond = (o: HelmReleaseObject, type: string) => o.status?.conditions?.find(c => c.type === type);
  const until = async <T>(what: string, fn: () => Promise<T | undefined>, ms = 180_000): Promise<T> => {
    const end = Date.now() + ms;
    let last: unknown;
    while (Date.now() < end) {
      try {
        const v = await fn();
        if (v !== undefined) return v;
      } catch (err) {
        last = err;
      }
      await sleep(1000);
    }
    throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
  };
  /** What Helm rendered: the values it got, the revision and the chart version. */
  const rendered = async () => {
    const cm = await kube.core.readNamespacedConfigMap({ name: `${NAME}-values`, namespace: TARGET });
    return {
      values: JSON.parse(cm.data?.['values.json'] ?? 'null') as unknown,
      revision: Number(cm.data?.['revision']),
      chartVersion: cm.data?.['chartVersion'],
    };
  };
  const setVersion = async (version: string) => {
    await kube.objects.patch(
      {
        apiVersion: 'helm.toolkit.fluxcd.io/v2',
        kind: 'HelmRelease',
        metadata: { name: NAME, namespace: NS },
        spec: { chart: { spec: { version } } },
      },
      undefined,
      undefined,
      undefined,
      undefined,
      PatchStrategy.MergePatch,
    );
    return (await hr()).metadata.generation ?? 0;
  };
  /** Ready (True or False) at this generation, for a reconcile that ended. */
  const settled = (generation: number, ready: 'True' | 'False') =>
    until(`Ready=${ready} at generation ${generation}`, async () => {
      const o = await hr();
      const r = cond(o, 'Ready');
      return o.status?.observedGeneration === generation && r?.status === ready ? o : undefined;
    });

  beforeAll(async () => {
    kube = kubeClients(TESTBED_KUBECONFIG!);
    server = await startServerProcess([
      '--kubeconfig',
      TESTBED_KUBECONFIG!,
      '--log-level',
      'warn',
      '--enable-actions',
    ]);
    await kube.objects.create({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'release-probe-values', namespace: NS },
      data: {
        'values.yaml':
          'greeting: from-configmap\nsettings:\n  replicas: 2\n  tier: silver\nlist:\n  - a\n  - b\n',
        tier: 'gold',
        count: '7',
      },
    });
    await kube.objects.create({
      apiVersion: 'source.toolkit.fluxcd.io/v1',
      kind: 'HelmRepository',
      metadata: { name: 'release-probe', namespace: NS },
      spec: { interval: '1m', url: CHARTS_URL },
    });
    await kube.objects.create({
      apiVersion: 'helm.toolkit.fluxcd.io/v2',
      kind: 'HelmRelease',
      metadata: { name: NAME, namespace: NS },
      spec: {
        interval: '10m',
        releaseName: NAME,
        targetNamespace: TARGET,
        timeout: '30s',
        chart: {
          spec: {
            chart: 'release-probe',
            version: '0.1.0',
            sourceRef: { kind: 'HelmRepository', name: 'release-probe' },
          },
        },
        install: { createNamespace: true, remediation: { retries: 1 } },
        upgrade: { remediation: { retries: 1 } },
        valuesFrom: [
          { kind: 'ConfigMap', name: 'release-probe-values' },
          { kind: 'ConfigMap', name: 'release-probe-values', valuesKey: 'tier', targetPath: 'settings.tier' },
          { kind: 'ConfigMap', name: 'release-probe-values', valuesKey: 'count', targetPath: 'extra.count' },
          { kind: 'ConfigMap', name: 'release-probe-missing', optional: true },
        ],
        values: { greeting: 'inline', settings: { replicas: 3 } },
      },
    });
  });

  afterAll(async () => {
    await server?.stop();
    for (const [apiVersion, kind, name] of [
      ['helm.toolkit.fluxcd.io/v2', 'HelmRelease', NAME],
      ['source.toolkit.fluxcd.io/v1', 'HelmRepository', 'release-probe'],
      ['v1', 'ConfigMap', 'release-probe-values'],
    ] as const)
      await kube?.objects
        .delete({ apiVersion, kind, metadata: { name, namespace: NS } })
        .catch(() => undefined);
  });

  it('installs, and the values Fluxscope composes are the values Helm got', async () => {
    await settled(1, 'True');
    const v = await getJson<HelmValues>(`${HR_PATH}/values`);
    expect(v.complete).toBe(true);
    const shown = parse(v.lines.map(l => `${'  '.repeat(l.depth)}${l.text}`).join('\n')) as unknown;
    const got = await rendered();
    expect(shown).toEqual(got.values);
    // targetPath values typed as --set types them (7 an integer), spec.values over the ConfigMap's document.
    expect(got.values).toMatchObject({
      greeting: 'inline',
      settings: { replicas: 3, tier: 'gold' },
      extra: { count: 7 },
    });
    expect(v.sources.map(s => s.state)).toEqual(['merged', 'merged', 'merged', 'skipped', 'merged']);
    const h = await getJson<HelmHistory>(`${HR_PATH}/history`);
    expect(h.revisions.map(r => [r.snapshot.version, r.snapshot.chartVersion, r.live])).toEqual([
      [got.revision, '0.1.0', true],
    ]);
  });

  it('an upgrade that cannot go in: remediated, then Stalled out of retries, as Fluxscope says', async () => {
    const generation = await setVersion('0.2.0');
    const stalled = await until('Stalled RetriesExceeded', async () => {
      const o = await hr();
      const s = cond(o, 'Stalled');
      return o.status?.observedGeneration === generation &&
        s?.status === 'True' &&
        s.reason === 'RetriesExceeded'
        ? o
        : undefined;
    });
    const state = await getJson<HelmReleaseState>(`${HR_PATH}/state`);
    expect(state.remediation).toMatchObject({
      action: 'upgrade',
      retries: 1,
      retriesLeft: 0,
      exhausted: true,
      upgradeFailures: stalled.status?.upgradeFailures,
    });
    expect(state.stalled?.advice).toMatch(/Reset clears the failure counts/);
    // The live revision is the rollback to 0.1.0: Helm re-applied revision 1's manifest, whose objects
    // (rendered for revision 1) are what the cluster holds.
    const h = await getJson<HelmHistory>(`${HR_PATH}/history`);
    const live = h.revisions.find(r => r.live);
    const got = await rendered();
    expect(live?.snapshot).toMatchObject({
      action: 'rollback',
      status: 'deployed',
      chartVersion: got.chartVersion,
    });
    expect(got).toMatchObject({ chartVersion: '0.1.0', revision: 1 });
    expect(h.revisions.some(r => r.snapshot.status === 'failed' && r.snapshot.chartVersion === '0.2.0')).toBe(
      true,
    );
    expect(h.revisions.map(r => r.snapshot.version)).toEqual(
      [...h.revisions.map(r => r.snapshot.version)].sort((a, b) => b - a),
    );
  });

  it('Reset through Fluxscope makes helm-controller clear the counts and try again', async () => {
    const before = await hr();
    const newest = Math.max(...(before.status?.history ?? []).map(s => s.version));
    const res = await fetch(
      `${server.url}/api/v1/actions/reconcile/helm.toolkit.fluxcd.io/HelmRelease/${NS}/${NAME}`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-fluxscope-action': '1' },
        body: JSON.stringify({ reset: true }),
      },
    );
    expect(res.status).toBe(200);
    const { requestedAt } = (await res.json()) as { requestedAt: string };
    const after = await until('the reset handled and a new attempt', async () => {
      const o = await hr();
      const tried = (o.status?.history ?? []).some(s => s.version > newest);
      return o.status?.lastHandledResetAt === requestedAt && tried ? o : undefined;
    });
    expect(after.status?.lastHandledResetAt).toBe(requestedAt);
  });

  it('the fixed version goes in: a new live revision, what changed, no remediation pending', async () => {
    const generation = await setVersion('0.3.0');
    await settled(generation, 'True');
    const got = await rendered();
    expect(got.chartVersion).toBe('0.3.0');
    const h = await getJson<HelmHistory>(`${HR_PATH}/history`);
    expect(h.revisions[0]).toMatchObject({
      live: true,
      snapshot: { version: got.revision, chartVersion: '0.3.0', status: 'deployed' },
    });
    expect(h.revisions[0]!.changes.map(c => c.field)).toContain('chartVersion');
    const state = await getJson<HelmReleaseState>(`${HR_PATH}/state`);
    expect(state.stalled).toBeUndefined();
    expect(state.remediation.exhausted).toBe(false);
    expect(state.conditions.find(c => c.type === 'Released')).toMatchObject({
      status: 'True',
      reason: 'UpgradeSucceeded',
    });
  });
});
