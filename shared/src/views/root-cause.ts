/**
 * Why is this object not ready? From a blocked object (DependencyNotReady, SourceNotReady, a source that is
 * not ready), follow dependsOn and source references — and, inside a Kustomization that is not ready, the
 * Flux objects of its inventory that are not ready — to the first object that is failing itself or missing.
 * An object that only waits is never the culprit: a waiting object whose dependencies are all Ready now has
 * no cause to name (it waits for its retry, see waitInfo); a dependsOn cycle is named as such.
 * When that culprit is a Kustomization or HelmRelease, go one step further down to the workload and Pod
 * (workload-cause.ts). Cost: O(objects on the walked paths); cycles are cut by a visited set.
 */
import type { ObjRef } from '../inventory/ids.js';
import { formatObjRef, refKey } from '../inventory/ids.js';
import { isFluxKind } from '../kinds/registry.js';
import { RECONCILER_KINDS as RECONCILERS } from '../kinds/roles.js';
import type { ClusterIndex } from '../index/cluster-index.js';
import type { ClusterObject } from '../kube/types.js';
import type { FluxState } from '../status/flux-status.js';
import { fluxStatus } from '../status/flux-status.js';
import { chartRefOf, chartSourceRefOf, dependsOnOf, helmChartRefOf, sourceRefOf } from './refs.js';
import type { RootCause } from './types.js';
import { workloadCause } from './workload-cause.js';

/** Kinds a Kustomization's failure can come from (health checks wait on them). */
const RECONCILER_KINDS = new Set(RECONCILERS);

const notReady = (state: FluxState) => state !== 'ready';

/** The objects this one waits on, in the order worth checking: dependencies, then its source chain. */
function upstream(obj: ClusterObject, index: ClusterIndex): ObjRef[] {
  const out = [...dependsOnOf(obj)];
  if (obj.kind === 'HelmRelease') {
    const chartRef = chartRefOf(obj);
    if (chartRef) out.push(chartRef);
    else {
      const chart = helmChartRefOf(obj);
      if (chart && (chart.fromStatus || index.get(chart.ref))) out.push(chart.ref);
      else {
        const src = chartSourceRefOf(obj);
        if (src) out.push(src);
      }
    }
  } else {
    const src = sourceRefOf(obj);
    if (src) out.push(src);
  }
  return out;
}

/** Not-ready reconcilers a Kustomization applied (its inventory): the usual reason it fails health checks. */
function failingChildren(index: ClusterIndex, ks: ObjRef): ObjRef[] {
  const out: ObjRef[] = [];
  for (const entry of index.inventoryOf(ks) ?? []) {
    const ref = entry.ref;
    if (!ref || !RECONCILER_KINDS.has(ref.kind) || !isFluxKind(ref.group, ref.kind)) continue;
    const child = index.get(ref);
    if (child && notReady(fluxStatus(child).state)) out.push(ref);
  }
  return out;
}

interface Found {
  path: ObjRef[];
  culprit: ObjRef;
  state: FluxState | 'missing';
  message: string;
}

/**
 * How much a culprit explains: an object failing on its own beats one that only waits or is briefly
 * progressing (a source refreshing on its interval must not hide the HelmRelease that really fails).
 */
const SEVERITY: Record<FluxState | 'missing', number> = {
  missing: 5,
  failed: 5,
  stalled: 5,
  suspended: 3,
  unknown: 2,
  waiting: 1,
  progressing: 0,
  ready: -1,
};

function walk(index: ClusterIndex, ref: ObjRef, visited: Set<string>): Found | undefined {
  const key = refKey(ref);
  if (visited.has(key)) return undefined;
  visited.add(key);
  const obj = index.get(ref);
  if (!obj) return { path: [ref], culprit: ref, state: 'missing', message: `${formatObjRef(ref)} not found` };
  const st = fluxStatus(obj);
  if (!notReady(st.state)) return undefined;
  const next = upstream(obj, index).filter(r => {
    const o = index.get(r);
    return !o || notReady(fluxStatus(o).state);
  });
  if (obj.kind === 'Kustomization' && st.state !== 'waiting') next.push(...failingChildren(index, ref));
  let best: Found | undefined;
  for (const r of next) {
    const found = walk(index, r, visited);
    if (found && (!best || SEVERITY[found.state] > SEVERITY[best.state])) {
      best = { ...found, path: [ref, ...found.path] };
      if (SEVERITY[best.state] >= SEVERITY.failed) break;
    }
  }
  // A waiting object is explained by whatever it waits on. When everything it waits on is Ready now it only
  // waits for its next retry (depends-on.ts): it is nobody's cause, so it is never named as one.
  if (st.state === 'waiting') return best;
  const self: Found = { path: [ref], culprit: ref, state: st.state, message: st.message };
  // Otherwise go deeper only for an equal or worse cause.
  if (best && SEVERITY[best.state] >= SEVERITY[st.state]) return best;
  return self;
}

/** Kinds whose applied workloads can explain their failure (health checks, Helm's wait). */
const APPLIER_KINDS = new Set(['Kustomization', 'HelmRelease']);

/**
 * The culprit behind a not-ready object and, when the culprit is a Kustomization or HelmRelease, the first
 * unhealthy workload it applied and that workload's failing Pod. Undefined when the object is ready, absent,
 * or is itself the first failing object with nothing further to point at (no unhealthy workload either).
 * `now` dates the Pod's last termination ("2m ago").
 */
export function rootCause(index: ClusterIndex, ref: ObjRef, now: Date = new Date()): RootCause | undefined {
  const obj = index.get(ref);
  if (!obj || !notReady(fluxStatus(obj).state)) return undefined;
  const found = walk(index, ref, new Set()) ?? dependsOnCycle(index, ref);
  if (!found) return undefined;
  const workload =
    found.state !== 'missing' && found.state !== 'waiting' && APPLIER_KINDS.has(found.culprit.kind)
      ? workloadCause(index, found.culprit, now)
      : undefined;
  if (refKey(found.culprit) === refKey(ref) && !workload) return undefined;
  return {
    object: ref,
    path: found.path,
    culprit: found.culprit,
    culpritState: found.state,
    message: found.message,
    ...(workload ? { workload } : {}),
  };
}

/**
 * A dependsOn cycle through `ref` (x waits for y, y waits for x) deadlocks for good: Flux never breaks it.
 * Then the cause is the cycle itself, named by the next object in it. Cost: O(objects on dependsOn paths).
 */
function dependsOnCycle(index: ClusterIndex, ref: ObjRef): Found | undefined {
  const start = refKey(ref);
  const seen = new Set<string>();
  const search = (current: ObjRef, path: ObjRef[]): ObjRef[] | undefined => {
    const obj = index.get(current);
    if (!obj) return undefined;
    for (const dep of dependsOnOf(obj)) {
      const key = refKey(dep);
      if (key === start) return [...path, dep];
      if (seen.has(key)) continue;
      seen.add(key);
      const next = index.get(dep);
      if (!next || !notReady(fluxStatus(next).state)) continue;
      const cycle = search(dep, [...path, dep]);
      if (cycle) return cycle;
    }
    return undefined;
  };
  const cycle = search(ref, [ref]);
  const culprit = cycle?.[1];
  if (!cycle || !culprit) return undefined;
  return {
    path: cycle.slice(0, -1),
    culprit,
    state: 'waiting',
    message: `dependsOn cycle: ${cycle.map(formatObjRef).join(' → ')}`,
  };
}
