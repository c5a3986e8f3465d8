/** Workload objects as the API server returns them, with the configuration the slim form must drop. */
import type { ClusterObject } from '../../kube/types.js';

export const WORKLOAD_T0 = '2026-12-03T10:00:00Z';
const T = WORKLOAD_T0;

/** A Pod as the kubelet reports a crash-looping container, with the configuration the slim form must drop. */
export function crashingPod(name = 'cost-analyzer-7f9c-abcde', namespace = 'kubecost'): ClusterObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace,
      uid: `uid-${name}`,
      labels: { app: 'x', 'app.kubernetes.io/name': 'analyzer' },
    },
    spec: {
      nodeName: 'ip-10-0-1-12.us-west-2.compute.internal',
      initContainers: [{ name: 'init-config', image: 'busybox:1.36', command: ['sh', '-c', 'cp /a /b'] }],
      containers: [
        {
          name: 'analyzer',
          image: 'gcr.io/kubecost1/cost-model:prod-2.1.0',
          env: [{ name: 'DB_PASSWORD', value: 'hunter2' }],
          command: ['/go/bin/app', '--token=secret'],
          volumeMounts: [{ name: 'data', mountPath: '/var/data' }],
        },
        { name: 'frontend', image: 'gcr.io/kubecost1/frontend:prod-2.1.0' },
      ],
      volumes: [{ name: 'data', configMap: { name: 'cfg' } }],
    },
    status: {
      phase: 'Running',
      startTime: T,
      conditions: [{ type: 'Ready', status: 'False' }],
      initContainerStatuses: [
        {
          name: 'init-config',
          ready: true,
          restartCount: 0,
          state: { terminated: { exitCode: 0, reason: 'Completed', finishedAt: T } },
        },
      ],
      containerStatuses: [
        {
          name: 'analyzer',
          image: 'gcr.io/kubecost1/cost-model:prod-2.1.0',
          ready: false,
          restartCount: 14,
          state: {
            waiting: { reason: 'CrashLoopBackOff', message: 'back-off 5m0s restarting failed container' },
          },
          lastState: {
            terminated: {
              exitCode: 1,
              reason: 'Error',
              finishedAt: '2026-12-03T10:08:00Z',
              message: 'x'.repeat(5000),
            },
          },
        },
        {
          name: 'frontend',
          image: 'gcr.io/kubecost1/frontend:prod-2.1.0',
          ready: true,
          restartCount: 0,
          state: { running: { startedAt: T } },
        },
      ],
    },
  };
}
