import { describe, expect, it } from 'vitest';
import { slimObject, storedForm } from '../index/slim.js';
import type { ClusterObject } from '../kube/types.js';
import { WORKLOAD_T0, crashingPod } from '../views/__fixtures__/workloads.js';
import { crdSummaryOf, workloadStatusOf } from './workload.js';

const T = WORKLOAD_T0;

describe('workloadStatusOf', () => {
  it('reads every container of a Pod: state, reason, restarts, last termination, images, node, readiness', () => {
    const w = workloadStatusOf(crashingPod());
    expect(w?.images).toEqual([
      'busybox:1.36',
      'gcr.io/kubecost1/cost-model:prod-2.1.0',
      'gcr.io/kubecost1/frontend:prod-2.1.0',
    ]);
    expect(w?.pod).toMatchObject({
      phase: 'Running',
      node: 'ip-10-0-1-12.us-west-2.compute.internal',
      ready: false,
    });
    expect(w?.pod?.containers).toEqual([
      {
        name: 'init-config',
        image: 'busybox:1.36',
        init: true,
        ready: true,
        restarts: 0,
        state: 'terminated',
        reason: 'Completed',
        exitCode: 0,
        since: T,
      },
      {
        name: 'analyzer',
        image: 'gcr.io/kubecost1/cost-model:prod-2.1.0',
        ready: false,
        restarts: 14,
        state: 'waiting',
        reason: 'CrashLoopBackOff',
        message: 'back-off 5m0s restarting failed container',
        last: { exitCode: 1, reason: 'Error', finishedAt: '2026-12-03T10:08:00Z' },
      },
      {
        name: 'frontend',
        image: 'gcr.io/kubecost1/frontend:prod-2.1.0',
        ready: true,
        restarts: 0,
        state: 'running',
        since: T,
      },
    ]);
  });

  it('lists containers the kubelet has not reported yet as unknown', () => {
    const pod = crashingPod();
    pod.status = { phase: 'Pending' };
    expect(workloadStatusOf(pod)?.pod?.containers.map(c => [c.name, c.state])).toEqual([
      ['init-config', 'unknown'],
      ['analyzer', 'unknown'],
      ['frontend', 'unknown'],
    ]);
  });

  it('keeps the summary in the slim form without env, commands, volumes or long messages', () => {
    const slim = storedForm(crashingPod());
    const json = JSON.stringify(slim);
    expect(json).not.toMatch(/hunter2|--token|volumeMounts|configMap|DB_PASSWORD|"spec"/);
    expect(slim.workload?.pod?.containers[1]?.restarts).toBe(14);
    expect(json.length).toBeLessThan(1500);
    // A slim object read again gives the same summary (the browser only ever sees slim objects).
    expect(workloadStatusOf(slim)).toEqual(workloadStatusOf(crashingPod()));
    expect(slim.health).toEqual({ status: 'Failed', message: 'analyzer: CrashLoopBackOff' });
  });

  it('reads replicas, images and the rollout condition of Deployments, StatefulSets and DaemonSets', () => {
    const template = {
      spec: { containers: [{ name: 'c', image: 'app:1.2', env: [{ name: 'A', value: 'b' }] }] },
    };
    const dep: ClusterObject = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'd', namespace: 'n', generation: 2 },
      spec: { replicas: 3, template },
      status: {
        observedGeneration: 2,
        replicas: 3,
        readyReplicas: 1,
        updatedReplicas: 2,
        availableReplicas: 1,
        conditions: [
          {
            type: 'Progressing',
            status: 'False',
            reason: 'ProgressDeadlineExceeded',
            message: 'ReplicaSet "d-1" has timed out progressing.',
          },
        ],
      },
    };
    expect(workloadStatusOf(dep)).toEqual({
      replicas: { desired: 3, ready: 1, updated: 2, available: 1 },
      images: ['app:1.2'],
      rollout: {
        status: 'False',
        reason: 'ProgressDeadlineExceeded',
        message: 'ReplicaSet "d-1" has timed out progressing.',
      },
    });
    const sts: ClusterObject = {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 's', namespace: 'n' },
      spec: { replicas: 2, template },
      status: {
        readyReplicas: 2,
        updatedReplicas: 1,
        availableReplicas: 2,
        currentRevision: 's-1',
        updateRevision: 's-2',
      },
    };
    expect(workloadStatusOf(sts)?.rollout).toEqual({
      status: 'Unknown',
      reason: 'RollingUpdate',
      message: 's-1 → s-2',
    });
    const ds: ClusterObject = {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'ds', namespace: 'n' },
      spec: { template },
      status: { desiredNumberScheduled: 3, numberReady: 3, updatedNumberScheduled: 3, numberAvailable: 3 },
    };
    expect(workloadStatusOf(ds)).toMatchObject({
      replicas: { desired: 3, ready: 3, updated: 3, available: 3 },
      rollout: { status: 'True', reason: 'RolloutComplete' },
    });
  });

  it('reads the last run of Jobs and CronJobs', () => {
    const job: ClusterObject = {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'j', namespace: 'n' },
      spec: { template: { spec: { containers: [{ name: 'c', image: 'job:1' }] } } },
      status: {
        failed: 6,
        startTime: T,
        conditions: [
          {
            type: 'Failed',
            status: 'True',
            reason: 'BackoffLimitExceeded',
            message: 'Job has reached the specified backoff limit',
          },
        ],
      },
    };
    expect(workloadStatusOf(job)).toEqual({
      images: ['job:1'],
      job: {
        result: 'Failed',
        active: 0,
        succeeded: 0,
        failed: 6,
        startTime: T,
        message: 'Job has reached the specified backoff limit',
      },
    });
    const cron: ClusterObject = {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'c', namespace: 'n' },
      spec: {
        schedule: '*/5 * * * *',
        jobTemplate: { spec: { template: { spec: { containers: [{ name: 'c', image: 'cron:2' }] } } } },
      },
      status: { lastScheduleTime: T, lastSuccessfulTime: T, active: [{ name: 'c-1' }] },
    };
    expect(workloadStatusOf(cron)).toEqual({
      images: ['cron:2'],
      cronJob: {
        schedule: '*/5 * * * *',
        suspended: false,
        active: 1,
        lastScheduleTime: T,
        lastSuccessfulTime: T,
      },
    });
  });

  it('has no summary for kinds without Pods, and survives odd statuses', () => {
    expect(workloadStatusOf({ apiVersion: 'v1', kind: 'Service', metadata: { name: 's' } })).toBeUndefined();
    const odd = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p' },
      status: { containerStatuses: 'x' },
    };
    expect(workloadStatusOf(odd as unknown as ClusterObject)?.pod?.containers).toEqual([]);
    expect(slimObject(odd as unknown as ClusterObject).workload?.pod?.phase).toBe('Pending');
  });
});

describe('crdSummaryOf', () => {
  it('reads served, storage and deprecated versions and storedVersions', () => {
    const crd: ClusterObject = {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'helmreleases.helm.toolkit.fluxcd.io' },
      spec: {
        group: 'helm.toolkit.fluxcd.io',
        names: { kind: 'HelmRelease', plural: 'helmreleases' },
        versions: [
          { name: 'v2', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object' } } },
          { name: 'v2beta2', served: true, storage: false, deprecated: true },
        ],
      },
      status: { storedVersions: ['v2beta2', 'v2'] },
    };
    const slim = storedForm(crd);
    expect(JSON.stringify(slim)).not.toMatch(/openAPIV3Schema/);
    expect(crdSummaryOf(slim)).toEqual({
      group: 'helm.toolkit.fluxcd.io',
      kind: 'HelmRelease',
      plural: 'helmreleases',
      versions: [
        { name: 'v2', served: true, storage: true },
        { name: 'v2beta2', served: true, storage: false, deprecated: true },
      ],
      storedVersions: ['v2beta2', 'v2'],
    });
  });
});
