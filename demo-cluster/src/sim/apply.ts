/**
 * Creating objects as they look the moment they are applied (no status for Flux kinds, workloads with nothing
 * ready, PVCs pending), then what kube's own controllers do: ReplicaSets and Pods appear, Pods start and turn
 * ready, claims bind, load balancers get an address. Uninstall deletes the objects and their dependents.
 */
import { isFluxGroup, splitApiVersion } from '@fluxscope/shared';
import { deploymentStatus, podStatus } from '../seed/workloads.js';
import { gkOf } from '../store/store.js';
import type { KubeObject } from '../store/store.js';
import type { World } from './world.js';

function fresh(o: KubeObject): KubeObject {
  const copy = structuredClone(o);
  delete copy.metadata.creationTimestamp;
  delete copy.metadata.resourceVersion;
  const group = splitApiVersion(o.apiVersion).group;
  if (isFluxGroup(group)) {
    delete copy.status;
    return copy;
  }
  const replicas = (o.spec?.['replicas'] as number | undefined) ?? 1;
  switch (o.kind) {
    case 'Deployment':
      copy.status = {
        observedGeneration: 1,
        replicas: 0,
        conditions: [
          {
            type: 'Progressing',
            status: 'True',
            reason: 'NewReplicaSetCreated',
            message: 'Created new replica set.',
          },
        ],
      };
      break;
    case 'ReplicaSet':
      copy.status = {
        replicas,
        fullyLabeledReplicas: replicas,
        readyReplicas: 0,
        availableReplicas: 0,
        observedGeneration: 1,
      };
      break;
    case 'DaemonSet':
      copy.status = {
        currentNumberScheduled: 0,
        desiredNumberScheduled: 3,
        numberAvailable: 0,
        numberMisscheduled: 0,
        numberReady: 0,
        observedGeneration: 1,
        updatedNumberScheduled: 0,
      };
      break;
    case 'Pod':
      copy.status = {
        phase: 'Pending',
        conditions: [{ type: 'PodScheduled', status: 'True' }],
        qosClass: 'BestEffort',
      };
      break;
    case 'PersistentVolumeClaim':
      copy.status = { phase: 'Pending' };
      break;
    case 'Service':
      if (o.spec?.['type'] === 'LoadBalancer') copy.status = { loadBalancer: {} };
      break;
  }
  return copy;
}

const WORKLOADS = new Set(['Deployment', 'DaemonSet', 'PersistentVolumeClaim', 'Service']);

/** Applies one object; workloads then roll out in the background. `failing` keeps their pods crash-looping. */
export function applyObject(w: World, o: KubeObject, failing = false): KubeObject {
  const stored = w.store.put(fresh(o));
  if (WORKLOADS.has(o.kind)) void w.run.spawn(() => rollout(w, o, failing));
  return stored;
}

/** The target's timestamps are from the seed's past; the replay stamps "now" instead. */
function restamp(w: World, status: Record<string, unknown>): Record<string, unknown> {
  const now = w.now();
  const json = JSON.stringify(status).replace(
    /"(lastTransitionTime|lastUpdateTime|startTime|startedAt)":"[^"]+"/g,
    `"$1":"${now}"`,
  );
  return JSON.parse(json) as Record<string, unknown>;
}

async function rollout(w: World, o: KubeObject, failing: boolean): Promise<void> {
  const { store, run } = w;
  const put = (x: KubeObject, status: Record<string, unknown> | undefined) =>
    store.update(gkOf(x), x.metadata.namespace, x.metadata.name, d => (d.status = status));
  await run.sleep(0.6);
  if (o.kind === 'PersistentVolumeClaim' || o.kind === 'Service') {
    put(o, restamp(w, o.status ?? {}));
    return;
  }
  const sets = o.kind === 'Deployment' ? (w.dependents.get(o.metadata.uid ?? '') ?? []) : [o];
  const pods = sets.flatMap(s => (s.kind === 'Pod' ? [s] : (w.dependents.get(s.metadata.uid ?? '') ?? [])));
  for (const rs of sets) if (rs !== o) store.put(fresh(rs));
  for (const pod of pods.filter(p => p.kind === 'Pod')) store.put(fresh(pod));
  await run.sleep(1.2);
  for (const pod of pods.filter(p => p.kind === 'Pod')) {
    const containers = (pod.spec?.['containers'] as Array<{ name: string; image: string }>) ?? [];
    const updated = put(pod, podStatus(containers, !failing, w.now(), pod.metadata.name));
    // The kubelet's Warning for a crash-looping container, on the Pod (kubectl describe pod shows it).
    if (failing)
      for (const c of containers)
        w.event(
          updated,
          'Warning',
          'BackOff',
          `Back-off restarting failed container ${c.name} in pod ${pod.metadata.name}_${pod.metadata.namespace ?? ''}(${pod.metadata.uid ?? ''})`,
          'kubelet',
        );
  }
  await run.sleep(0.4);
  if (failing) {
    const replicas = (o.spec?.['replicas'] as number | undefined) ?? 1;
    if (o.kind === 'Deployment') {
      for (const rs of sets)
        if (rs !== o)
          put(rs, {
            replicas,
            fullyLabeledReplicas: replicas,
            readyReplicas: 0,
            availableReplicas: 0,
            observedGeneration: 1,
          });
      put(o, { ...deploymentStatus(replicas, 0, w.now()), updatedReplicas: replicas });
    }
    return;
  }
  for (const rs of sets) if (rs !== o) put(rs, restamp(w, rs.status ?? {}));
  put(o, restamp(w, o.status ?? {}));
}

/** Deletes objects (and what they own), newest first, as an uninstall or prune does. */
export function deleteObjects(w: World, objects: KubeObject[]): void {
  for (const o of [...objects].reverse()) {
    for (const dep of w.dependents.get(o.metadata.uid ?? '') ?? []) {
      for (const pod of w.dependents.get(dep.metadata.uid ?? '') ?? [])
        w.store.delete(gkOf(pod), pod.metadata.namespace, pod.metadata.name);
      w.store.delete(gkOf(dep), dep.metadata.namespace, dep.metadata.name);
    }
    w.store.delete(gkOf(o), o.metadata.namespace, o.metadata.name);
  }
}
