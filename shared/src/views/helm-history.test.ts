import { describe, expect, it } from 'vitest';
import type { ClusterObject } from '../kube/types.js';
import { renderHelmHistoryText } from '../text/helm-history.js';
import { compareRevisions, helmHistory, parseSnapshot } from './helm-history.js';

const snap = (version: number, extra: Record<string, unknown>) => ({
  apiVersion: 'v2',
  name: 'podinfo',
  namespace: 'apps',
  version,
  digest: `sha256:d${version}`,
  chartName: 'podinfo',
  chartVersion: '6.5.0',
  appVersion: '6.5.0',
  configDigest: 'sha256:c1',
  firstDeployed: '2026-12-01T10:00:00Z',
  lastDeployed: `2026-12-01T1${version}:00:00Z`,
  status: 'superseded',
  ...extra,
});

/** A release as helm-controller leaves it after install, an upgrade, a failed upgrade rolled back. */
function release(history: unknown[]): ClusterObject {
  return {
    apiVersion: 'helm.toolkit.fluxcd.io/v2',
    kind: 'HelmRelease',
    metadata: { name: 'podinfo', namespace: 'flux-system' },
    spec: { releaseName: 'podinfo', targetNamespace: 'apps' },
    status: {
      history,
      lastAttemptedRevision: '6.6.0',
      lastAttemptedConfigDigest: 'sha256:c2',
      lastAttemptedReleaseAction: 'upgrade',
    },
  };
}

describe('helmHistory', () => {
  const hr = release([
    // Unsorted on purpose: helm-controller sorts by version when it reads, so must we.
    snap(2, { chartVersion: '6.5.1', appVersion: '6.5.1', testHooks: {} }),
    snap(4, { status: 'deployed', action: 'rollback', chartVersion: '6.5.1', appVersion: '6.5.1' }),
    snap(3, {
      status: 'failed',
      action: 'upgrade',
      chartVersion: '6.6.0',
      appVersion: '6.6.0',
      configDigest: 'sha256:c2',
      testHooks: { 'podinfo-grpc-test': { phase: 'Failed', lastStarted: '2026-12-01T13:00:01Z' } },
    }),
    snap(1, { action: 'install', testHooks: { t: { phase: 'Succeeded' } } }),
  ]);

  it('lists newest first and marks the newest deployed revision live', () => {
    const h = helmHistory(hr);
    expect(h.revisions.map(r => r.snapshot.version)).toEqual([4, 3, 2, 1]);
    expect(h.revisions.map(r => r.live)).toEqual([true, false, false, false]);
    expect(h.liveVersion).toBe(4);
    expect(h.release).toBe('podinfo');
    expect(h.lastAttemptedReleaseAction).toBe('upgrade');
  });

  it('says what changed against the next older revision', () => {
    const [r4, r3, r2, r1] = helmHistory(hr).revisions;
    expect(r4!.changes.map(c => [c.field, c.from, c.to])).toEqual([
      ['chartVersion', '6.6.0', '6.5.1'],
      ['appVersion', '6.6.0', '6.5.1'],
      ['configDigest', 'sha256:c2', 'sha256:c1'],
    ]);
    expect(r3!.changes.map(c => c.field)).toEqual(['chartVersion', 'appVersion', 'configDigest']);
    expect(r2!.changes.map(c => c.label)).toEqual(['chart version', 'app version']);
    expect(r1!.changes).toEqual([]);
  });

  it('reads test hooks: absent = not run, {} = chart has none, a Failed hook fails', () => {
    expect(helmHistory(hr).revisions.map(r => r.tests)).toEqual(['not-run', 'failed', 'no-tests', 'passed']);
  });

  it('keeps every snapshot field, and treats Go zero times as absent', () => {
    const s = parseSnapshot(
      snap(7, {
        deleted: '2026-12-02T00:00:00Z',
        ociDigest: 'sha256:oci',
        firstDeployed: '0001-01-01T00:00:00Z',
        testHooks: { b: { phase: 'Running' }, a: {} },
      }),
    )!;
    expect(s).toMatchObject({
      apiVersion: 'v2',
      version: 7,
      deleted: '2026-12-02T00:00:00Z',
      ociDigest: 'sha256:oci',
      testHooks: [{ name: 'a' }, { name: 'b', phase: 'Running' }],
    });
    expect(s.firstDeployed).toBeUndefined();
  });

  it('has no live revision after an uninstall or when every revision failed', () => {
    expect(
      helmHistory(release([snap(1, { status: 'uninstalled', deleted: '2026-12-02T00:00:00Z' })])).liveVersion,
    ).toBeUndefined();
    expect(helmHistory(release([snap(1, { status: 'failed' })])).revisions[0]!.live).toBe(false);
  });

  it('survives a missing or malformed history', () => {
    const bare: ClusterObject = {
      apiVersion: 'helm.toolkit.fluxcd.io/v2',
      kind: 'HelmRelease',
      metadata: { name: 'x', namespace: 'ns' },
      spec: { targetNamespace: 'apps' },
    };
    expect(helmHistory(bare)).toEqual({ release: 'apps-x', revisions: [] });
    expect(helmHistory(release(['junk', null, { version: 'one' }, snap(1, {})])).revisions).toHaveLength(1);
  });

  it('compares any two revisions', () => {
    expect(compareRevisions(hr, 1, 4)!.changes.map(c => c.field)).toEqual(['chartVersion', 'appVersion']);
    expect(compareRevisions(hr, 1, 9)).toBeUndefined();
  });

  it('renders a table', () => {
    const text = renderHelmHistoryText(helmHistory(hr));
    const lines = text.split('\n');
    expect(lines[0]).toMatch(
      /^REVISION\tUPDATED\s+\tSTATUS\s+\tCHART\s+\tAPP VERSION\tACTION\s+\tTESTS\s+\tCHANGES\s+$/,
    );
    expect(lines[1]).toContain('deployed (live)');
    expect(lines[1]).toContain('podinfo-6.5.1');
    expect(lines[1]).toContain('chart version 6.6.0 -> 6.5.1, app version 6.6.0 -> 6.5.1, values changed');
    expect(renderHelmHistoryText(helmHistory(release([])))).toBe('✗ no release history for podinfo\n');
  });
});
