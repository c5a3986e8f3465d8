/** Workloads as kube's controllers leave them: ReplicaSets and Pods under their owners, statuses of running apps. */
import type { KubeObject } from '../store/store.js';
import type { SeedSet } from './builders.js';
import { NODES, meta } from './builders.js';
import { hex, kubeSuffix } from './ids.js';

export function podTemplate(name: string, image: string, port = 8080): Record<string, unknown> {
  return {
    metadata: { labels: { 'app.kubernetes.io/name': name } },
    spec: {
      serviceAccountName: name,
      containers: [
        { name: name.split('-').pop() ?? name, image, ports: [{ containerPort: port, protocol: 'TCP' }] },
      ],
    },
  };
}

export function deploymentStatus(replicas: number, ready: number, since: string): Record<string, unknown> {
  const available = ready >= replicas;
  return {
    observedGeneration: 1,
    replicas,
    updatedReplicas: replicas,
    readyReplicas: ready,
    availableReplicas: ready,
    ...(ready < replicas ? { unavailableReplicas: replicas - ready } : {}),
    conditions: [
      available
        ? {
            type: 'Available',
            status: 'True',
            reason: 'MinimumReplicasAvailable',
            message: 'Deployment has minimum availability.',
            lastTransitionTime: since,
            lastUpdateTime: since,
          }
        : {
            type: 'Available',
            status: 'False',
            reason: 'MinimumReplicasUnavailable',
            message: 'Deployment does not have minimum availability.',
            lastTransitionTime: since,
            lastUpdateTime: since,
          },
      {
        type: 'Progressing',
        status: 'True',
        reason: 'NewReplicaSetAvailable',
        message: 'ReplicaSet has successfully progressed.',
        lastTransitionTime: since,
        lastUpdateTime: since,
      },
    ],
  };
}

const ownerRef = (owner: KubeObject): NonNullable<KubeObject['metadata']['ownerReferences']>[number] =>
  ({
    apiVersion: owner.apiVersion,
    kind: owner.kind,
    name: owner.metadata.name,
    uid: owner.metadata.uid ?? '',
    controller: true,
    blockOwnerDeletion: true,
  }) as NonNullable<KubeObject['metadata']['ownerReferences']>[number];

/** uids are fixed here (not by the store) so ownerReferences can point at them before anything is stored. */
export function withUid(obj: KubeObject): KubeObject {
  obj.metadata.uid ??= [
    hex(`uid/${obj.kind}/${obj.metadata.namespace}/${obj.metadata.name}`, 8),
    '4d2a',
    '8f1c',
    hex(obj.metadata.name, 4),
    hex(`u${obj.metadata.name}`, 12),
  ].join('-');
  return obj;
}

export function addReplicaSet(
  set: SeedSet,
  dep: KubeObject,
  template: Record<string, unknown>,
  replicas: number,
  ready: number,
  createdAgo: number,
): void {
  withUid(dep);
  const hash = kubeSuffix(`${dep.metadata.namespace}/${dep.metadata.name}`, 10);
  const name = `${dep.metadata.name}-${hash}`;
  const rs = withUid(
    set.add({
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: meta(name, dep.metadata.namespace, {
        creationTimestamp: set.clock.ago(createdAgo),
        labels: { 'app.kubernetes.io/name': dep.metadata.name, 'pod-template-hash': hash },
        annotations: {
          'deployment.kubernetes.io/desired-replicas': String(replicas),
          'deployment.kubernetes.io/revision': '1',
        },
        ownerReferences: [ownerRef(dep)],
      }),
      spec: {
        replicas,
        selector: { matchLabels: { 'app.kubernetes.io/name': dep.metadata.name, 'pod-template-hash': hash } },
        template,
      },
      status: {
        replicas,
        fullyLabeledReplicas: replicas,
        readyReplicas: ready,
        availableReplicas: ready,
        observedGeneration: 1,
      },
    }),
  );
  for (let i = 0; i < replicas; i++) {
    addPod(
      set,
      rs,
      `${name}-${kubeSuffix(`${name}/${i}`, 5)}`,
      template,
      NODES[i % NODES.length] as string,
      i < ready,
      createdAgo - 1,
    );
  }
}

export function addPod(
  set: SeedSet,
  owner: KubeObject,
  name: string,
  template: Record<string, unknown>,
  node: string,
  ready: boolean,
  createdAgo: number,
): void {
  withUid(owner);
  const spec: Record<string, unknown> = { ...(template['spec'] as Record<string, unknown>), nodeName: node };
  const containers = (spec['containers'] as Array<{ name: string; image: string }>) ?? [];
  const started = set.clock.ago(createdAgo - 8);
  set.add({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: meta(name, owner.metadata.namespace, {
      creationTimestamp: set.clock.ago(createdAgo),
      labels: { ...((template['metadata'] as { labels?: Record<string, string> }).labels ?? {}) },
      ownerReferences: [ownerRef(owner)],
    }),
    spec,
    status: podStatus(containers, ready, started, name),
  });
}

export function podStatus(
  containers: Array<{ name: string; image: string }>,
  ready: boolean,
  started: string,
  seed: string,
): Record<string, unknown> {
  const cond = (type: string, status: boolean) => ({
    type,
    status: status ? 'True' : 'False',
    lastTransitionTime: started,
  });
  return {
    phase: 'Running',
    podIP: `10.0.${parseInt(hex(seed, 2), 16) % 200}.${parseInt(hex(`ip${seed}`, 2), 16) % 250}`,
    startTime: started,
    qosClass: 'BestEffort',
    conditions: [
      cond('Initialized', true),
      cond('Ready', ready),
      cond('ContainersReady', ready),
      cond('PodScheduled', true),
    ],
    containerStatuses: containers.map(c => ({
      name: c.name,
      image: c.image,
      imageID: `${c.image.split(':')[0]}@sha256:${hex(`img${c.image}`, 32)}`,
      ready,
      restartCount: ready ? 0 : CRASH_RESTARTS,
      started: ready,
      state: ready
        ? { running: { startedAt: started } }
        : {
            waiting: {
              reason: 'CrashLoopBackOff',
              message: `back-off 5m0s restarting failed container=${c.name} pod=${seed}`,
            },
          },
      // A crash-looping container shows how its last run ended, as the kubelet reports it.
      ...(ready
        ? {}
        : {
            lastState: {
              terminated: {
                exitCode: 1,
                reason: 'Error',
                startedAt: started,
                finishedAt: started,
                containerID: `containerd://${hex(`cid${seed}${c.name}`, 32)}`,
              },
            },
          }),
    })),
  };
}

/** Restarts of a crash-looping container by the time the demo shows it. */
export const CRASH_RESTARTS = 7;
