import { describe, expect, it } from 'vitest';
import { refKey } from '../inventory/ids.js';
import { ClusterIndex } from '../index/cluster-index.js';
import { ksLabels, obj, parseFluxRef as r, ready } from './__fixtures__/builders.js';
import { buildSeedIndex, seedKs } from './__fixtures__/seed.js';
import { buildGraph } from './graph.js';
import { rootCause } from './root-cause.js';
import { buildTimeline } from './timeline.js';

const id = (text: string) => refKey(r(text));

describe('buildGraph', () => {
  const graph = buildGraph(buildSeedIndex());
  const node = (text: string) => graph.nodes.find(n => n.id === id(text));
  const has = (type: string, from: string, to: string) =>
    graph.edges.some(e => e.type === type && e.source === id(from) && e.target === id(to));

  it('lays the seed out in three layers with ranks along parents and dependsOn', () => {
    expect(graph.nodes.filter(n => n.layer === 'entry')).toHaveLength(8);
    expect(node('Kustomization/flux-system/flux-system')).toMatchObject({
      root: true,
      rank: 0,
      subtitle: 'clusters/production · main@5b7e4b1',
    });
    expect(node('Kustomization/flux-system/sources')?.rank).toBe(1);
    expect(node('Kustomization/flux-system/infrastructure')?.rank).toBe(2);
    expect(node('Kustomization/flux-system/controlplane')?.rank).toBe(3);
    expect(node('Kustomization/flux-system/capacitor')?.rank).toBe(2);
    expect(node('HelmRelease/flux-system/kubecost')).toMatchObject({
      layer: 'deploy',
      subtitle: 'cost-analyzer@2.1.0',
    });
    expect(node('ImagePolicy/flux-system/consumer-image-policy')?.layer).toBe('deploy');
    expect(node('HelmRepository/flux-system/kubecost')?.layer).toBe('source');
  });

  it('draws dependsOn, parent and uses-source edges', () => {
    expect(
      has('dependsOn', 'Kustomization/flux-system/infrastructure', 'Kustomization/flux-system/sources'),
    ).toBe(true);
    expect(has('parent', 'Kustomization/flux-system/flux-system', 'Kustomization/flux-system/sources')).toBe(
      true,
    );
    expect(
      has('parent', 'Kustomization/flux-system/infrastructure', 'HelmRelease/flux-system/kubecost'),
    ).toBe(true);
    expect(
      has('uses-source', 'HelmRelease/flux-system/kubecost', 'HelmChart/flux-system/flux-system-kubecost'),
    ).toBe(true);
    expect(
      has('uses-source', 'HelmChart/flux-system/flux-system-kubecost', 'HelmRepository/flux-system/kubecost'),
    ).toBe(true);
    expect(
      has('uses-source', 'Kustomization/flux-system/capacitor', 'OCIRepository/flux-system/capacitor'),
    ).toBe(true);
    expect(
      graph.edges.filter(e => e.type === 'parent' && e.target === id('HelmRepository/flux-system/kubecost')),
    ).toEqual([]);
  });

  it('adds placeholder nodes for dangling references and survives dependsOn cycles', () => {
    const index = new ClusterIndex();
    index.upsert(
      obj(r('Kustomization/a/one'), {
        spec: { dependsOn: [{ name: 'two' }], sourceRef: { kind: 'GitRepository', name: 'gone' } },
      }),
    );
    index.upsert(
      obj(r('Kustomization/a/two'), {
        spec: { dependsOn: [{ name: 'one' }, { name: 'ghost', namespace: 'b' }] },
      }),
    );
    const g = buildGraph(index);
    const ghost = g.nodes.find(n => n.id === id('Kustomization/b/ghost'));
    expect(ghost).toMatchObject({ missing: true, state: 'unknown', layer: 'entry' });
    expect(g.edges.find(e => e.target === id('GitRepository/a/gone'))?.dangling).toBe(true);
    expect(
      g.edges.every(e => g.nodes.some(n => n.id === e.source) && g.nodes.some(n => n.id === e.target)),
    ).toBe(true);
  });
});

describe('rootCause', () => {
  const failing = () => {
    const index = buildSeedIndex();
    const set = (text: string, cond: ReturnType<typeof ready>) => {
      const o = index.get(r(text));
      if (o) index.upsert({ ...o, status: { ...o.status, conditions: [cond] } });
    };
    set(
      'HelmRelease/flux-system/kubecost',
      ready(
        'Helm install failed for release kubecost/kubecost with chart cost-analyzer@2.1.0: timeout',
        'InstallFailed',
        'False',
      ),
    );
    set(
      'Kustomization/flux-system/infrastructure',
      ready(
        'Health check failed after 5m: HelmRelease/flux-system/kubecost status: Failed',
        'HealthCheckFailed',
        'False',
      ),
    );
    set(
      'Kustomization/flux-system/controlplane',
      ready("dependency 'flux-system/infrastructure' is not ready", 'DependencyNotReady', 'False'),
    );
    return index;
  };

  it('names the failing HelmRelease inside the dependency a blocked Kustomization waits on', () => {
    const cause = rootCause(failing(), seedKs('controlplane'));
    expect(cause?.culprit).toEqual(r('HelmRelease/flux-system/kubecost'));
    expect(cause?.path.map(p => p.name)).toEqual(['controlplane', 'infrastructure', 'kubecost']);
    expect(cause?.culpritState).toBe('failed');
    expect(cause?.message).toMatch(/install failed/);
    expect(rootCause(failing(), seedKs('infrastructure'))?.culprit.name).toBe('kubecost');
    expect(rootCause(failing(), r('HelmRelease/flux-system/kubecost'))).toBeUndefined();
    expect(rootCause(failing(), seedKs('sources'))).toBeUndefined();
  });

  it('keeps naming the failing HelmRelease while a source refreshes on its interval', () => {
    const index = failing();
    const refreshing = ready('Reconciliation in progress', 'Progressing', 'Unknown');
    for (const text of ['GitRepository/flux-system/flux-system', 'Kustomization/flux-system/sources']) {
      const current = index.get(r(text));
      if (!current) throw new Error(`fixture lacks ${text}`);
      index.upsert({ ...current, status: { ...current.status, conditions: [refreshing] } });
    }
    const cause = rootCause(index, seedKs('controlplane'));
    expect(cause?.culprit).toEqual(r('HelmRelease/flux-system/kubecost'));
    expect(cause?.culpritState).toBe('failed');
  });

  it('follows sources to a missing object, and terminates on dependsOn cycles', () => {
    const index = new ClusterIndex();
    index.upsert(
      obj(r('Kustomization/a/app'), {
        spec: { sourceRef: { kind: 'GitRepository', name: 'gone' } },
        status: { conditions: [ready('Source artifact not found', 'ArtifactFailed', 'False')] },
      }),
    );
    expect(rootCause(index, r('Kustomization/a/app'))).toMatchObject({
      culprit: r('GitRepository/a/gone'),
      culpritState: 'missing',
    });
    const waiting = ready('dependency not ready', 'DependencyNotReady', 'False');
    index.upsert(
      obj(r('Kustomization/a/x'), {
        spec: { dependsOn: [{ name: 'y' }] },
        status: { conditions: [waiting] },
      }),
    );
    index.upsert(
      obj(r('Kustomization/a/y'), {
        spec: { dependsOn: [{ name: 'x' }] },
        status: { conditions: [waiting] },
      }),
    );
    expect(rootCause(index, r('Kustomization/a/x'))).toMatchObject({
      culprit: r('Kustomization/a/y'),
      culpritState: 'waiting',
      message: 'dependsOn cycle: Kustomization/a/x → Kustomization/a/y → Kustomization/a/x',
    });
  });
});

describe('buildTimeline', () => {
  it('bars from Ready times and events, critical path along dependsOn and parents', () => {
    const index = new ClusterIndex();
    const at = (m: number) => `2026-01-01T00:${String(m).padStart(2, '0')}:00Z`;
    const ks = (name: string, readyMin: number | undefined, dependsOn: string[] = [], parent = 'root') =>
      obj(r(`Kustomization/fs/${name}`), {
        labels: name === 'root' ? undefined : ksLabels('fs', parent),
        spec: { dependsOn: dependsOn.map(n => ({ name: n })) },
        status: {
          conditions: [
            readyMin === undefined
              ? ready('...', 'Progressing', 'Unknown')
              : ready('ok', 'ReconciliationSucceeded', 'True', at(readyMin)),
          ],
        },
      });
    index.upsert(ks('root', 1));
    index.upsert(ks('sources', 2));
    index.upsert(ks('infra', 6, ['sources']));
    index.upsert(ks('apps', 7, ['infra']));
    index.upsert(ks('tenants', 3));
    index.upsert(ks('late', undefined, ['apps']));
    index.upsertEvent({
      id: 'e',
      namespace: 'fs',
      type: 'Normal',
      reason: 'Progressing',
      message: '',
      involvedObject: { kind: 'Kustomization', name: 'infra', namespace: 'fs' },
      lastTimestamp: at(3),
    });
    const bars = buildTimeline(index, { since: '2026-01-01T00:00:30Z' });
    const bar = (name: string) => bars.find(b => b.ref.name === name);
    expect(bar('infra')).toMatchObject({
      start: at(3).replace('Z', '.000Z'),
      ready: at(6).replace('Z', '.000Z'),
      durationMs: 180_000,
    });
    expect(bar('late')?.ready).toBeUndefined();
    expect(
      bars
        .filter(b => b.critical)
        .map(b => b.ref.name)
        .sort(),
    ).toEqual(['apps', 'infra', 'root', 'sources']);
    expect(bar('apps')?.parent).toBe(id('Kustomization/fs/root'));
  });
});
