/**
 * dependsOn as the controllers see it: what a waiting object waits for, whether those dependencies are Ready
 * now, and when the controller looks again.
 *
 * The retry rule (kustomize-controller and helm-controller alike): when a dependency does not meet the ready
 * condition, the object is marked Ready=False/DependencyNotReady and requeued after a fixed interval, the
 * controller's `--requeue-dependency` flag (30 s unless the installation changed it); neither
 * `spec.retryInterval` nor `spec.interval` applies, and there is no backoff. A dependency turning Ready does
 * not wake its dependents: they notice at their next retry. kustomize-controller writes the interval into
 * its Event ("Dependencies do not meet ready condition, retrying in 30s"), so when that Event is in the
 * cluster the interval and the last attempt come from it; otherwise the default interval and the time the
 * object stopped being Ready. Cost: O(dependsOn) lookups plus one pass over the Events.
 */
import type { ObjRef } from '../inventory/ids.js';
import type { ClusterIndex } from '../index/cluster-index.js';
import { refOf } from '../index/cluster-index.js';
import type { ClusterObject, FluxEvent } from '../kube/types.js';
import type { FluxState } from '../status/flux-status.js';
import { fluxStatus } from '../status/flux-status.js';
import { eventSortTime } from './events.js';
import { chartRefOf, chartSourceRefOf, dependsOnOf, sourceRefOf } from './refs.js';
import { parseGoDuration } from './reconcile-history.js';

/** The controllers' `--requeue-dependency` default. */
export const DEFAULT_DEPENDENCY_RETRY_MS = 30_000;

export interface DependencyStatus {
  ref: ObjRef;
  state: FluxState | 'missing';
  ready: boolean;
}

export interface WaitInfo {
  object: ObjRef;
  /** Ready condition reason: DependencyNotReady or SourceNotReady. */
  reason: string;
  /** Every dependency it has (dependsOn entries; the source too when it waits for its source), with its state now. */
  dependencies: DependencyStatus[];
  /** The dependencies that are not Ready now: what it really waits for. Empty when all are Ready. */
  waitingFor: ObjRef[];
  /** All dependencies are Ready now: it only waits for its next retry. */
  dependenciesReady: boolean;
  /** When its Ready condition last changed (it has not been Ready since). */
  since?: string;
  /** The last retry seen (newest dependency Event), else `since`. */
  lastAttempt?: string;
  retryEveryMs: number;
  /** Where retryEveryMs comes from: the controller's own Event, or the flag's default. */
  retryEveryFrom: 'event' | 'default';
  /** When the controller looks again: the first retry after `now`, counted from the last attempt. */
  nextRetry?: string;
}

/** The first retry strictly after `nowMs` on a fixed `everyMs` cadence from `lastAttemptMs`. */
export function nextRetryAt(lastAttemptMs: number, everyMs: number, nowMs: number): number {
  if (everyMs <= 0) return nowMs;
  const steps = Math.max(1, Math.floor((nowMs - lastAttemptMs) / everyMs) + 1);
  return lastAttemptMs + steps * everyMs;
}

/** The source a waiting-for-source object waits on (the ref root cause follows too). */
function sourceOf(obj: ClusterObject): ObjRef | undefined {
  if (obj.kind === 'HelmRelease') return chartRefOf(obj) ?? chartSourceRefOf(obj);
  return sourceRefOf(obj);
}

function statusOf(index: ClusterIndex, ref: ObjRef): DependencyStatus {
  const obj = index.get(ref);
  if (!obj) return { ref, state: 'missing', ready: false };
  const state = fluxStatus(obj).state;
  return { ref, state, ready: state === 'ready' };
}

/** The dependencies of an object and their state now (dependsOn, plus its source when it waits for it). */
export function dependenciesOf(index: ClusterIndex, obj: ClusterObject): DependencyStatus[] {
  const out = dependsOnOf(obj).map(ref => statusOf(index, ref));
  if (fluxStatus(obj).reason === 'SourceNotReady') {
    const src = sourceOf(obj);
    if (src) out.push(statusOf(index, src));
  }
  return out;
}

/** What a waiting object waits for now (not-Ready dependencies); [] when it is not waiting or all are Ready. */
export function waitingOn(index: ClusterIndex, obj: ClusterObject): ObjRef[] {
  if (fluxStatus(obj).state !== 'waiting') return [];
  return dependenciesOf(index, obj)
    .filter(d => !d.ready)
    .map(d => d.ref);
}

const RETRY_MESSAGE = /retrying in (\S+?)\.?$/i;

/** The newest Event of `ref` that records a dependency retry, with the interval it names, if any. */
function lastRetryEvent(index: ClusterIndex, ref: ObjRef): { at: number; everyMs?: number } | undefined {
  let best: FluxEvent | undefined;
  for (const e of index.events()) {
    const o = e.involvedObject;
    if (o.kind !== ref.kind || o.name !== ref.name || (o.namespace ?? '') !== ref.namespace) continue;
    if (e.reason !== 'DependencyNotReady' && !/do not meet ready condition/i.test(e.message ?? '')) continue;
    if (!best || eventSortTime(e) > eventSortTime(best)) best = e;
  }
  if (!best) return undefined;
  const at = eventSortTime(best);
  if (!Number.isFinite(at)) return undefined;
  const match = RETRY_MESSAGE.exec(best.message ?? '');
  const everyMs = match?.[1] ? parseGoDuration(match[1]) : undefined;
  return everyMs ? { at, everyMs } : { at };
}

/** Why and how long a waiting object waits; undefined when it is absent or not waiting. */
export function waitInfo(index: ClusterIndex, ref: ObjRef, nowMs: number): WaitInfo | undefined {
  const obj = index.get(ref);
  if (!obj) return undefined;
  const st = fluxStatus(obj);
  if (st.state !== 'waiting') return undefined;
  const dependencies = dependenciesOf(index, obj);
  const waitingFor = dependencies.filter(d => !d.ready).map(d => d.ref);
  const info: WaitInfo = {
    object: refOf(obj),
    reason: st.reason,
    dependencies,
    waitingFor,
    dependenciesReady: waitingFor.length === 0,
    retryEveryMs: DEFAULT_DEPENDENCY_RETRY_MS,
    retryEveryFrom: 'default',
  };
  if (st.since) info.since = st.since;
  const event = lastRetryEvent(index, ref);
  if (event?.everyMs) {
    info.retryEveryMs = event.everyMs;
    info.retryEveryFrom = 'event';
  }
  const sinceMs = st.since ? Date.parse(st.since) : NaN;
  const lastMs = Math.max(event?.at ?? -Infinity, Number.isNaN(sinceMs) ? -Infinity : sinceMs);
  if (Number.isFinite(lastMs)) {
    info.lastAttempt = new Date(lastMs).toISOString();
    info.nextRetry = new Date(nextRetryAt(lastMs, info.retryEveryMs, nowMs)).toISOString();
  }
  return info;
}
