import { describe, expect, it } from 'vitest';
import { ClusterIndex } from '../index/cluster-index.js';
import { obj, parseFluxRef as r, ready } from './__fixtures__/builders.js';
import { buildTimeline, lastRevisionChange, lastRollout } from './timeline.js';

const iso = (h: number, m: number) =>
  `2026-01-01T${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:00.000Z`;

/** A cluster bootstrapped at 01:00, then left alone for hours of periodic refreshes. */
function steadyCluster(): ClusterIndex {
  const index = new ClusterIndex();
  const created = (o: ReturnType<typeof obj>, at: string) => {
    o.metadata.creationTimestamp = at;
    return o;
  };
  index.upsert(
    created(
      obj(r('GitRepository/flux-system/flux-system'), {
        status: { artifact: { revision: 'main@sha1:abc', lastUpdateTime: iso(1, 1) } },
      }),
      iso(1, 0),
    ),
  );
  index.upsert(
    created(
      obj(r('Kustomization/flux-system/flux-system'), {
        spec: { sourceRef: { kind: 'GitRepository', name: 'flux-system' } },
        status: {
          // The last refresh flipped Ready to Unknown and back at 04:15.
          conditions: [ready('ok', 'ReconciliationSucceeded', 'True', iso(4, 15))],
          history: [
            {
              firstReconciled: iso(1, 2),
              lastReconciled: iso(4, 15),
              lastReconciledStatus: 'ReconciliationSucceeded',
            },
          ],
        },
      }),
      iso(1, 0),
    ),
  );
  index.upsert(
    created(
      obj(r('HelmRelease/flux-system/kubecost'), {
        status: {
          conditions: [ready('ok', 'InstallSucceeded', 'True', iso(4, 10))],
          history: [{ status: 'deployed', firstDeployed: iso(1, 5), lastDeployed: iso(1, 5) }],
        },
      }),
      iso(1, 1),
    ),
  );
  return index;
}

describe('buildTimeline over periodic refreshes', () => {
  it('anchors at the bootstrap of the root source', () => {
    expect(lastRevisionChange(steadyCluster())).toBe(iso(1, 0));
  });

  it('anchors at a later revision change of the root source', () => {
    const index = steadyCluster();
    const git = index.get(r('GitRepository/flux-system/flux-system'))!;
    index.upsert({
      ...git,
      status: { artifact: { revision: 'main@sha1:def', lastUpdateTime: iso(3, 30) } },
    });
    expect(lastRevisionChange(index)).toBe(iso(3, 30));
  });

  it('bars end when the revision first became ready, not at the last Ready flip', () => {
    const bars = buildTimeline(steadyCluster(), { since: iso(1, 0) });
    const bar = (name: string) => bars.find(b => b.ref.name === name)!;
    expect(bar('flux-system')).toMatchObject({ start: iso(1, 0), ready: iso(1, 2), durationMs: 120_000 });
    expect(bar('kubecost')).toMatchObject({ start: iso(1, 1), ready: iso(1, 5), durationMs: 240_000 });
  });
});

describe('lastRollout: where the default window starts', () => {
  it('is the whole bootstrap: from the root source, not from the last object it deployed', () => {
    expect(lastRollout(steadyCluster())).toBe(iso(1, 0));
  });

  it('is a chart upgrade on its own, hours later, without any Git change', () => {
    const index = steadyCluster();
    const chart = obj(r('HelmChart/flux-system/flux-system-kubecost'), {
      status: { artifact: { revision: '2.1.0', lastUpdateTime: iso(3, 29) } },
    });
    chart.metadata.creationTimestamp = iso(1, 1);
    index.upsert(chart);
    const kubecost = index.get(r('HelmRelease/flux-system/kubecost'))!;
    index.upsert({
      ...kubecost,
      status: {
        ...kubecost.status,
        history: [{ status: 'deployed', version: 2, firstDeployed: iso(3, 31), lastDeployed: iso(3, 31) }],
      },
    });
    expect(lastRollout(index)).toBe(iso(3, 29));
  });

  it('ignores HelmRepository index refreshes, which deploy nothing', () => {
    const index = steadyCluster();
    index.upsert(
      obj(r('HelmRepository/flux-system/eks-charts'), {
        status: { artifact: { revision: 'sha256:1', lastUpdateTime: iso(5, 0) } },
      }),
    );
    expect(lastRollout(index)).toBe(iso(1, 0));
  });

  it('is undefined before anything has changed', () => {
    expect(lastRollout(new ClusterIndex())).toBeUndefined();
  });
});
