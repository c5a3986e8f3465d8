/**
 * When did each Kustomization and HelmRelease become Ready, and what held the last one up?
 *
 * Honest about what the cluster keeps: the Ready condition's lastTransitionTime (when it last turned
 * True), Events (Kubernetes keeps them ~1h) and creation times. No history is invented:
 * - ready: when the current revision first became ready — a Kustomization's history[0].firstReconciled, a
 *   HelmRelease's deployed history[0].lastDeployed — when earlier than Ready=True's lastTransitionTime (periodic
 *   refreshes flip Ready to Unknown and back, moving that time without anything happening); else the
 *   lastTransitionTime, else the last success event (ReconciliationSucceeded, InstallSucceeded,
 *   UpgradeSucceeded) — absent while not ready;
 * - start: the first event about the object in the window, else its creation if inside the window; never
 *   after `ready`; absent when unknown (the UI then draws only the ready mark);
 * - window: from `since` (e.g. `lastRollout`: the last bootstrap or rollout) — by default everything
 *   known.
 * The critical path starts at the bar that turned Ready last and repeatedly steps to the dependency
 * (dependsOn or the parent Kustomization that applied it) that turned Ready last before it.
 */
import { refKey } from '../inventory/ids.js';
import { HELM_GROUP, KUSTOMIZE_GROUP, SOURCE_GROUP } from '../kinds/registry.js';
import type { ClusterIndex } from '../index/cluster-index.js';
import { refOf } from '../index/cluster-index.js';
import type { ClusterObject, FluxEvent } from '../kube/types.js';
import { conditionOf } from '../kube/types.js';
import { fluxStatus } from '../status/flux-status.js';
import { eventSortTime } from './events.js';
import { appliedBy, dependsOnOf, rec } from './refs.js';
import type { TimelineBar } from './types.js';

export interface TimelineOptions {
  /** ISO time the window starts at; events and creations before it are ignored. */
  since?: string;
  /** Events to read; the index's by default. */
  events?: Iterable<FluxEvent>;
}

const SUCCESS_REASONS = new Set(['ReconciliationSucceeded', 'InstallSucceeded', 'UpgradeSucceeded']);

const time = (iso: string | undefined): number => {
  const t = iso ? Date.parse(iso) : NaN;
  return Number.isNaN(t) ? NaN : t;
};

const eventKey = (kind: string, namespace: string, name: string) => `${kind}|${namespace}|${name}`;

export function buildTimeline(index: ClusterIndex, opts: TimelineOptions = {}): TimelineBar[] {
  const since = time(opts.since);
  const inWindow = (t: number) => !Number.isNaN(t) && (Number.isNaN(since) || t >= since);
  const byObject = new Map<string, number[]>();
  const successes = new Map<string, number>();
  for (const e of opts.events ?? index.events()) {
    const t = eventSortTime(e);
    if (!inWindow(t)) continue;
    const key = eventKey(
      e.involvedObject.kind,
      e.involvedObject.namespace || e.namespace,
      e.involvedObject.name,
    );
    const list = byObject.get(key);
    if (list) list.push(t);
    else byObject.set(key, [t]);
    if (SUCCESS_REASONS.has(e.reason)) successes.set(key, Math.max(successes.get(key) ?? -Infinity, t));
  }

  const bars = new Map<string, TimelineBar>();
  const readyAt = new Map<string, number>();
  for (const obj of [
    ...index.ofKind(KUSTOMIZE_GROUP, 'Kustomization'),
    ...index.ofKind(HELM_GROUP, 'HelmRelease'),
  ]) {
    const ref = refOf(obj);
    const key = refKey(ref);
    const evKey = eventKey(ref.kind, ref.namespace, ref.name);
    const cond = conditionOf(obj, 'Ready');
    let ready = cond?.status === 'True' ? time(cond.lastTransitionTime) : NaN;
    const settled = cond?.status === 'True' ? time(readySinceRevision(obj)) : NaN;
    if (!Number.isNaN(settled) && (Number.isNaN(ready) || settled < ready)) ready = settled;
    if (Number.isNaN(ready) && cond?.status === 'True') ready = successes.get(evKey) ?? NaN;
    const candidates = [...(byObject.get(evKey) ?? [])];
    const created = time(obj.metadata.creationTimestamp);
    if (inWindow(created)) candidates.push(created);
    let start = candidates.length ? Math.min(...candidates) : NaN;
    if (!Number.isNaN(ready) && start > ready) start = NaN;
    const bar: TimelineBar = {
      ref,
      state: fluxStatus(obj).state,
      dependsOn: dependsOnOf(obj).map(refKey),
      critical: false,
    };
    if (!Number.isNaN(start)) bar.start = new Date(start).toISOString();
    if (!Number.isNaN(ready)) {
      bar.ready = new Date(ready).toISOString();
      readyAt.set(key, ready);
      if (!Number.isNaN(start)) bar.durationMs = ready - start;
    }
    const parent = appliedBy(index, ref, obj);
    if (parent && refKey(parent) !== key) bar.parent = refKey(parent);
    bars.set(key, bar);
  }
  markCriticalPath(bars, readyAt);
  return [...bars.values()].sort((a, b) => {
    const ta = time(a.start ?? a.ready);
    const tb = time(b.start ?? b.ready);
    if (ta !== tb) return (Number.isNaN(ta) ? Infinity : ta) - (Number.isNaN(tb) ? Infinity : tb);
    return refKey(a.ref) < refKey(b.ref) ? -1 : 1;
  });
}

/** When the object's current revision first reconciled successfully, from its status history. */
function readySinceRevision(obj: ClusterObject): string | undefined {
  const history = obj.status?.['history'];
  const latest = Array.isArray(history) ? rec(history[0]) : undefined;
  if (!latest) return undefined;
  if (obj.kind === 'Kustomization' && latest['lastReconciledStatus'] === 'ReconciliationSucceeded')
    return str(latest['firstReconciled']);
  if (obj.kind === 'HelmRelease' && latest['status'] === 'deployed') return str(latest['lastDeployed']);
  return undefined;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** Sources a bootstrap's revision comes in through: the root Kustomization's, else every GitRepository. */
function rootSources(index: ClusterIndex): ClusterObject[] {
  const root = index.get({
    group: KUSTOMIZE_GROUP,
    kind: 'Kustomization',
    namespace: 'flux-system',
    name: 'flux-system',
  });
  const sourceRef = rec(root?.spec?.['sourceRef']);
  if (root && sourceRef && typeof sourceRef['kind'] === 'string' && typeof sourceRef['name'] === 'string') {
    const source = index.get({
      group: SOURCE_GROUP,
      kind: sourceRef['kind'],
      namespace: str(sourceRef['namespace']) ?? 'flux-system',
      name: sourceRef['name'],
    });
    if (source) return [source];
  }
  return index.ofKind(SOURCE_GROUP, 'GitRepository');
}

/** A bootstrap: the artifact came within this long of the source's creation, so the window starts there. */
const BOOTSTRAP_SLACK_MS = 5 * 60_000;

/**
 * Where a timeline of "the last bootstrap or revision change" starts: the latest artifact change of the root
 * source (its creation when that was the bootstrap). Undefined when no source has an artifact yet.
 */
export function lastRevisionChange(index: ClusterIndex): string | undefined {
  let latest = NaN;
  for (const source of rootSources(index)) {
    let t = time(str(rec(source.status?.['artifact'])?.['lastUpdateTime']));
    const created = time(source.metadata.creationTimestamp);
    if (!Number.isNaN(created) && t - created <= BOOTSTRAP_SLACK_MS) t = created;
    if (!Number.isNaN(t) && !(t <= latest)) latest = t;
  }
  return Number.isNaN(latest) ? undefined : new Date(latest).toISOString();
}

/** Changes closer together than this belong to one rollout (a dependsOn chain retries every 30 s by default). */
const ROLLOUT_GAP_MS = 5 * 60_000;

/** Sources whose new artifact starts a rollout. HelmRepository is left out: its index changes with every
 * chart published upstream, which deploys nothing. */
const ROLLOUT_SOURCES = ['GitRepository', 'OCIRepository', 'Bucket', 'HelmChart'];

/**
 * Where the timeline's default window starts: the last bootstrap or rollout. Every change that starts or
 * finishes a rollout is collected: a source's new artifact (its creation when that was the first one), a
 * Kustomization first reconciling its current revision, a HelmRelease first deploying its current release.
 * Changes less than ROLLOUT_GAP_MS apart make one rollout; the window starts at the first change of the last
 * one. So a chart upgrade alone (no Git change) is shown, and a bootstrap is shown whole, not from its last
 * HelmRelease. Undefined when nothing has changed yet.
 */
export function lastRollout(index: ClusterIndex): string | undefined {
  const times: number[] = [];
  const root = time(lastRevisionChange(index));
  if (!Number.isNaN(root)) times.push(root);
  for (const kind of ROLLOUT_SOURCES) {
    for (const source of index.ofKind(SOURCE_GROUP, kind)) {
      let t = time(str(rec(source.status?.['artifact'])?.['lastUpdateTime']));
      const created = time(source.metadata.creationTimestamp);
      if (t >= created && t - created <= BOOTSTRAP_SLACK_MS) t = created;
      if (!Number.isNaN(t)) times.push(t);
    }
  }
  for (const obj of [
    ...index.ofKind(KUSTOMIZE_GROUP, 'Kustomization'),
    ...index.ofKind(HELM_GROUP, 'HelmRelease'),
  ]) {
    const history = obj.status?.['history'];
    const latest = Array.isArray(history) ? rec(history[0]) : undefined;
    const t = time(str(latest?.[obj.kind === 'Kustomization' ? 'firstReconciled' : 'firstDeployed']));
    if (!Number.isNaN(t)) times.push(t);
  }
  if (times.length === 0) return undefined;
  times.sort((a, b) => b - a);
  let start = times[0]!;
  for (const t of times.slice(1)) {
    if (start - t > ROLLOUT_GAP_MS) break;
    start = t;
  }
  return new Date(start).toISOString();
}

function markCriticalPath(bars: Map<string, TimelineBar>, readyAt: Map<string, number>): void {
  let current: string | undefined;
  let latest = -Infinity;
  for (const [key, t] of readyAt) if (t > latest) [current, latest] = [key, t];
  const seen = new Set<string>();
  while (current && !seen.has(current)) {
    seen.add(current);
    const bar = bars.get(current);
    if (!bar) break;
    bar.critical = true;
    const limit = readyAt.get(current) ?? Infinity;
    let next: string | undefined;
    let nextAt = -Infinity;
    for (const dep of [...bar.dependsOn, ...(bar.parent ? [bar.parent] : [])]) {
      const t = readyAt.get(dep);
      if (t !== undefined && t <= limit && t > nextAt) [next, nextAt] = [dep, t];
    }
    current = next;
  }
}
