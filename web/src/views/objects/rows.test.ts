import type { ClusterObject } from '@fluxscope/shared';
import { ClusterIndex } from '@fluxscope/shared';
import { describe, expect, it } from 'vitest';
import { filterRows, objectRows, sortRows } from './rows';

function ks(
  name: string,
  ready: string,
  reason: string,
  since: string,
  extra: Partial<ClusterObject['spec']> = {},
): ClusterObject {
  return {
    apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
    kind: 'Kustomization',
    metadata: { name, namespace: 'flux-system' },
    spec: { ...extra },
    status: {
      lastAppliedRevision: 'main@sha1:0123456789abcdef0123456789abcdef01234567',
      conditions: [
        { type: 'Ready', status: ready, reason, message: `${name} msg`, lastTransitionTime: since },
      ],
    },
  };
}

function index(): ClusterIndex {
  const idx = new ClusterIndex();
  idx.upsert(ks('apps', 'True', 'ReconciliationSucceeded', '2026-01-01T00:00:10Z'));
  idx.upsert(ks('infra', 'False', 'BuildFailed', '2026-01-01T00:00:20Z'));
  idx.upsert(ks('paused', 'True', 'ReconciliationSucceeded', '2026-01-01T00:00:05Z', { suspend: true }));
  idx.upsert({
    apiVersion: 'source.toolkit.fluxcd.io/v1',
    kind: 'GitRepository',
    metadata: { name: 'flux-system', namespace: 'flux-system' },
    status: {
      artifact: { revision: 'main@sha1:abc' },
      conditions: [{ type: 'Ready', status: 'True', reason: 'Succeeded', message: 'stored artifact' }],
    },
  });
  return idx;
}

describe('objects table rows', () => {
  it('flattens get all into one row per object with revision, suspended, ready and state', () => {
    const rows = objectRows(index());
    expect(rows.map(r => `${r.kind}/${r.name}`)).toEqual([
      'GitRepository/flux-system',
      'Kustomization/apps',
      'Kustomization/infra',
      'Kustomization/paused',
    ]);
    const infra = rows.find(r => r.name === 'infra')!;
    expect(infra).toMatchObject({ ready: 'False', state: 'failed', suspended: false, message: 'infra msg' });
    expect(infra.revision).toBe('main@sha1:01234567');
    expect(rows.find(r => r.name === 'paused')).toMatchObject({ suspended: true, state: 'suspended' });
  });

  it('sorts by readiness with failures first, and by age', () => {
    const rows = objectRows(index());
    expect(sortRows(rows, { key: 'ready', dir: 'asc' })[0]!.name).toBe('infra');
    expect(
      sortRows(rows, { key: 'age', dir: 'asc' })
        .map(r => r.name)
        .slice(0, 2),
    ).toEqual(['infra', 'apps']);
    expect(sortRows(rows, { key: 'name', dir: 'desc' })[0]!.name).toBe('paused');
  });

  it('filters by text, kind and state', () => {
    const rows = objectRows(index());
    expect(filterRows(rows, { text: 'INFRA' }).map(r => r.name)).toEqual(['infra']);
    expect(filterRows(rows, { kind: 'GitRepository' })).toHaveLength(1);
    expect(filterRows(rows, { state: 'failed,suspended' }).map(r => r.name)).toEqual(['infra', 'paused']);
  });
});

describe('kinds flux get all does not list', () => {
  it('gives Terraform objects rows of their own', () => {
    const idx = index();
    idx.upsert({
      apiVersion: 'infra.contrib.fluxcd.io/v1alpha2',
      kind: 'Terraform',
      metadata: { name: 'pool-1', namespace: 'flux-system' },
      spec: { path: './terraform' },
      status: {
        lastAppliedRevision: 'v0.0.1@sha1:abc',
        conditions: [{ type: 'Ready', status: 'False', reason: 'PlanFailed', message: 'plan failed' }],
      },
    });
    const row = objectRows(idx).find(r => r.kind === 'Terraform');
    expect(row).toMatchObject({
      name: 'pool-1',
      revision: 'v0.0.1@sha1:abc',
      ready: 'False',
      state: 'failed',
      message: 'plan failed',
    });
  });
});
