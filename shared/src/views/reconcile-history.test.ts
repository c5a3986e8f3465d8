import { describe, expect, it } from 'vitest';
import { ClusterIndex } from '../index/cluster-index.js';
import { HELM_GROUP, KUSTOMIZE_GROUP } from '../kinds/registry.js';
import type { FluxEvent } from '../kube/types.js';
import { obj } from './__fixtures__/builders.js';
import { parseGoDuration, reconcileSamples, reconcileStats, slowestObjects } from './reconcile-history.js';

const ksRef = (name: string) => ({
  group: KUSTOMIZE_GROUP,
  kind: 'Kustomization',
  namespace: 'flux-system',
  name,
});
const hrRef = (name: string) => ({ group: HELM_GROUP, kind: 'HelmRelease', namespace: 'flux-system', name });

let n = 0;
const ev = (
  kind: string,
  name: string,
  type: string,
  reason: string,
  message: string,
  at: string,
): FluxEvent => ({
  id: `flux-system/e${++n}`,
  namespace: 'flux-system',
  type,
  reason,
  message,
  involvedObject: { kind, name, namespace: 'flux-system' },
  lastTimestamp: at,
});

describe('parseGoDuration', () => {
  it.each([
    ['1.183s', 1183],
    ['350ms', 350],
    ['1m2.5s', 62_500],
    ['2h0m0s', 7_200_000],
    ['1.5µs', 0.0015],
    ['0', 0],
  ])('%s', (text, ms) => expect(parseGoDuration(text)).toBeCloseTo(ms, 6));
  it('rejects what is not a duration', () => {
    expect(parseGoDuration('fast')).toBeUndefined();
    expect(parseGoDuration('1s later')).toBeUndefined();
    expect(parseGoDuration('')).toBeUndefined();
  });
});

describe('reconcileSamples', () => {
  it("a Kustomization: 'Reconciliation finished in' Events, failures, and history without double counting", () => {
    const ks = obj(ksRef('apps'), {
      status: {
        history: [
          {
            lastReconciled: '2026-12-01T10:10:00Z',
            lastReconciledDuration: '4.2s',
            lastReconciledStatus: 'ReconciliationSucceeded',
          },
          {
            lastReconciled: '2026-12-01T09:00:00Z',
            lastReconciledDuration: '1m0s',
            lastReconciledStatus: 'HealthCheckFailed',
          },
        ],
      },
    });
    const samples = reconcileSamples(ks, [
      ev(
        'Kustomization',
        'apps',
        'Normal',
        'ReconciliationSucceeded',
        'Reconciliation finished in 2.5s, next run in 10m0s',
        '2026-12-01T10:00:00Z',
      ),
      ev(
        'Kustomization',
        'apps',
        'Warning',
        'HealthCheckFailed',
        'health check failed after 30s',
        '2026-12-01T10:05:00Z',
      ),
      ev(
        'Kustomization',
        'apps',
        'Normal',
        'ReconciliationSucceeded',
        'Reconciliation finished in 4.2s, next run in 10m0s',
        '2026-12-01T10:10:01Z',
      ),
    ]);
    expect(samples.map(s => [s.at, s.durationMs, s.ok, s.from])).toEqual([
      ['2026-12-01T09:00:00Z', 60_000, false, 'history'],
      ['2026-12-01T10:00:00Z', 2500, true, 'event'],
      ['2026-12-01T10:05:00Z', undefined, false, 'event'],
      ['2026-12-01T10:10:01Z', 4200, true, 'event'],
    ]);
    const stats = reconcileStats(ksRef('apps'), samples, 3);
    expect(stats).toMatchObject({
      timed: 3,
      p50Ms: 4200,
      p95Ms: 60_000,
      lastMs: 4200,
      failures: 1,
      window: 3,
    });
  });

  it('a HelmRelease: its release Events, the last action duration from the status', () => {
    const hr = obj(hrRef('podinfo'), {
      status: {
        lastAttemptedReleaseActionDuration: '42.5s',
        lastAttemptedReleaseAction: 'upgrade',
        history: [
          {
            version: 2,
            status: 'deployed',
            lastDeployed: '2026-12-01T10:00:30Z',
            name: 'p',
            namespace: 'p',
            chartName: 'c',
            chartVersion: '1',
            configDigest: 'd',
            digest: 'd',
          },
        ],
      },
    });
    const samples = reconcileSamples(hr, [
      ev('HelmRelease', 'podinfo', 'Warning', 'UpgradeFailed', 'Helm upgrade failed', '2026-12-01T09:00:00Z'),
      ev(
        'HelmRelease',
        'podinfo',
        'Normal',
        'UpgradeSucceeded',
        'Helm upgrade succeeded',
        '2026-12-01T10:00:31Z',
      ),
    ]);
    expect(samples.map(s => [s.reason, s.durationMs, s.ok])).toEqual([
      ['UpgradeFailed', undefined, false],
      ['UpgradeSucceeded', 42_500, true],
    ]);
  });
});

describe('slowestObjects', () => {
  it('ranks Kustomizations and HelmReleases by p95, slowest first', () => {
    const index = new ClusterIndex();
    index.upsert(obj(ksRef('fast')));
    index.upsert(obj(ksRef('slow')));
    index.upsert(obj(ksRef('quiet')));
    const finished = (name: string, d: string, at: string) =>
      ev(
        'Kustomization',
        name,
        'Normal',
        'ReconciliationSucceeded',
        `Reconciliation finished in ${d}, next run in 1m0s`,
        at,
      );
    for (const e of [
      finished('fast', '1s', '2026-12-01T10:00:00Z'),
      finished('fast', '2s', '2026-12-01T10:01:00Z'),
      finished('slow', '30s', '2026-12-01T10:00:00Z'),
      finished('slow', '1m0s', '2026-12-01T10:02:00Z'),
    ])
      index.upsertEvent(e);
    const rows = slowestObjects(index);
    expect(rows.map(r => [r.ref.name, r.p50Ms, r.p95Ms])).toEqual([
      ['slow', 30_000, 60_000],
      ['fast', 1000, 2000],
    ]);
  });
});
