// @vitest-environment happy-dom
import type { ClusterObject } from '@fluxscope/shared';
import { cleanup, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../data/api';
import { connected, renderWithCluster } from '../../test-support/cluster';
import { StatsBar } from './StatsBar';

afterEach(cleanup);

const KS = 'kustomize.toolkit.fluxcd.io';
const ks = (name: string, ready: 'True' | 'False', extra: Partial<ClusterObject> = {}): ClusterObject => ({
  apiVersion: `${KS}/v1`,
  kind: 'Kustomization',
  metadata: { name, namespace: 'flux-system', uid: name, resourceVersion: `${name}-${ready}` },
  status: {
    conditions: [
      {
        type: 'Ready',
        status: ready,
        reason: ready === 'True' ? 'ReconciliationSucceeded' : 'BuildFailed',
        message: '',
      },
    ],
  },
  ...extra,
});
const hr = (name: string): ClusterObject => ({
  apiVersion: 'helm.toolkit.fluxcd.io/v2',
  kind: 'HelmRelease',
  metadata: { name, namespace: 'apps', uid: name, resourceVersion: '1' },
  spec: { suspend: true },
  status: { conditions: [{ type: 'Ready', status: 'True', reason: 'InstallSucceeded', message: '' }] },
});

describe('StatsBar', () => {
  it('is an empty strip while the first snapshot loads', async () => {
    await renderWithCluster(<StatsBar />, { error: new ApiError(0, 'unreachable', '/api/v1/snapshot') });
    expect(screen.queryByRole('navigation', { name: 'Flux stats' })).toBeNull();
  });

  it('counts per kind with links that filter the map, and a one-line summary', async () => {
    await renderWithCluster(<StatsBar />, { objects: [ks('apps', 'True'), ks('infra', 'False'), hr('web')] });
    const bar = screen.getByRole('navigation', { name: 'Flux stats' });
    expect(bar.textContent).toContain('1 failed');
    const running = screen.getByRole('link', { name: 'Kustomization: 2 running, 1 failing, 0 suspended' });
    expect(running.getAttribute('href')).toBe('/?kind=Kustomization');
    const failing = screen.getByRole('link', { name: '1 Kustomization failing' });
    expect(failing.getAttribute('href')).toBe('/?kind=Kustomization&status=failed%2Cstalled%2Cwaiting');
    expect(screen.getByRole('link', { name: '1 HelmRelease suspended' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Copy stats' })).toBeTruthy();
  });

  it('follows the stream: a fix turns the summary healthy', async () => {
    const t = await renderWithCluster(<StatsBar />, { objects: [ks('apps', 'True'), ks('infra', 'False')] });
    expect(screen.getByText('1 failed')).toBeTruthy();
    t.apply({ op: 'upsert', object: ks('infra', 'True') });
    expect(screen.getByText('All healthy')).toBeTruthy();
    expect(screen.queryByRole('link', { name: /failing$/ })).toBeNull();
  });

  it('never says healthy about stale data or a cluster without Flux', async () => {
    const t = await renderWithCluster(<StatsBar />, { objects: [ks('apps', 'True')] });
    t.apply({ op: 'connection', connection: { ...connected, state: 'unreachable' } });
    expect(screen.getByText('No live data')).toBeTruthy();
    cleanup();
    await renderWithCluster(<StatsBar />, { connection: { ...connected, fluxMissing: true } });
    expect(screen.getByText('Flux not installed')).toBeTruthy();
  });
});
