/**
 * The workload status summary (WorkloadStatus) and CRD summary (CrdSummary) read from whole objects before
 * they are slimmed: what the workload pages, the root cause and the Flux runtime page need, and nothing that
 * holds configuration or data (no env, commands, args, volumes, probes).
 */
import type { ClusterObject } from '../kube/types.js';
import { conditionOf } from '../kube/types.js';
import type { ContainerState, CrdSummary, Termination, WorkloadStatus } from '../wire/diagnostics.js';

type Rec = Record<string, unknown>;

const rec = (v: unknown): Rec | undefined => (v && typeof v === 'object' ? (v as Rec) : undefined);
const int = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? Math.trunc(v) : 0);
const text = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const list = (v: unknown): Rec[] => (Array.isArray(v) ? v.map(rec).filter(x => x !== undefined) : []);

/** Messages can hold a whole termination log; the first 300 characters say what happened. */
const MESSAGE_MAX = 300;
const cut = (v: unknown): string | undefined => {
  const s = text(v);
  return s && s.length > MESSAGE_MAX ? `${s.slice(0, MESSAGE_MAX - 1)}…` : s;
};

function imagesOf(podSpec: Rec | undefined): string[] {
  if (!podSpec) return [];
  const out: string[] = [];
  for (const c of [...list(podSpec['initContainers']), ...list(podSpec['containers'])]) {
    const image = text(c['image']);
    if (image && !out.includes(image)) out.push(image);
  }
  return out;
}

function termination(v: unknown): Termination | undefined {
  const t = rec(v);
  if (!t) return undefined;
  const out: Termination = { exitCode: int(t['exitCode']) };
  const reason = text(t['reason']);
  if (reason) out.reason = reason;
  if (typeof t['signal'] === 'number') out.signal = int(t['signal']);
  const finishedAt = text(t['finishedAt']);
  if (finishedAt) out.finishedAt = finishedAt;
  return out;
}

function containerState(cs: Rec, specImage: string | undefined, init: boolean): ContainerState {
  const state = rec(cs['state']);
  const running = rec(state?.['running']);
  const waiting = rec(state?.['waiting']);
  const terminated = rec(state?.['terminated']);
  const out: ContainerState = {
    name: text(cs['name']) ?? '',
    image: specImage ?? text(cs['image']) ?? '',
    ready: cs['ready'] === true,
    restarts: int(cs['restartCount']),
    state: running ? 'running' : waiting ? 'waiting' : terminated ? 'terminated' : 'unknown',
  };
  if (init) out.init = true;
  const detail = waiting ?? terminated;
  const reason = text(detail?.['reason']);
  if (reason) out.reason = reason;
  const message = cut(detail?.['message']);
  if (message) out.message = message;
  if (terminated) out.exitCode = int(terminated['exitCode']);
  const since = text(running?.['startedAt']) ?? text(terminated?.['finishedAt']);
  if (since) out.since = since;
  const last = termination(rec(cs['lastState'])?.['terminated']);
  if (last) out.last = last;
  return out;
}

/** Every container of the Pod, init containers first, in spec order; spec-only ones are `unknown`. */
function podContainers(spec: Rec | undefined, status: Rec | undefined): ContainerState[] {
  const out: ContainerState[] = [];
  for (const [specKey, statusKey, init] of [
    ['initContainers', 'initContainerStatuses', true],
    ['containers', 'containerStatuses', false],
  ] as const) {
    const statuses = new Map(list(status?.[statusKey]).map(cs => [text(cs['name']) ?? '', cs] as const));
    const specs = list(spec?.[specKey]);
    const names = specs.length ? specs.map(c => text(c['name']) ?? '') : [...statuses.keys()];
    for (const name of names) {
      const specImage = text(specs.find(c => c['name'] === name)?.['image']);
      const cs = statuses.get(name) ?? { name };
      out.push(containerState(cs, specImage, init));
    }
  }
  return out;
}

function podTemplateSpec(obj: ClusterObject): Rec | undefined {
  if (obj.kind === 'CronJob')
    return rec(rec(rec(rec(obj.spec?.['jobTemplate'])?.['spec'])?.['template'])?.['spec']);
  return rec(rec(obj.spec?.['template'])?.['spec']);
}

function rollout(obj: ClusterObject, status: Rec): WorkloadStatus['rollout'] {
  if (obj.kind === 'Deployment') {
    const c = conditionOf(obj, 'Progressing');
    if (!c) return undefined;
    return {
      status: c.status,
      ...(c.reason ? { reason: c.reason } : {}),
      ...(c.message ? { message: cut(c.message) } : {}),
    };
  }
  if (obj.kind === 'StatefulSet') {
    const current = text(status['currentRevision']);
    const update = text(status['updateRevision']);
    if (!update) return undefined;
    return current === update
      ? { status: 'True', reason: 'RolloutComplete', message: `revision ${update}` }
      : { status: 'Unknown', reason: 'RollingUpdate', message: `${current ?? '?'} → ${update}` };
  }
  return undefined;
}

/** The summary for workload kinds (Deployment, StatefulSet, DaemonSet, ReplicaSet, Pod, Job, CronJob). */
export function workloadStatusOf(obj: ClusterObject): WorkloadStatus | undefined {
  if (obj.workload) return obj.workload;
  const status = rec(obj.status) ?? {};
  switch (obj.kind) {
    case 'Deployment':
    case 'StatefulSet':
    case 'ReplicaSet': {
      const specReplicas = obj.spec?.['replicas'];
      const out: WorkloadStatus = {
        replicas: {
          desired: typeof specReplicas === 'number' ? int(specReplicas) : 1,
          ready: int(status['readyReplicas']),
          // A ReplicaSet has no updatedReplicas; every replica is of its own template.
          updated: obj.kind === 'ReplicaSet' ? int(status['replicas']) : int(status['updatedReplicas']),
          available: int(status['availableReplicas']),
        },
        images: imagesOf(podTemplateSpec(obj)),
      };
      const r = rollout(obj, status);
      if (r) out.rollout = r;
      return out;
    }
    case 'DaemonSet': {
      const desired = int(status['desiredNumberScheduled']);
      const updated = int(status['updatedNumberScheduled']);
      return {
        replicas: {
          desired,
          ready: int(status['numberReady']),
          updated,
          available: int(status['numberAvailable']),
        },
        images: imagesOf(podTemplateSpec(obj)),
        rollout:
          updated >= desired
            ? { status: 'True', reason: 'RolloutComplete' }
            : { status: 'Unknown', reason: 'RollingUpdate', message: `Updated: ${updated}/${desired}` },
      };
    }
    case 'Pod': {
      const spec = rec(obj.spec);
      const pod: NonNullable<WorkloadStatus['pod']> = {
        phase: text(status['phase']) ?? 'Pending',
        ready: conditionOf(obj, 'Ready')?.status === 'True',
        containers: podContainers(spec, status),
      };
      const node = text(spec?.['nodeName']);
      if (node) pod.node = node;
      const reason = text(status['reason']);
      if (reason) pod.reason = reason;
      const message = cut(status['message']);
      if (message) pod.message = message;
      const start = text(status['startTime']);
      if (start) pod.startTime = start;
      return { images: imagesOf(spec), pod };
    }
    case 'Job': {
      const failed = conditionOf(obj, 'Failed');
      const complete = conditionOf(obj, 'Complete');
      const job: NonNullable<WorkloadStatus['job']> = {
        result: failed?.status === 'True' ? 'Failed' : complete?.status === 'True' ? 'Complete' : 'Running',
        active: int(status['active']),
        succeeded: int(status['succeeded']),
        failed: int(status['failed']),
      };
      const start = text(status['startTime']);
      if (start) job.startTime = start;
      const done = text(status['completionTime']);
      if (done) job.completionTime = done;
      const message = cut(failed?.status === 'True' ? failed.message : undefined);
      if (message) job.message = message;
      return { images: imagesOf(podTemplateSpec(obj)), job };
    }
    case 'CronJob': {
      const cronJob: NonNullable<WorkloadStatus['cronJob']> = {
        schedule: text(obj.spec?.['schedule']) ?? '',
        suspended: obj.spec?.['suspend'] === true,
        active: list(status['active']).length,
      };
      const last = text(status['lastScheduleTime']);
      if (last) cronJob.lastScheduleTime = last;
      const ok = text(status['lastSuccessfulTime']);
      if (ok) cronJob.lastSuccessfulTime = ok;
      return { images: imagesOf(podTemplateSpec(obj)), cronJob };
    }
    default:
      return undefined;
  }
}

/** Versions of a CustomResourceDefinition (served, storage, deprecated) and its status.storedVersions. */
export function crdSummaryOf(obj: ClusterObject): CrdSummary | undefined {
  if (obj.kind !== 'CustomResourceDefinition') return undefined;
  if (obj.crd) return obj.crd;
  const spec = rec(obj.spec);
  if (!spec) return undefined;
  const names = rec(spec['names']);
  return {
    group: text(spec['group']) ?? '',
    kind: text(names?.['kind']) ?? '',
    plural: text(names?.['plural']) ?? '',
    versions: list(spec['versions']).map(v => ({
      name: text(v['name']) ?? '',
      served: v['served'] === true,
      storage: v['storage'] === true,
      ...(v['deprecated'] === true ? { deprecated: true } : {}),
    })),
    storedVersions: Array.isArray(obj.status?.['storedVersions'])
      ? (obj.status['storedVersions'] as unknown[]).filter((s): s is string => typeof s === 'string')
      : [],
  };
}
