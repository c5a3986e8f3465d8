// @vitest-environment happy-dom
import type { ClusterObject, ConnectionState, ObjRef } from '@fluxscope/shared';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { useClusterObject } from '../../data/cluster-context';
import { connected, renderWithCluster } from '../../test-support/cluster';
import { ObjectActions } from './ObjectActions';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const KS = 'kustomize.toolkit.fluxcd.io';
const objRef: ObjRef = { group: KS, kind: 'Kustomization', namespace: 'apps', name: 'web' };
const KEY = `${KS}/Kustomization/apps/web`;
const ks = (
  rv: string,
  status: Record<string, unknown> = {},
  spec: Record<string, unknown> = {},
): ClusterObject => ({
  apiVersion: `${KS}/v1`,
  kind: 'Kustomization',
  metadata: { name: 'web', namespace: 'apps', uid: 'web', resourceVersion: rv },
  spec: { sourceRef: { kind: 'GitRepository', name: 'repo' }, ...spec },
  status: {
    conditions: [{ type: 'Ready', status: 'True', reason: 'ReconciliationSucceeded', message: '' }],
    ...status,
  },
});
const withActions: ConnectionState = {
  ...connected,
  actionsEnabled: true,
  actionKinds: [{ group: KS, kind: 'Kustomization' }],
};

/** As the object page mounts it: with the live object. */
function Live() {
  const obj = useClusterObject(KEY);
  return obj ? <ObjectActions objRef={objRef} obj={obj} /> : null;
}

function answer(status: number, body: unknown) {
  const fetch = vi.fn((_url: string, _init?: RequestInit) =>
    Promise.resolve(
      new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } }),
    ),
  );
  vi.stubGlobal('fetch', fetch);
  return fetch;
}

describe('ObjectActions buttons', () => {
  it('are absent without --enable-actions or without permission for this kind', async () => {
    await renderWithCluster(<Live />, { objects: [ks('1')] });
    expect(screen.queryByRole('group', { name: 'Flux actions' })).toBeNull();
    cleanup();
    await renderWithCluster(<Live />, {
      objects: [ks('1')],
      connection: { ...withActions, actionKinds: [{ group: 'helm.toolkit.fluxcd.io', kind: 'HelmRelease' }] },
    });
    expect(screen.queryByRole('group', { name: 'Flux actions' })).toBeNull();
  });

  it('offer reconcile, reconcile with source and suspend, or resume when suspended', async () => {
    const t = await renderWithCluster(<Live />, { objects: [ks('1')], connection: withActions });
    const names = () => screen.getAllByRole('button').map(b => b.textContent);
    expect(names()).toEqual(['Reconcile', 'Reconcile with source', 'Suspend']);
    t.apply({ op: 'upsert', object: ks('2', {}, { suspend: true }) });
    expect(names()).toEqual(['Reconcile', 'Reconcile with source', 'Resume']);
    expect(screen.getByRole('button', { name: 'Reconcile' }).hasAttribute('disabled')).toBe(true);
  });

  it('POST the action with the CSRF header, show progress, and report when the live object has handled it', async () => {
    const fetch = answer(200, {
      action: 'reconcile',
      object: objRef,
      resourceVersion: '2',
      requestedAt: 'T1',
    });
    const t = await renderWithCluster(<Live />, { objects: [ks('1')], connection: withActions });
    fireEvent.click(screen.getByRole('button', { name: 'Reconcile with source' }));
    expect(screen.getByText(/Reconciling with source/)).toBeTruthy();
    await waitFor(() => expect(fetch).toHaveBeenCalledTimes(1));
    const [url, init] = fetch.mock.calls[0]!;
    expect(url).toBe('/api/v1/actions/reconcile/kustomize.toolkit.fluxcd.io/Kustomization/apps/web');
    expect(init?.method).toBe('POST');
    expect(init?.body).toBe('{"withSource":true}');
    expect(new Headers(init?.headers).get('x-fluxscope-action')).toBe('1');
    for (const button of screen.getAllByRole('button')) expect(button.hasAttribute('disabled')).toBe(true);

    t.apply({ op: 'upsert', object: ks('3', { lastHandledReconcileAt: 'T1' }) });
    await waitFor(() => expect(screen.getByText(/Kustomization\/apps\/web reconciled/)).toBeTruthy());
    expect(screen.getByRole('button', { name: 'Suspend' }).hasAttribute('disabled')).toBe(false);
  });

  it('turn a refused action into an error toast and become usable again', async () => {
    answer(403, { message: 'kustomizations.kustomize.toolkit.fluxcd.io "web" is forbidden' });
    await renderWithCluster(<Live />, { objects: [ks('1')], connection: withActions });
    fireEvent.click(screen.getByRole('button', { name: 'Suspend' }));
    // Suspend asks first, naming what depends on the object.
    fireEvent.click(within(screen.getByRole('alertdialog')).getByRole('button', { name: 'Suspend' }));
    await waitFor(() =>
      expect(screen.getByText(/Suspending Kustomization\/apps\/web failed: .*forbidden/)).toBeTruthy(),
    );
    expect(screen.getByRole('button', { name: 'Suspend' }).hasAttribute('disabled')).toBe(false);
  });
});
