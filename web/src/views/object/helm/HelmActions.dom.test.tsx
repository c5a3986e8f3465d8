// @vitest-environment happy-dom
import type { ClusterObject, ConnectionState, ObjRef } from '@fluxscope/shared';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { useClusterObject } from '../../../data/cluster-context';
import { connected, renderWithCluster } from '../../../test-support/cluster';
import { ObjectActions } from '../ObjectActions';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const HR = 'helm.toolkit.fluxcd.io';
const KS = 'kustomize.toolkit.fluxcd.io';
const objRef: ObjRef = { group: HR, kind: 'HelmRelease', namespace: 'apps', name: 'podinfo' };
const KEY = `${HR}/HelmRelease/apps/podinfo`;
const hr = (rv: string, status: Record<string, unknown>): ClusterObject => ({
  apiVersion: `${HR}/v2`,
  kind: 'HelmRelease',
  metadata: { name: 'podinfo', namespace: 'apps', uid: 'podinfo', resourceVersion: rv },
  spec: { chart: { spec: { chart: 'podinfo', sourceRef: { kind: 'HelmRepository', name: 'charts' } } } },
  status,
});
const stalled = {
  upgradeFailures: 2,
  conditions: [
    { type: 'Ready', status: 'False', reason: 'UpgradeFailed', message: 'boom' },
    {
      type: 'Stalled',
      status: 'True',
      reason: 'RetriesExceeded',
      message: 'Failed to upgrade after 2 attempt(s)',
    },
  ],
};
const dependent: ClusterObject = {
  apiVersion: `${HR}/v2`,
  kind: 'HelmRelease',
  metadata: { name: 'frontend', namespace: 'apps', uid: 'frontend' },
  spec: { dependsOn: [{ name: 'podinfo' }] },
};
const withActions: ConnectionState = {
  ...connected,
  actionsEnabled: true,
  actionKinds: [
    { group: HR, kind: 'HelmRelease' },
    { group: KS, kind: 'Kustomization' },
  ],
};

function Live() {
  const obj = useClusterObject(KEY);
  return obj ? <ObjectActions objRef={objRef} obj={obj} /> : null;
}

describe('HelmRelease actions', () => {
  it('a release out of retries offers Reset first and says why; Force and Reset otherwise', async () => {
    const t = await renderWithCluster(<Live />, { objects: [hr('1', stalled)], connection: withActions });
    const names = () => screen.getAllByRole('button').map(b => b.textContent);
    expect(names()).toEqual(['Reset retries', 'Force', 'Reconcile', 'Reconcile with source', 'Suspend']);
    expect(screen.getByText(/Out of retries/)).toBeTruthy();
    t.apply({ op: 'upsert', object: hr('2', {}) });
    expect(names()).toEqual(['Reconcile', 'Reconcile with source', 'Force', 'Reset', 'Suspend']);
  });

  it('Reset posts reset, and the outcome says what the live object handled', async () => {
    const fetch = vi.fn((_url: string, _init?: RequestInit) =>
      Promise.resolve(
        new Response(JSON.stringify({ resourceVersion: '2', requestedAt: 'T1' }), { status: 200 }),
      ),
    );
    vi.stubGlobal('fetch', fetch);
    const t = await renderWithCluster(<Live />, { objects: [hr('1', stalled)], connection: withActions });
    fireEvent.click(screen.getByRole('button', { name: 'Reset retries' }));
    await waitFor(() => expect(fetch).toHaveBeenCalledTimes(1));
    expect(fetch.mock.calls[0]![1]?.body).toBe('{"reset":true}');
    t.apply({
      op: 'upsert',
      object: hr('3', {
        lastHandledReconcileAt: 'T1',
        lastHandledResetAt: 'T1',
        conditions: [{ type: 'Ready', status: 'True', reason: 'UpgradeSucceeded', message: 'upgraded' }],
      }),
    });
    await waitFor(() =>
      expect(screen.getByText(/reconciled \(failure counts reset\): upgraded/)).toBeTruthy(),
    );
  });

  it('Suspend names what depends on the object before it does anything', async () => {
    const fetch = vi.fn();
    vi.stubGlobal('fetch', fetch);
    await renderWithCluster(<Live />, { objects: [hr('1', {}), dependent], connection: withActions });
    fireEvent.click(screen.getByRole('button', { name: 'Suspend' }));
    const dialog = screen.getByRole('alertdialog');
    expect(dialog.textContent).toMatch(/Depending on it: 1 HelmRelease/);
    expect(within(dialog).getByText('apps/frontend', { exact: false })).toBeTruthy();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(fetch).not.toHaveBeenCalled();
  });
});
