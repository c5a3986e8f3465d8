import type { ClusterObject, ConnectionState } from '@fluxscope/shared';
import { describe, expect, it } from 'vitest';
import { type Pending, outcome, permitted } from './ObjectActions';

const ref = { group: 'kustomize.toolkit.fluxcd.io', kind: 'Kustomization', namespace: 'apps', name: 'app' };
const connection = (over: Partial<ConnectionState>): ConnectionState => ({
  state: 'connected',
  since: '',
  demo: false,
  ...over,
});
const ks = (status: Record<string, unknown>, spec: Record<string, unknown> = {}): ClusterObject => ({
  apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
  kind: 'Kustomization',
  metadata: { name: 'app', namespace: 'apps' },
  spec,
  status,
});
const ready = (status: string, message = 'Applied revision: main@sha1:abc') => ({
  conditions: [{ type: 'Ready', status, message }],
});
const pending = (over: Partial<Pending>): Pending => ({
  action: 'reconcile',
  label: 'Reconciling',
  accepted: true,
  startedAt: 0,
  ...over,
});

describe('object actions', () => {
  it('are offered only with actions on and the kind permitted (in this namespace)', () => {
    const kinds = [{ group: ref.group, kind: ref.kind }];
    expect(permitted(connection({ actionsEnabled: true, actionKinds: kinds }), ref)).toBe(true);
    expect(permitted(connection({ actionsEnabled: false, actionKinds: kinds }), ref)).toBe(false);
    expect(permitted(connection({ actionsEnabled: true, actionKinds: [] }), ref)).toBe(false);
    const elsewhere = [{ group: ref.group, kind: ref.kind, namespaces: ['other'] }];
    expect(permitted(connection({ actionsEnabled: true, actionKinds: elsewhere }), ref)).toBe(false);
  });

  it('reconcile is done once lastHandledReconcileAt shows the request and Ready settled', () => {
    const p = pending({ requestedAt: 'T2' });
    expect(outcome(ks({ lastHandledReconcileAt: 'T1', ...ready('True') }), p)).toBeUndefined();
    expect(outcome(ks({ lastHandledReconcileAt: 'T2', ...ready('Unknown') }), p)).toBeUndefined();
    expect(outcome(ks({ lastHandledReconcileAt: 'T2', ...ready('True') }), p)).toMatchObject({ ok: true });
    expect(outcome(ks({ lastHandledReconcileAt: 'T2', ...ready('False', 'boom') }), p)).toEqual({
      ok: false,
      message: "reconciliation failed: 'boom'",
    });
  });

  it('suspend is done when spec.suspend is true; resume when it is gone and the reconcile handled', () => {
    expect(outcome(ks({}), pending({ action: 'suspend' }))).toBeUndefined();
    expect(outcome(ks({}, { suspend: true }), pending({ action: 'suspend' }))).toMatchObject({ ok: true });
    const resume = pending({ action: 'resume', requestedAt: 'T3' });
    expect(
      outcome(ks({ lastHandledReconcileAt: 'T3', ...ready('True') }, { suspend: true }), resume),
    ).toBeUndefined();
    expect(outcome(ks({ lastHandledReconcileAt: 'T3', ...ready('True') }), resume)).toMatchObject({
      ok: true,
    });
  });
});
