import type { ClusterObject } from '@fluxscope/shared';
import { describe, expect, it } from 'vitest';
import { outcome } from '../ObjectActions';
import { helmActionNote, isRetriesExceeded } from './HelmActionButtons';

const AT = '2026-12-03T10:00:00.123456789Z';
const hr = (status: Record<string, unknown>): ClusterObject => ({
  apiVersion: 'helm.toolkit.fluxcd.io/v2',
  kind: 'HelmRelease',
  metadata: { name: 'podinfo', namespace: 'apps' },
  status,
});

describe('HelmRelease force and reset, read back from the live object', () => {
  it('knows a release stalled on retries', () => {
    expect(
      isRetriesExceeded(hr({ conditions: [{ type: 'Stalled', status: 'True', reason: 'RetriesExceeded' }] })),
    ).toBe(true);
    expect(
      isRetriesExceeded(hr({ conditions: [{ type: 'Stalled', status: 'True', reason: 'ArtifactFailed' }] })),
    ).toBe(false);
  });

  it('says whether the reset and force requests were handled', () => {
    expect(helmActionNote(hr({ lastHandledResetAt: AT, failures: 0 }), 'reset', AT)).toBe(
      'failure counts reset',
    );
    expect(helmActionNote(hr({ lastHandledResetAt: AT, failures: 1 }), 'reset', AT)).toBe(
      'failure counts reset, 1 failure(s) since',
    );
    expect(helmActionNote(hr({}), 'reset', AT)).toMatch(/^the reset was not handled/);
    expect(
      helmActionNote(hr({ lastHandledForceAt: AT, lastAttemptedReleaseAction: 'upgrade' }), 'force', AT),
    ).toBe('forced upgrade');
  });

  it('waits for the reconcile to be handled and Ready to settle, then reports with the note', () => {
    const pending = {
      action: 'reconcile' as const,
      label: 'Resetting',
      accepted: true,
      startedAt: 0,
      requestedAt: AT,
      helm: 'reset' as const,
    };
    expect(outcome(hr({ lastHandledReconcileAt: 'earlier' }), pending)).toBeUndefined();
    const done = outcome(
      hr({
        lastHandledReconcileAt: AT,
        lastHandledResetAt: AT,
        conditions: [{ type: 'Ready', status: 'False', message: 'Helm upgrade failed: boom' }],
      }),
      pending,
    );
    expect(done).toEqual({
      ok: false,
      message: "reconciliation failed (failure counts reset): 'Helm upgrade failed: boom'",
    });
  });
});
