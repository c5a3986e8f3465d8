/**
 * Below a failing Kustomization or HelmRelease: the first unhealthy workload it applied (its inventory, or
 * for a HelmRelease without one its Helm-labelled objects), then that workload's worst Pod, said in one line:
 * `Pod kubecost/cost-analyzer-7f9c: container analyzer CrashLoopBackOff, 14 restarts, last exit 1 (Error) 2m ago`.
 * Cost: O(inventory + Pods of one workload), keyed lookups only.
 */
import type { ObjRef } from '../inventory/ids.js';
import { HELM_GROUP } from '../kinds/registry.js';
import type { ClusterIndex } from '../index/cluster-index.js';
import { refOf } from '../index/cluster-index.js';
import type { ClusterObject, HealthStatus } from '../kube/types.js';
import { healthOf } from '../status/health.js';
import { workloadStatusOf } from '../status/workload.js';
import { humanDuration } from '../text/events.js';
import type { ContainerState, WorkloadCause } from '../wire/diagnostics.js';

/** Kinds that run Pods, in the order worth blaming when several are unhealthy at once. */
const WORKLOADS = ['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'ReplicaSet', 'Pod'];
const workloadRank = new Map(WORKLOADS.map((k, i) => [k, i] as const));

/** Unknown (no status at all yet) is not blamed: a real cluster's workloads always carry a status. */
const SEVERITY: Partial<Record<HealthStatus, number>> = { Failed: 2, InProgress: 1 };
const severity = (obj: ClusterObject): number => SEVERITY[healthOf(obj).status] ?? 0;

/** Waiting reasons that are only a step of a normal start. */
const STARTING = new Set(['ContainerCreating', 'PodInitializing']);

/** The objects a Kustomization or HelmRelease applied, in inventory order. */
export function appliedRefs(index: ClusterIndex, ref: ObjRef): ObjRef[] {
  const inventory = index.inventoryOf(ref);
  if (inventory) return inventory.flatMap(e => (e.ref ? [e.ref] : []));
  if (ref.kind === 'HelmRelease')
    return index.labelledBy(HELM_GROUP, ref.namespace, ref.name).map(o => refOf(o));
  return [];
}

/** Kinds between a workload and its Pods (Deployment → ReplicaSet → Pod, CronJob → Job → Pod). */
const POD_OWNERS = new Set(['ReplicaSet', 'Job']);

/**
 * The Pods a workload runs: a Deployment's through its ReplicaSets, a CronJob's through its Jobs. Owner
 * references come from the cluster as they are, so the walk is bounded (two levels) and skips uids already
 * seen: an object listed as its own owner must not recurse.
 */
export function podsOf(index: ClusterIndex, obj: ClusterObject): ClusterObject[] {
  if (obj.kind === 'Pod') return [obj];
  const out: ClusterObject[] = [];
  const seen = new Set<string>();
  let owners = [obj];
  for (let depth = 0; depth < 3 && owners.length > 0; depth++) {
    const next: ClusterObject[] = [];
    for (const owner of owners) {
      const uid = owner.metadata.uid;
      if (!uid || seen.has(uid)) continue;
      seen.add(uid);
      for (const child of index.ownedBy(uid)) {
        if (child.kind === 'Pod') out.push(child);
        else if (POD_OWNERS.has(child.kind)) next.push(child);
      }
    }
    owners = next;
  }
  return out;
}

function containerScore(c: ContainerState): number {
  if (c.state === 'waiting' && c.reason && !STARTING.has(c.reason)) return 4;
  if (c.state === 'terminated' && (c.exitCode ?? 0) !== 0) return 3;
  if (!c.ready && c.restarts > 0) return 2;
  if (!c.ready && !(c.init && c.state === 'terminated')) return 1;
  return 0;
}

/** The container to talk about: the one in the worst state, then with the most restarts. */
export function worstContainer(pod: ClusterObject): ContainerState | undefined {
  let best: ContainerState | undefined;
  let bestScore = 0;
  for (const c of workloadStatusOf(pod)?.pod?.containers ?? []) {
    const score = containerScore(c);
    if (score === 0) continue;
    if (!best || score > bestScore || (score === bestScore && c.restarts > best.restarts)) {
      best = c;
      bestScore = score;
    }
  }
  return best;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function ago(iso: string | undefined, now: Date): string {
  const t = iso ? Date.parse(iso) : NaN;
  return Number.isNaN(t) ? '' : ` ${humanDuration(now.getTime() - t)} ago`;
}

/** One line about a Pod: its worst container's state, restarts and last termination, or its health. */
export function podLine(pod: ClusterObject, now: Date): { line: string; container?: string } {
  const name = `Pod ${pod.metadata.namespace ?? ''}/${pod.metadata.name}`;
  const c = worstContainer(pod);
  if (!c) {
    const status = workloadStatusOf(pod)?.pod;
    const why = status?.reason ? `${status.reason}${status.message ? `: ${status.message}` : ''}` : '';
    return { line: `${name}: ${why || healthOf(pod).message}` };
  }
  const parts = [
    `container ${c.name}${c.init ? ' (init)' : ''} ${c.reason ?? (c.ready ? 'Ready' : `${c.state}, not ready`)}`,
  ];
  if (c.state === 'terminated' && c.exitCode !== undefined) parts[0] += ` (exit ${c.exitCode})`;
  parts.push(plural(c.restarts, 'restart'));
  if (c.last)
    parts.push(
      `last exit ${c.last.exitCode}${c.last.reason ? ` (${c.last.reason})` : ''}${ago(c.last.finishedAt, now)}`,
    );
  return { line: `${name}: ${parts.join(', ')}`, container: c.name };
}

/** The worst of a workload's Pods: unhealthy first, then the most restarts. */
function worstPod(pods: ClusterObject[]): ClusterObject | undefined {
  const restarts = (p: ClusterObject) =>
    (workloadStatusOf(p)?.pod?.containers ?? []).reduce((n, c) => n + c.restarts, 0);
  let best: ClusterObject | undefined;
  for (const p of pods) {
    if (severity(p) === 0 && !worstContainer(p)) continue;
    if (
      !best ||
      severity(p) > severity(best) ||
      (severity(p) === severity(best) && restarts(p) > restarts(best))
    )
      best = p;
  }
  return best;
}

/** The first unhealthy workload a Kustomization/HelmRelease applied, and its worst Pod; undefined if none. */
export function workloadCause(index: ClusterIndex, ref: ObjRef, now: Date): WorkloadCause | undefined {
  let workload: ClusterObject | undefined;
  for (const child of appliedRefs(index, ref)) {
    if (!workloadRank.has(child.kind)) continue;
    const obj = index.get(child);
    if (!obj || severity(obj) === 0) continue;
    if (
      !workload ||
      severity(obj) > severity(workload) ||
      (severity(obj) === severity(workload) &&
        (workloadRank.get(obj.kind) ?? 0) < (workloadRank.get(workload.kind) ?? 0))
    )
      workload = obj;
  }
  if (!workload) return undefined;
  const wref = refOf(workload);
  const health = healthOf(workload);
  const pod = worstPod(podsOf(index, workload));
  const out: WorkloadCause = {
    workload: wref,
    workloadMessage: health.message,
    line: `${wref.kind} ${wref.namespace}/${wref.name}: ${health.message}`,
  };
  if (pod) {
    const { line, container } = podLine(pod, now);
    out.pod = refOf(pod);
    out.line = line;
    if (container) out.container = container;
  }
  return out;
}
