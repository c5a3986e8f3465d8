import { describe, expect, it } from 'vitest';
import type { ClusterObject, Condition, FluxEvent } from '../kube/types.js';
import { helmReleaseState } from './helm-state.js';

const cond = (type: string, status: string, reason: string, message = ''): Condition => ({
  type,
  status,
  reason,
  message,
  lastTransitionTime: '2026-12-01T10:00:00Z',
});

function hr(spec: Record<string, unknown>, status: Record<string, unknown>): ClusterObject {
  return {
    apiVersion: 'helm.toolkit.fluxcd.io/v2',
    kind: 'HelmRelease',
    metadata: { name: 'podinfo', namespace: 'apps', generation: 2 },
    spec,
    status,
  };
}

const event = (reason: string, at: string, type = 'Normal'): FluxEvent => ({
  id: `apps/${reason}-${at}`,
  namespace: 'apps',
  type,
  reason,
  message: `${reason} message`,
  involvedObject: { kind: 'HelmRelease', name: 'podinfo', namespace: 'apps' },
  lastTimestamp: at,
});

describe('helmReleaseState', () => {
  it('a failed install out of retries is Stalled, and Reset is explained', () => {
    const s = helmReleaseState(
      hr(
        { install: { remediation: { retries: 3 } } },
        {
          lastAttemptedReleaseAction: 'install',
          installFailures: 4,
          failures: 4,
          conditions: [
            cond('Ready', 'False', 'InstallFailed', 'Helm install failed: context deadline exceeded'),
            cond('Released', 'False', 'InstallFailed'),
            cond('Stalled', 'True', 'RetriesExceeded', 'Failed to install after 4 attempt(s)'),
            cond('Remediated', 'True', 'UninstallSucceeded'),
          ],
        },
      ),
      [],
    );
    expect(s.remediation).toMatchObject({
      action: 'install',
      installFailures: 4,
      retries: 3,
      retriesLeft: 0,
      exhausted: true,
      strategy: 'RemediateOnFailure (uninstall)',
    });
    expect(s.remediation.words).toBe(
      '4 failed install attempt(s) with 3 retries allowed: helm-controller stopped trying.',
    );
    expect(s.stalled?.message).toBe('Failed to install after 4 attempt(s)');
    expect(s.stalled?.advice).toMatch(/Reset clears the failure counts/);
    expect(s.conditions.map(c => c.type)).toEqual(['Ready', 'Released', 'Remediated', 'Stalled']);
    expect(s.conditions.find(c => c.type === 'Remediated')?.words).toBe(
      'A failed release was remediated. After a failed install, Helm uninstalled the release so it can be installed again.',
    );
    expect(s.conditions.find(c => c.type === 'Released')?.words).toBe(
      'The last release attempt did not go in. The Helm install failed.',
    );
  });

  it('counts retries left from the active remediation (the last attempted action)', () => {
    const upgrade = (upgradeFailures: number, retries: number) =>
      helmReleaseState(
        hr(
          {
            install: { remediation: { retries: 9 } },
            upgrade: { remediation: { retries, strategy: 'uninstall' } },
          },
          { lastAttemptedReleaseAction: 'upgrade', upgradeFailures, installFailures: 5 },
        ),
        [],
      ).remediation;
    expect(upgrade(0, 2)).toMatchObject({
      retriesLeft: 2,
      exhausted: false,
      strategy: 'RemediateOnFailure (uninstall)',
    });
    expect(upgrade(1, 2)).toMatchObject({ retriesLeft: 2, exhausted: false });
    expect(upgrade(2, 2)).toMatchObject({ retriesLeft: 1, exhausted: false });
    expect(upgrade(3, 2)).toMatchObject({ retriesLeft: 0, exhausted: true });
    // No remediation configured: retries 0, the first failure exhausts them.
    expect(upgrade(1, 0)).toMatchObject({ retriesLeft: 0, exhausted: true });
    expect(upgrade(7, -1)).toMatchObject({ retriesLeft: -1, exhausted: false });
    expect(upgrade(2, 2).words).toBe(
      '2 failed upgrade attempt(s); after a failure helm-controller uninstalls the release and tries again (1 of 2 retries left).',
    );
  });

  it('RetryOnFailure never stalls on retries', () => {
    const r = helmReleaseState(
      hr(
        { upgrade: { strategy: { name: 'RetryOnFailure' } } },
        { lastAttemptedReleaseAction: 'upgrade', upgradeFailures: 12 },
      ),
      [],
    ).remediation;
    expect(r).toMatchObject({ strategy: 'RetryOnFailure', exhausted: false, retriesLeft: -1 });
  });

  it('drift: mode (default disabled), the Drifted condition and the newest drift event', () => {
    expect(helmReleaseState(hr({}, {}), []).drift).toMatchObject({ mode: 'disabled', ignoreRules: 0 });
    const s = helmReleaseState(
      hr(
        { driftDetection: { mode: 'enabled', ignore: [{ paths: ['/spec/replicas'] }] } },
        {
          conditions: [
            cond('Drifted', 'False', 'NoDriftDetected', 'No drift detected against the cluster state'),
          ],
        },
      ),
      [
        event('DriftDetected', '2026-12-01T10:00:00Z', 'Warning'),
        event('DriftCorrected', '2026-12-01T10:00:02Z'),
        event('UpgradeSucceeded', '2026-12-01T11:00:00Z'),
      ],
    );
    expect(s.drift).toMatchObject({
      mode: 'enabled',
      ignoreRules: 1,
      last: { reason: 'DriftCorrected', at: '2026-12-01T10:00:02Z' },
    });
    expect(s.drift.condition?.words).toBe('No drift. The cluster matches what the release applied.');
    expect(helmReleaseState(hr({ driftDetection: { mode: 'warn' } }, {}), []).drift.words).toMatch(/warns/);
  });

  it('tests: enabled or not, and the hooks of the newest revision', () => {
    expect(helmReleaseState(hr({}, {}), []).tests).toMatchObject({ enabled: false, hooks: [] });
    const history = [
      {
        version: 2,
        status: 'deployed',
        chartName: 'p',
        chartVersion: '1',
        configDigest: 'd',
        digest: 'x',
        name: 'p',
        namespace: 'apps',
        testHooks: { a: { phase: 'Succeeded' }, b: { phase: 'Failed' } },
      },
      {
        version: 1,
        status: 'superseded',
        chartName: 'p',
        chartVersion: '1',
        configDigest: 'd',
        digest: 'x',
        name: 'p',
        namespace: 'apps',
      },
    ];
    const s = helmReleaseState(
      hr({ test: { enable: true } }, { history, conditions: [cond('TestSuccess', 'False', 'TestFailed')] }),
      [],
    );
    expect(s.tests.hooks.map(h => h.name)).toEqual(['a', 'b']);
    expect(s.tests.words).toBe('1 of 2 test hook(s) passed.');
    expect(s.tests.condition?.words).toBe("Tests failed. The chart's tests failed.");
  });
});
