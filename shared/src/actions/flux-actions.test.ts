import { describe, expect, it } from 'vitest';
import type { ClusterObject } from '../kube/types.js';
import {
  ACTION_KINDS,
  formatRFC3339Nano,
  reconcilePatch,
  reconcileRefusal,
  resumePatch,
  withSourceTarget,
} from './flux-actions.js';

const obj = (kind: string, spec: Record<string, unknown> = {}): ClusterObject => ({
  apiVersion: 'x/v1',
  kind,
  metadata: { name: 'app', namespace: 'apps' },
  spec,
});

describe('flux actions', () => {
  it('timestamps as Go prints RFC3339Nano in UTC: trailing zeros trimmed, no fraction when whole', () => {
    const base = BigInt(Date.UTC(2026, 10, 27, 15, 13, 51)) * 1_000_000n;
    expect(formatRFC3339Nano(base + 123_456_789n)).toBe('2026-11-27T15:13:51.123456789Z');
    expect(formatRFC3339Nano(base + 120_000_000n)).toBe('2026-11-27T15:13:51.12Z');
    expect(formatRFC3339Nano(base + 1_000n)).toBe('2026-11-27T15:13:51.000001Z');
    expect(formatRFC3339Nano(base)).toBe('2026-11-27T15:13:51Z');
  });

  it('reconcile refuses suspended and static objects with flux messages', () => {
    expect(reconcileRefusal(obj('Kustomization', { suspend: true }))).toBe('resource is suspended');
    expect(reconcileRefusal(obj('HelmRepository', { type: 'oci' }))).toBe(
      'reconciliation not supported by the object',
    );
    expect(reconcileRefusal(obj('Alert'))).toBe('reconciliation not supported by the object');
    expect(reconcileRefusal(obj('HelmRepository', { type: 'default' }))).toBeUndefined();
    expect(ACTION_KINDS.map(k => k.kind)).not.toContain('ExternalArtifact');
  });

  it('patches: same timestamp for requestedAt/forceAt/resetAt; resume removes suspend and requests a reconcile', () => {
    expect(reconcilePatch('T', { force: true, reset: true })).toEqual({
      metadata: {
        annotations: {
          'reconcile.fluxcd.io/requestedAt': 'T',
          'reconcile.fluxcd.io/forceAt': 'T',
          'reconcile.fluxcd.io/resetAt': 'T',
        },
      },
    });
    expect(resumePatch(obj('Kustomization'), 'T')).toEqual({
      metadata: { annotations: { 'reconcile.fluxcd.io/requestedAt': 'T' } },
      spec: { suspend: null },
    });
    expect(resumePatch(obj('Provider'), 'T')).toEqual({ spec: { suspend: null } });
  });

  it('--with-source targets: Kustomization source, HelmRelease HelmChart <ns>-<name> or chartRef', () => {
    const src = 'source.toolkit.fluxcd.io';
    expect(
      withSourceTarget(obj('Kustomization', { sourceRef: { kind: 'GitRepository', name: 'repo' } })),
    ).toEqual({
      group: src,
      kind: 'GitRepository',
      namespace: 'apps',
      name: 'repo',
    });
    expect(
      withSourceTarget(obj('Kustomization', { sourceRef: { kind: 'ExternalArtifact', name: 'x' } })),
    ).toBeUndefined();
    expect(
      withSourceTarget(
        obj('HelmRelease', {
          chart: {
            spec: { chart: 'c', sourceRef: { kind: 'HelmRepository', name: 'r', namespace: 'flux-system' } },
          },
        }),
      ),
    ).toEqual({ group: src, kind: 'HelmChart', namespace: 'flux-system', name: 'apps-app' });
    expect(
      withSourceTarget(obj('HelmRelease', { chartRef: { kind: 'OCIRepository', name: 'oci' } })),
    ).toEqual({
      group: src,
      kind: 'OCIRepository',
      namespace: 'apps',
      name: 'oci',
    });
  });
});
