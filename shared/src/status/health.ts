/**
 * Health of ordinary objects, modelled on kstatus (sigs.k8s.io/cli-utils/pkg/kstatus): Current, InProgress,
 * Failed, Terminating; `Exists` for kinds with no status model; `Unknown` when a status we expect is absent.
 */
import type { ClusterObject, Health } from '../kube/types.js';
import { conditionOf } from '../kube/types.js';

type Status = Record<string, unknown>;

const num = (v: unknown): number => (typeof v === 'number' ? v : 0);

function observedCurrent(obj: ClusterObject, status: Status): boolean {
  const generation = obj.metadata.generation;
  const observed = status['observedGeneration'];
  return generation === undefined || typeof observed !== 'number' || observed >= generation;
}

function replicaHealth(obj: ClusterObject, what: string): Health {
  const status = (obj.status ?? {}) as Status;
  if (!obj.status) return { status: 'Unknown', message: `${what} has no status yet` };
  if (!observedCurrent(obj, status))
    return { status: 'InProgress', message: 'status not yet observed for the latest generation' };
  const specReplicas = obj.spec?.['replicas'];
  const desired = typeof specReplicas === 'number' ? specReplicas : 1;
  const ready = num(status['readyReplicas']);
  const updated = num(status['updatedReplicas']);
  const available = num(status['availableReplicas']);
  if (obj.kind === 'Deployment') {
    const progressing = conditionOf(obj, 'Progressing');
    if (progressing?.reason === 'ProgressDeadlineExceeded') {
      return { status: 'Failed', message: progressing.message ?? 'progress deadline exceeded' };
    }
    if (updated < desired) return { status: 'InProgress', message: `Updated: ${updated}/${desired}` };
    if (available < desired) return { status: 'InProgress', message: `Available: ${available}/${desired}` };
  }
  if (ready < desired) return { status: 'InProgress', message: `Ready: ${ready}/${desired}` };
  return { status: 'Current', message: `Ready: ${ready}/${desired}` };
}

function daemonSetHealth(obj: ClusterObject): Health {
  const status = obj.status as Status | undefined;
  if (!status) return { status: 'Unknown', message: 'DaemonSet has no status yet' };
  if (!observedCurrent(obj, status))
    return { status: 'InProgress', message: 'status not yet observed for the latest generation' };
  const desired = num(status['desiredNumberScheduled']);
  const ready = num(status['numberReady']);
  const available = num(status['numberAvailable']);
  if (ready < desired || available < desired)
    return { status: 'InProgress', message: `Ready: ${ready}/${desired}` };
  return { status: 'Current', message: `Ready: ${ready}/${desired}` };
}

/** Waiting reasons that will not clear by themselves (kubelet's back-offs and configuration errors). */
const FAILING_WAITING = new Set([
  'CrashLoopBackOff',
  'ImagePullBackOff',
  'ErrImagePull',
  'ErrImageNeverPull',
  'InvalidImageName',
  'CreateContainerConfigError',
  'CreateContainerError',
  'RunContainerError',
]);

function podHealth(obj: ClusterObject): Health {
  const phase = obj.status?.['phase'];
  if (phase === 'Succeeded') return { status: 'Current', message: 'Pod has completed successfully' };
  if (phase === 'Failed')
    return { status: 'Failed', message: String(obj.status?.['reason'] ?? 'Pod has failed') };
  for (const key of ['initContainerStatuses', 'containerStatuses']) {
    const statuses = obj.status?.[key];
    if (!Array.isArray(statuses)) continue;
    for (const cs of statuses as Array<{ name?: string; state?: { waiting?: { reason?: string } } }>) {
      const reason = cs?.state?.waiting?.reason;
      if (reason && FAILING_WAITING.has(reason))
        return { status: 'Failed', message: `${cs.name ?? 'container'}: ${reason}` };
    }
  }
  if (phase === 'Running' && conditionOf(obj, 'Ready')?.status === 'True')
    return { status: 'Current', message: 'Pod is Ready' };
  return { status: 'InProgress', message: phase ? `Pod phase: ${String(phase)}` : 'Pod is pending' };
}

function jobHealth(obj: ClusterObject): Health {
  if (conditionOf(obj, 'Failed')?.status === 'True') {
    return { status: 'Failed', message: conditionOf(obj, 'Failed')?.message ?? 'Job failed' };
  }
  if (conditionOf(obj, 'Complete')?.status === 'True') return { status: 'Current', message: 'Job completed' };
  return { status: 'InProgress', message: `Active: ${num(obj.status?.['active'])}` };
}

export function healthOf(obj: ClusterObject): Health {
  if (obj.health) return obj.health;
  if (obj.metadata.deletionTimestamp) return { status: 'Terminating', message: 'deletion in progress' };
  switch (obj.kind) {
    case 'Deployment':
      return replicaHealth(obj, 'Deployment');
    case 'StatefulSet':
    case 'ReplicaSet':
      return replicaHealth(obj, obj.kind);
    case 'DaemonSet':
      return daemonSetHealth(obj);
    case 'Pod':
      return podHealth(obj);
    case 'Job':
      return jobHealth(obj);
    case 'PersistentVolumeClaim': {
      const phase = obj.status?.['phase'];
      return phase === 'Bound'
        ? { status: 'Current', message: 'PVC is Bound' }
        : { status: 'InProgress', message: `PVC is ${String(phase ?? 'Pending')}` };
    }
    case 'Service': {
      if (obj.spec?.['type'] !== 'LoadBalancer') return { status: 'Current', message: 'Service is ready' };
      const ingress = (obj.status?.['loadBalancer'] as { ingress?: unknown[] } | undefined)?.ingress;
      return Array.isArray(ingress) && ingress.length > 0
        ? { status: 'Current', message: 'LoadBalancer is ready' }
        : { status: 'InProgress', message: 'LoadBalancer is pending' };
    }
    case 'CustomResourceDefinition': {
      const established = conditionOf(obj, 'Established');
      if (established?.status === 'True') return { status: 'Current', message: 'CRD is established' };
      return { status: 'InProgress', message: established?.message ?? 'CRD is not established yet' };
    }
    case 'Namespace': {
      const phase = obj.status?.['phase'];
      return phase === 'Terminating'
        ? { status: 'Terminating', message: 'Namespace is terminating' }
        : { status: 'Current', message: 'Namespace is active' };
    }
    default:
      return { status: 'Exists', message: '' };
  }
}
