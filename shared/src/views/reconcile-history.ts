/**
 * How long reconciliations take, from what the API server holds: a Kustomization's status.history (each
 * build's last duration and status) and its "Reconciliation finished in <d>" Events; a HelmRelease's
 * lastAttemptedReleaseActionDuration and its release Events. Failures come from Warning Events and failed
 * history entries. Then p50/p95 per object, and the slowest objects of the cluster.
 */
import type { ClusterIndex } from '../index/cluster-index.js';
import { refOf } from '../index/cluster-index.js';
import type { ObjRef } from '../inventory/ids.js';
import { HELM_GROUP, KUSTOMIZE_GROUP } from '../kinds/registry.js';
import type { ClusterObject, FluxEvent } from '../kube/types.js';
import type { ReconcileSample, ReconcileStats } from '../wire/helm.js';
import { eventSortTime } from './events.js';
import { helmSnapshots } from './helm-history.js';

const UNIT_MS: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  μs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

/** Go's time.Duration text ("1m2.5s", "350ms", "1.183s") in milliseconds; undefined when not one. */
export function parseGoDuration(text: string): number | undefined {
  const s = text.trim();
  if (s === '0') return 0;
  const re = /([0-9]*\.?[0-9]+)(ns|us|µs|μs|ms|s|m|h)/gy;
  let total = 0;
  let matched = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(s)) !== null) {
    total += Number(m[1]) * UNIT_MS[m[2]!]!;
    matched = re.lastIndex;
  }
  return matched > 0 && matched === s.length ? total : undefined;
}

const FINISHED = /^Reconciliation finished in (\S+?),/;
const isKustomization = (r: ObjRef) => r.group === KUSTOMIZE_GROUP && r.kind === 'Kustomization';
const isHelmRelease = (r: ObjRef) => r.group === HELM_GROUP && r.kind === 'HelmRelease';

function eventAt(e: FluxEvent): string | undefined {
  return e.series?.lastObservedTime || e.lastTimestamp || e.eventTime || e.firstTimestamp || undefined;
}

/** The reconciliations of one object, oldest first. `events` are the object's own. */
export function reconcileSamples(obj: ClusterObject, events: readonly FluxEvent[]): ReconcileSample[] {
  const ref = refOf(obj);
  const out: ReconcileSample[] = [];
  const seen = new Set<string>();
  const add = (s: ReconcileSample) => {
    const key = `${s.at}|${s.durationMs ?? ''}|${s.ok}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push(s);
  };
  for (const e of [...events].sort((a, b) => eventSortTime(a) - eventSortTime(b))) {
    const at = eventAt(e);
    if (!at) continue;
    const finished = FINISHED.exec(e.message);
    if (finished) {
      const ms = parseGoDuration(finished[1]!);
      if (ms !== undefined) add({ at, durationMs: ms, ok: true, reason: e.reason, from: 'event' });
    } else if (e.type === 'Warning') add({ at, ok: false, reason: e.reason, from: 'event' });
    else if (isHelmRelease(ref) && /(Install|Upgrade|Rollback)Succeeded$/.test(e.reason))
      add({ at, ok: true, reason: e.reason, from: 'event' });
  }
  if (isKustomization(ref) && Array.isArray(obj.status?.['history'])) {
    for (const raw of obj.status['history'] as unknown[]) {
      const h = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
      const at = typeof h['lastReconciled'] === 'string' ? h['lastReconciled'] : undefined;
      const d =
        typeof h['lastReconciledDuration'] === 'string'
          ? parseGoDuration(h['lastReconciledDuration'])
          : undefined;
      const status = typeof h['lastReconciledStatus'] === 'string' ? h['lastReconciledStatus'] : '';
      if (!at) continue;
      // The Event of the same reconciliation carries the same duration: keep one.
      if (
        d !== undefined &&
        out.some(
          s =>
            s.durationMs !== undefined &&
            Math.abs(s.durationMs - d) < 1 &&
            Math.abs(Date.parse(s.at) - Date.parse(at)) < 5000,
        )
      )
        continue;
      add({
        at,
        ...(d !== undefined ? { durationMs: d } : {}),
        ok: status === '' || status === 'ReconciliationSucceeded',
        reason: status || 'history',
        from: 'history',
      });
    }
  }
  if (isHelmRelease(ref)) {
    const d =
      typeof obj.status?.['lastAttemptedReleaseActionDuration'] === 'string'
        ? parseGoDuration(obj.status['lastAttemptedReleaseActionDuration'])
        : undefined;
    const latest = helmSnapshots(obj)[0];
    const at = latest?.lastDeployed;
    if (d !== undefined && at) {
      // The release Event at that time says the outcome; the status carries the duration.
      const same = out.find(
        s =>
          s.from === 'event' &&
          Math.abs(Date.parse(s.at) - Date.parse(at)) < 60_000 &&
          s.durationMs === undefined,
      );
      if (same) same.durationMs = d;
      else
        add({
          at,
          durationMs: d,
          ok: latest.status !== 'failed',
          reason: String(obj.status?.['lastAttemptedReleaseAction'] ?? 'release'),
          from: 'status',
        });
    }
  }
  return out.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
}

/** Nearest-rank percentile of sorted values. */
function percentile(sorted: number[], p: number): number | undefined {
  if (sorted.length === 0) return undefined;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export function reconcileStats(ref: ObjRef, samples: ReconcileSample[], window = 20): ReconcileStats {
  const timed = samples.filter(s => s.durationMs !== undefined).map(s => s.durationMs!);
  const sorted = [...timed].sort((a, b) => a - b);
  const stats: ReconcileStats = {
    ref,
    samples,
    timed: timed.length,
    failures: samples.slice(-window).filter(s => !s.ok).length,
    window,
  };
  const p50 = percentile(sorted, 50);
  const p95 = percentile(sorted, 95);
  if (p50 !== undefined) stats.p50Ms = p50;
  if (p95 !== undefined) stats.p95Ms = p95;
  if (timed.length) stats.lastMs = timed[timed.length - 1]!;
  return stats;
}

/** Events grouped by the object they are about (kind/namespace/name), one pass. */
function eventsByObject(index: ClusterIndex): Map<string, FluxEvent[]> {
  const out = new Map<string, FluxEvent[]>();
  for (const e of index.events()) {
    const key = `${e.involvedObject.kind}/${e.involvedObject.namespace}/${e.involvedObject.name}`;
    const list = out.get(key);
    if (list) list.push(e);
    else out.set(key, [e]);
  }
  return out;
}

export function objectReconcileStats(
  index: ClusterIndex,
  ref: ObjRef,
  window = 20,
): ReconcileStats | undefined {
  const obj = index.get(ref);
  if (!obj) return undefined;
  const events = eventsByObject(index).get(`${ref.kind}/${ref.namespace}/${ref.name}`) ?? [];
  return reconcileStats(ref, reconcileSamples(obj, events), window);
}

/**
 * Kustomizations and HelmReleases by p95 reconcile duration, slowest first (objects with failures in the
 * window but no timing after them); `limit` rows.
 */
export function slowestObjects(
  index: ClusterIndex,
  opts: { window?: number; limit?: number } = {},
): ReconcileStats[] {
  const window = opts.window ?? 20;
  const byObject = eventsByObject(index);
  const rows: ReconcileStats[] = [];
  for (const [group, kind] of [
    [KUSTOMIZE_GROUP, 'Kustomization'],
    [HELM_GROUP, 'HelmRelease'],
  ] as const) {
    for (const obj of index.ofKind(group, kind)) {
      const ref = refOf(obj);
      const samples = reconcileSamples(obj, byObject.get(`${kind}/${ref.namespace}/${ref.name}`) ?? []);
      if (samples.length) rows.push(reconcileStats(ref, samples, window));
    }
  }
  rows.sort(
    (a, b) =>
      (b.p95Ms ?? -1) - (a.p95Ms ?? -1) || b.failures - a.failures || a.ref.name.localeCompare(b.ref.name),
  );
  return rows.slice(0, opts.limit ?? 50);
}
