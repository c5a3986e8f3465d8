/**
 * Which Pods a workload has (through ownerReferences in the index) and which of a Pod's containers have a
 * log to read. Pure: the server uses containersOf on the Pod it GETs, the browser podsForLogs on its index.
 */
import type { ClusterIndex } from '../index/cluster-index.js';
import type { ObjRef } from '../inventory/ids.js';
import type { ClusterObject } from '../kube/types.js';
import { podsOf } from '../views/workload-cause.js';
import type { LogContainer } from '../wire/logs.js';

/** Kinds whose Pods the Logs tab shows, and the kinds in between (Deployment → ReplicaSet → Pod). */
const OWNER_KINDS = new Set(['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob']);

export const hasPodLogs = (ref: ObjRef): boolean =>
  (ref.group === '' && ref.kind === 'Pod') ||
  (OWNER_KINDS.has(ref.kind) && (ref.group === 'apps' || ref.group === 'batch'));

/** The Pods under an object (itself when it is a Pod), newest first, at most `limit`. */
export function podsForLogs(index: ClusterIndex, ref: ObjRef, limit = 200): ClusterObject[] {
  const root = index.get(ref);
  if (!root) return [];
  if (ref.kind === 'Pod') return [root];
  const pods = podsOf(index, root);
  pods.sort(
    (a, b) =>
      (b.metadata.creationTimestamp ?? '').localeCompare(a.metadata.creationTimestamp ?? '') ||
      a.metadata.name.localeCompare(b.metadata.name),
  );
  return pods.slice(0, limit);
}

interface ContainerStatus {
  name?: unknown;
  restartCount?: unknown;
  state?: Record<string, { reason?: unknown; exitCode?: unknown } | undefined>;
  lastState?: { terminated?: unknown };
}

/** `running`, `waiting: CrashLoopBackOff`, `terminated: Error (exit 1)`, or `not started`. */
export function containerStateText(status: ContainerStatus | undefined): string {
  const state = status?.state;
  if (!state) return 'not started';
  if (state['running']) return 'running';
  const waiting = state['waiting'];
  if (waiting) return typeof waiting.reason === 'string' ? `waiting: ${waiting.reason}` : 'waiting';
  const done = state['terminated'];
  if (done) {
    const reason = typeof done.reason === 'string' ? done.reason : 'Terminated';
    return typeof done.exitCode === 'number'
      ? `terminated: ${reason} (exit ${done.exitCode})`
      : `terminated: ${reason}`;
  }
  return 'not started';
}

/** A Pod's init containers then containers, with what their logs hold (from the full Pod object). */
export function containersOf(pod: ClusterObject): LogContainer[] {
  const spec = (pod.spec ?? {}) as { initContainers?: unknown; containers?: unknown };
  const status = (pod.status ?? {}) as { initContainerStatuses?: unknown; containerStatuses?: unknown };
  const list = (specs: unknown, statuses: unknown, init: boolean): LogContainer[] => {
    const byName = new Map<string, ContainerStatus>();
    if (Array.isArray(statuses))
      for (const s of statuses as ContainerStatus[]) if (typeof s?.name === 'string') byName.set(s.name, s);
    if (!Array.isArray(specs)) return [];
    return (specs as Array<{ name?: unknown }>)
      .filter((c): c is { name: string } => typeof c?.name === 'string')
      .map(c => {
        const s = byName.get(c.name);
        const restartCount = typeof s?.restartCount === 'number' ? s.restartCount : 0;
        const state = containerStateText(s);
        // restartCount > 0 means an earlier instance ran even when a status writer left lastState out.
        const lastRun = Boolean(s?.lastState?.terminated) || restartCount > 0;
        // As the kubelet reads logs: a waiting container that ran before (CrashLoopBackOff) shows its last
        // terminated run; a container that never ran has no log, only its state.
        const started = state === 'running' || state.startsWith('terminated') || lastRun;
        return {
          name: c.name,
          init,
          state,
          started,
          restartCount,
          hasPrevious: lastRun,
        };
      });
  };
  return [
    ...list(spec.initContainers, status.initContainerStatuses, true),
    ...list(spec.containers, status.containerStatuses, false),
  ];
}
