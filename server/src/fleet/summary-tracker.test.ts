import { ClusterIndex, type ClusterObject } from '@fluxscope/shared';
import { describe, expect, it } from 'vitest';
import type { SummaryDelta } from './backend.js';
import { SummaryTracker } from './summary-tracker.js';

const ks = (name: string, ready: 'True' | 'False'): ClusterObject => ({
  apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
  kind: 'Kustomization',
  metadata: { name, namespace: 'flux-system', uid: `uid-${name}`, generation: 1 },
  spec: {
    interval: '10m',
    path: './',
    prune: true,
    sourceRef: { kind: 'GitRepository', name: 'flux-system' },
  },
  status: {
    observedGeneration: 1,
    conditions: [
      {
        type: 'Ready',
        status: ready,
        reason: ready === 'True' ? 'ReconciliationSucceeded' : 'BuildFailed',
        message: ready === 'True' ? 'Applied revision: main@sha1:1' : 'kustomize build failed',
        lastTransitionTime: '2026-12-03T10:00:00Z',
      },
    ],
  },
});

describe('SummaryTracker', () => {
  it('summarizes when asked, at most once per interval, and sends what changed to subscribers', () => {
    const index = new ClusterIndex();
    let now = 0;
    const tracker = new SummaryTracker(index, 1000, () => now);
    const deltas: SummaryDelta[] = [];
    tracker.subscribe(d => deltas.push(d));
    index.upsert(ks('apps', 'True'));
    expect([...tracker.summaries()].map(s => [s.name, s.state])).toEqual([['apps', 'ready']]);
    expect(deltas.map(d => d.upserts.map(s => s.name))).toEqual([['apps']]);

    // Within the interval the last look stands; after it, the change shows and goes out as a delta.
    index.upsert(ks('apps', 'False'));
    now = 500;
    expect([...tracker.summaries()].map(s => s.state)).toEqual(['ready']);
    now = 1000;
    expect([...tracker.summaries()].map(s => s.state)).toEqual(['failed']);
    expect(deltas).toHaveLength(2);

    // Nothing moved: no delta, however often it is asked.
    now = 5000;
    tracker.summaries();
    expect(deltas).toHaveLength(2);
    index.remove({
      group: 'kustomize.toolkit.fluxcd.io',
      kind: 'Kustomization',
      namespace: 'flux-system',
      name: 'apps',
    });
    now = 6000;
    expect([...tracker.summaries()]).toEqual([]);
    expect(deltas[2]?.removes.map(r => r.name)).toEqual(['apps']);
  });
});
