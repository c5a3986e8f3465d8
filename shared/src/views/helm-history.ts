/**
 * A HelmRelease's release history as helm-controller records it in `status.history` (api/v2 Snapshots):
 * newest first, the live revision marked, and what changed from one revision to the next.
 */
import type { ClusterObject } from '../kube/types.js';
import type {
  HelmChange,
  HelmCompare,
  HelmHistory,
  HelmRevision,
  HelmSnapshot,
  HelmTestHook,
} from '../wire/helm.js';

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** metav1.Time serializes its zero value as null: treat null, '' and Go's zero time as absent. */
function time(v: unknown): string | undefined {
  const s = str(v);
  return s && !s.startsWith('0001-01-01') ? s : undefined;
}

function testHooks(v: unknown): HelmTestHook[] | undefined {
  // `testHooks` is a pointer to a map: absent means "not tested", {} means "tested, no test hooks".
  if (!v || typeof v !== 'object' || Array.isArray(v)) return undefined;
  return Object.entries(v as Record<string, unknown>)
    .map(([name, raw]) => {
      const h = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
      const hook: HelmTestHook = { name };
      const phase = str(h['phase']);
      const started = time(h['lastStarted']);
      const completed = time(h['lastCompleted']);
      if (phase) hook.phase = phase;
      if (started) hook.lastStarted = started;
      if (completed) hook.lastCompleted = completed;
      return hook;
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** One raw `status.history` entry as a Snapshot; entries without a version are not snapshots and dropped. */
export function parseSnapshot(raw: unknown): HelmSnapshot | undefined {
  if (!raw || typeof raw !== 'object') return undefined;
  const r = raw as Record<string, unknown>;
  const version = r['version'];
  if (typeof version !== 'number' || !Number.isInteger(version)) return undefined;
  const s: HelmSnapshot = {
    digest: str(r['digest']) ?? '',
    name: str(r['name']) ?? '',
    namespace: str(r['namespace']) ?? '',
    version,
    status: str(r['status']) ?? '',
    chartName: str(r['chartName']) ?? '',
    chartVersion: str(r['chartVersion']) ?? '',
    configDigest: str(r['configDigest']) ?? '',
  };
  const optional: Array<[keyof HelmSnapshot, string | undefined]> = [
    ['apiVersion', str(r['apiVersion'])],
    ['action', str(r['action'])],
    ['appVersion', str(r['appVersion'])],
    ['firstDeployed', time(r['firstDeployed'])],
    ['lastDeployed', time(r['lastDeployed'])],
    ['deleted', time(r['deleted'])],
    ['ociDigest', str(r['ociDigest'])],
  ];
  for (const [key, value] of optional) if (value !== undefined) (s as Record<string, unknown>)[key] = value;
  const hooks = testHooks(r['testHooks']);
  if (hooks) s.testHooks = hooks;
  return s;
}

/** The snapshots of `status.history`, newest (highest version) first, as helm-controller sorts them. */
export function helmSnapshots(obj: ClusterObject): HelmSnapshot[] {
  const raw = obj.status?.['history'];
  if (!Array.isArray(raw)) return [];
  return raw
    .map(parseSnapshot)
    .filter((s): s is HelmSnapshot => s !== undefined)
    .sort((a, b) => b.version - a.version);
}

/** Test hooks in one word, as helm-controller reads them (a Failed hook fails the release's tests). */
export function testsState(s: HelmSnapshot): HelmRevision['tests'] {
  if (!s.testHooks) return 'not-run';
  if (s.testHooks.length === 0) return 'no-tests';
  if (s.testHooks.some(h => h.phase === 'Failed')) return 'failed';
  if (s.testHooks.every(h => h.phase === 'Succeeded')) return 'passed';
  return 'running';
}

const COMPARED: Array<[HelmChange['field'], string]> = [
  ['chartName', 'chart'],
  ['chartVersion', 'chart version'],
  ['appVersion', 'app version'],
  ['configDigest', 'values'],
  ['ociDigest', 'OCI digest'],
];

/** What differs from `older` to `newer`: chart, chart version, app version, values (config digest), OCI digest. */
export function compareSnapshots(older: HelmSnapshot, newer: HelmSnapshot): HelmChange[] {
  const changes: HelmChange[] = [];
  for (const [field, label] of COMPARED) {
    const from = older[field] ?? '';
    const to = newer[field] ?? '';
    if (from !== to) changes.push({ field, label, from, to });
  }
  return changes;
}

/**
 * The live revision: the newest snapshot Helm marks `deployed` that was not deleted. After a failed upgrade
 * the previous release stays deployed; after an uninstall nothing is live.
 */
export function liveSnapshot(snapshots: HelmSnapshot[]): HelmSnapshot | undefined {
  return snapshots.find(s => s.status === 'deployed' && !s.deleted);
}

export function helmHistory(obj: ClusterObject): HelmHistory {
  const snapshots = helmSnapshots(obj);
  const live = liveSnapshot(snapshots);
  const spec = obj.spec ?? {};
  const status = obj.status ?? {};
  const history: HelmHistory = {
    release:
      snapshots[0]?.name ??
      str(spec['releaseName']) ??
      (str(spec['targetNamespace']) ? `${String(spec['targetNamespace'])}-` : '') + obj.metadata.name,
    revisions: snapshots.map((snapshot, i): HelmRevision => ({
      snapshot,
      live: snapshot === live,
      tests: testsState(snapshot),
      changes: i + 1 < snapshots.length ? compareSnapshots(snapshots[i + 1]!, snapshot) : [],
    })),
  };
  if (live) history.liveVersion = live.version;
  const attempted: Array<[keyof HelmHistory, unknown]> = [
    ['lastAttemptedRevision', status['lastAttemptedRevision']],
    ['lastAttemptedConfigDigest', status['lastAttemptedConfigDigest']],
    ['lastAttemptedReleaseAction', status['lastAttemptedReleaseAction']],
  ];
  for (const [key, value] of attempted) {
    const s = str(value);
    if (s) (history as Record<string, unknown>)[key] = s;
  }
  return history;
}

/** Two revisions of the history compared, or undefined when either is not in it. */
export function compareRevisions(obj: ClusterObject, from: number, to: number): HelmCompare | undefined {
  const snapshots = helmSnapshots(obj);
  const a = snapshots.find(s => s.version === from);
  const b = snapshots.find(s => s.version === to);
  if (!a || !b) return undefined;
  return { from: a, to: b, changes: compareSnapshots(a, b) };
}
