import { describe, expect, it } from 'vitest';
import { ClusterIndex } from '../index/cluster-index.js';
import type { ClusterObject } from '../kube/types.js';
import { containersOf, hasPodLogs, podsForLogs } from './pods.js';

const obj = (
  apiVersion: string,
  kind: string,
  name: string,
  uid: string,
  owner?: string,
  created = '',
): ClusterObject => ({
  apiVersion,
  kind,
  metadata: {
    name,
    namespace: 'app',
    uid,
    ...(created ? { creationTimestamp: created } : {}),
    ...(owner
      ? { ownerReferences: [{ apiVersion: 'apps/v1', kind: 'X', name: 'x', uid: owner, controller: true }] }
      : {}),
  },
});

describe('podsForLogs', () => {
  it('walks Deployment → ReplicaSet → Pod and CronJob → Job → Pod, newest first', () => {
    const index = new ClusterIndex();
    index.upsert(obj('apps/v1', 'Deployment', 'web', 'd1'));
    index.upsert(obj('apps/v1', 'ReplicaSet', 'web-1', 'r1', 'd1'));
    index.upsert(obj('apps/v1', 'ReplicaSet', 'web-2', 'r2', 'd1'));
    index.upsert(obj('v1', 'Pod', 'web-1-a', 'p1', 'r1', '2026-01-01T00:00:00Z'));
    index.upsert(obj('v1', 'Pod', 'web-2-b', 'p2', 'r2', '2026-01-02T00:00:00Z'));
    index.upsert(obj('v1', 'Pod', 'other', 'p3'));
    index.upsert(obj('batch/v1', 'CronJob', 'nightly', 'c1'));
    index.upsert(obj('batch/v1', 'Job', 'nightly-1', 'j1', 'c1'));
    index.upsert(obj('v1', 'Pod', 'nightly-1-x', 'p4', 'j1'));
    const ref = (kind: string, name: string, group = 'apps') => ({ group, kind, namespace: 'app', name });
    expect(podsForLogs(index, ref('Deployment', 'web')).map(p => p.metadata.name)).toEqual([
      'web-2-b',
      'web-1-a',
    ]);
    expect(podsForLogs(index, ref('CronJob', 'nightly', 'batch')).map(p => p.metadata.name)).toEqual([
      'nightly-1-x',
    ]);
    expect(podsForLogs(index, ref('Pod', 'other', '')).map(p => p.metadata.name)).toEqual(['other']);
    expect(podsForLogs(index, ref('Deployment', 'absent'))).toEqual([]);
  });

  it('hasPodLogs: Pods and workload kinds only', () => {
    expect(hasPodLogs({ group: '', kind: 'Pod', namespace: 'a', name: 'b' })).toBe(true);
    expect(hasPodLogs({ group: 'apps', kind: 'StatefulSet', namespace: 'a', name: 'b' })).toBe(true);
    expect(hasPodLogs({ group: '', kind: 'Service', namespace: 'a', name: 'b' })).toBe(false);
  });
});

describe('containersOf', () => {
  it('lists init containers first, with state, restarts and whether a log exists', () => {
    const pod: ClusterObject = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p' },
      spec: {
        initContainers: [{ name: 'init' }],
        containers: [{ name: 'app' }, { name: 'side' }, { name: 'new' }],
      },
      status: {
        initContainerStatuses: [
          { name: 'init', restartCount: 0, state: { terminated: { reason: 'Completed', exitCode: 0 } } },
        ],
        containerStatuses: [
          {
            name: 'app',
            restartCount: 14,
            state: { waiting: { reason: 'CrashLoopBackOff' } },
            lastState: { terminated: { exitCode: 1 } },
          },
          { name: 'side', restartCount: 0, state: { running: { startedAt: 'x' } } },
          { name: 'new', restartCount: 0, state: { waiting: { reason: 'ContainerCreating' } } },
        ],
      },
    };
    expect(containersOf(pod)).toEqual([
      {
        name: 'init',
        init: true,
        state: 'terminated: Completed (exit 0)',
        started: true,
        restartCount: 0,
        hasPrevious: false,
      },
      {
        name: 'app',
        init: false,
        state: 'waiting: CrashLoopBackOff',
        started: true,
        restartCount: 14,
        hasPrevious: true,
      },
      { name: 'side', init: false, state: 'running', started: true, restartCount: 0, hasPrevious: false },
      {
        name: 'new',
        init: false,
        state: 'waiting: ContainerCreating',
        started: false,
        restartCount: 0,
        hasPrevious: false,
      },
    ]);
  });

  it('a Pod without status has containers that are not started', () => {
    expect(
      containersOf({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'p' },
        spec: { containers: [{ name: 'a' }] },
      })[0],
    ).toMatchObject({
      state: 'not started',
      started: false,
    });
  });
});
