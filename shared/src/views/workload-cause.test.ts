import { describe, expect, it } from 'vitest';
import { storedForm } from '../index/slim.js';
import { ClusterIndex } from '../index/cluster-index.js';
import { crashingPod } from './__fixtures__/workloads.js';
import { renderRootCauseText } from '../text/root-cause.js';
import { helmLabels, obj, ownerRef, parseFluxRef as r, ready } from './__fixtures__/builders.js';
import { buildSeedIndex, seedKs } from './__fixtures__/seed.js';
import { rootCause } from './root-cause.js';
import { podLine, podsOf, workloadCause } from './workload-cause.js';

const NOW = new Date('2026-12-03T10:10:00Z');

/** The seed with kubecost failing to install because its cost-analyzer Pod crash-loops. */
function failingSeed(): ClusterIndex {
  const index = buildSeedIndex();
  const set = (text: string, cond: ReturnType<typeof ready>) => {
    const o = index.get(r(text));
    if (o) index.upsert({ ...o, status: { ...o.status, conditions: [cond] } });
  };
  set(
    'HelmRelease/flux-system/kubecost',
    ready(
      'Helm install failed for release kubecost/kubecost with chart cost-analyzer@2.1.0: context deadline exceeded',
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
  const dep = index.get(r('Deployment/kubecost/kubecost-cost-analyzer'))!;
  index.upsert(
    storedForm({
      ...dep,
      spec: {
        replicas: 1,
        template: { spec: { containers: [{ name: 'analyzer', image: 'cost-model:2.1.0' }] } },
      },
      status: {
        observedGeneration: 1,
        replicas: 1,
        updatedReplicas: 1,
        readyReplicas: 0,
        availableReplicas: 0,
      },
    }),
  );
  const rs = index.get(r('ReplicaSet/kubecost/kubecost-cost-analyzer-6c9f8d7b5'))!;
  const podName = 'kubecost-cost-analyzer-6c9f8d7b5-x2x7q';
  index.upsert(
    storedForm({
      ...crashingPod(podName),
      metadata: { ...crashingPod(podName).metadata, ownerReferences: [ownerRef(rs)] },
    }),
  );
  return index;
}

describe('rootCause past the Flux object', () => {
  it('goes from a blocked Kustomization to the failing HelmRelease, its Deployment and the crash-looping Pod', () => {
    const cause = rootCause(failingSeed(), seedKs('controlplane'), NOW);
    expect(cause?.culprit).toEqual(r('HelmRelease/flux-system/kubecost'));
    expect(cause?.workload).toEqual({
      workload: r('Deployment/kubecost/kubecost-cost-analyzer'),
      workloadMessage: 'Available: 0/1',
      pod: r('Pod/kubecost/kubecost-cost-analyzer-6c9f8d7b5-x2x7q'),
      container: 'analyzer',
      line: 'Pod kubecost/kubecost-cost-analyzer-6c9f8d7b5-x2x7q: container analyzer CrashLoopBackOff, 14 restarts, last exit 1 (Error) 2m ago',
    });
  });

  it('descends from the failing HelmRelease itself, which has no Flux culprit beyond it', () => {
    const cause = rootCause(failingSeed(), r('HelmRelease/flux-system/kubecost'), NOW);
    expect(cause?.culprit).toEqual(r('HelmRelease/flux-system/kubecost'));
    expect(cause?.path).toEqual([r('HelmRelease/flux-system/kubecost')]);
    expect(cause?.workload?.pod?.name).toBe('kubecost-cost-analyzer-6c9f8d7b5-x2x7q');
  });

  it('prints the same as text', () => {
    const ref = seedKs('infrastructure');
    expect(renderRootCauseText(ref, rootCause(failingSeed(), ref, NOW))).toBe(
      [
        'Object:   Kustomization/flux-system/infrastructure',
        'Culprit:  HelmRelease/flux-system/kubecost (failed)',
        'Message:  Helm install failed for release kubecost/kubecost with chart cost-analyzer@2.1.0: context deadline exceeded',
        'Chain:    Kustomization/flux-system/infrastructure -> HelmRelease/flux-system/kubecost',
        'Workload: Deployment/kubecost/kubecost-cost-analyzer: Available: 0/1',
        'Why:      Pod kubecost/kubecost-cost-analyzer-6c9f8d7b5-x2x7q: container analyzer CrashLoopBackOff, 14 restarts, last exit 1 (Error) 2m ago',
        '',
      ].join('\n'),
    );
    expect(renderRootCauseText(seedKs('sources'), undefined)).toBe(
      'Kustomization/flux-system/sources is not blocked\n',
    );
  });
});

describe('workloadCause', () => {
  it('prefers a failing workload over one still progressing, and reads Helm labels without an inventory', () => {
    const index = new ClusterIndex();
    const hr = obj(r('HelmRelease/apps/web'), {
      status: { conditions: [ready('install failed', 'InstallFailed', 'False')] },
    });
    index.upsert(hr);
    const labels = helmLabels('apps', 'web');
    const sts = obj(r('StatefulSet/apps/db'), {
      labels,
      spec: { replicas: 1 },
      status: { readyReplicas: 0 },
    });
    const job = obj(r('Job/apps/migrate'), {
      labels,
      status: {
        failed: 3,
        conditions: [{ type: 'Failed', status: 'True', message: 'BackoffLimitExceeded' }],
      },
    });
    for (const o of [sts, job]) index.upsert(storedForm(o));
    const pod = storedForm({
      ...obj(r('Pod/apps/migrate-x1'), {
        owners: [ownerRef(job)],
        status: { phase: 'Failed', reason: 'Evicted', message: 'The node was low on resource: memory.' },
      }),
    });
    index.upsert(pod);
    expect(workloadCause(index, r('HelmRelease/apps/web'), NOW)).toEqual({
      workload: r('Job/apps/migrate'),
      workloadMessage: 'BackoffLimitExceeded',
      pod: r('Pod/apps/migrate-x1'),
      line: 'Pod apps/migrate-x1: Evicted: The node was low on resource: memory.',
    });
  });

  it('names the workload alone when it has no Pods, and nothing when all are healthy', () => {
    const index = new ClusterIndex();
    const ks = obj(r('Kustomization/flux-system/apps'), {
      status: {
        conditions: [ready('health check failed', 'HealthCheckFailed', 'False')],
        inventory: { entries: [{ id: 'apps_web_apps_Deployment', v: 'v1' }] },
      },
    });
    index.upsert(ks);
    index.upsert(
      storedForm(
        obj(r('Deployment/apps/web'), {
          spec: { replicas: 2 },
          status: { updatedReplicas: 2, readyReplicas: 0 },
        }),
      ),
    );
    expect(workloadCause(index, r('Kustomization/flux-system/apps'), NOW)?.line).toBe(
      'Deployment apps/web: Available: 0/2',
    );
    index.upsert(
      storedForm(
        obj(r('Deployment/apps/web'), {
          spec: { replicas: 2 },
          status: { updatedReplicas: 2, readyReplicas: 2, availableReplicas: 2 },
        }),
      ),
    );
    expect(workloadCause(index, r('Kustomization/flux-system/apps'), NOW)).toBeUndefined();
  });

  it('says what a Pod waits for when no container is at fault', () => {
    const pod = storedForm(obj(r('Pod/a/p'), { status: { phase: 'Pending' } }));
    expect(podLine(pod, NOW).line).toBe('Pod a/p: Pod phase: Pending');
  });

  it('walks owner references that loop without recursing (a ReplicaSet listed as its own owner)', () => {
    const index = new ClusterIndex();
    const rs = obj(r('ReplicaSet/a/a'), { uid: 'u1' });
    index.upsert(rs);
    index.upsert(obj(r('ReplicaSet/c/a'), { uid: 'u1', owners: [ownerRef(rs)] }));
    index.upsert(obj(r('Pod/a/p'), { owners: [ownerRef(rs)] }));
    expect(podsOf(index, rs).map(p => p.metadata.name)).toEqual(['p']);
  });
});
