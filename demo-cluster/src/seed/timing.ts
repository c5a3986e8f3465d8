/**
 * Makes the steady cluster's history tell one story: the times each builder picked (minutes after the
 * bootstrap, per file) are replaced by the times a real bootstrap would have left, walking the graph the way
 * Flux reconciles it. A Kustomization or HelmRelease is created when its parent Kustomization applies it,
 * starts when its dependsOn are Ready, and a Kustomization with `wait` turns Ready only after the objects it
 * applied do. Without this the Timeline view drew dependents Ready before their dependencies.
 *
 * Only the fields that history is read from move: creationTimestamp, the Ready/Released/Healthy conditions'
 * lastTransitionTime, history firstReconciled (Kustomization) and first/lastDeployed (HelmRelease, with its
 * lastAttemptedReleaseActionDuration), and the HelmChart helm-controller made for each release.
 */
import type { KubeObject } from '../store/store.js';
import type { SeedClock } from './clock.js';
import { hex } from './ids.js';

/** From a Kustomization starting to its objects applied (kustomize build, server-side apply). */
const APPLY_MS = 4_000;
/** From the last health check passing to Ready=True. */
const SETTLE_MS = 1_000;
/** A HelmRelease's chart is pulled this long after the release is created. */
const CHART_PULL_MS = 6_000;

const KUSTOMIZE = 'kustomize.toolkit.fluxcd.io';
const key = (kind: string, namespace: string, name: string) => `${kind}/${namespace}/${name}`;
const keyOf = (o: KubeObject) => key(o.kind, o.metadata.namespace ?? '', o.metadata.name);
const ms = (iso: unknown): number => (typeof iso === 'string' ? Date.parse(iso) : NaN);

interface Node {
  obj: KubeObject;
  parent?: string;
  dependsOn: string[];
  children: string[];
  /** How long the release took to install (HelmRelease): 20-120 s, fixed per name so reloads agree. */
  installMs: number;
  created?: number;
  applied?: number;
  ready?: number;
}

/** A duration as Go's time.Duration.String() prints whole seconds (metav1.Duration in a status): 45s, 1m5s. */
function goDuration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  const minutes = Math.floor(seconds / 60);
  return minutes > 0 ? `${minutes}m${seconds % 60}s` : `${seconds}s`;
}

function conditions(o: KubeObject): Array<Record<string, unknown>> {
  const list = o.status?.['conditions'];
  return Array.isArray(list) ? (list as Array<Record<string, unknown>>) : [];
}

function graph(objects: KubeObject[]): Map<string, Node> {
  const nodes = new Map<string, Node>();
  for (const o of objects) {
    if (o.kind !== 'Kustomization' && o.kind !== 'HelmRelease') continue;
    const labels = o.metadata.labels ?? {};
    const parentName = labels[`${KUSTOMIZE}/name`];
    const ns = o.metadata.namespace ?? '';
    const deps = (o.spec?.['dependsOn'] as Array<{ name: string; namespace?: string }> | undefined) ?? [];
    const parent = parentName && key('Kustomization', labels[`${KUSTOMIZE}/namespace`] ?? ns, parentName);
    nodes.set(keyOf(o), {
      obj: o,
      // flux-system applies itself: that is not a parent.
      ...(parent && parent !== keyOf(o) ? { parent } : {}),
      dependsOn: deps.map(d => key(o.kind, d.namespace ?? ns, d.name)),
      children: [],
      installMs: 20_000 + (parseInt(hex(o.metadata.name, 8), 16) % 100) * 1000,
    });
  }
  for (const [k, n] of nodes) if (n.parent) nodes.get(n.parent)?.children.push(k);
  return nodes;
}

/** Retimes the Kustomizations, HelmReleases and HelmCharts among `objects` in place. */
export function settleTimes(objects: KubeObject[], clock: SeedClock): void {
  const nodes = graph(objects);
  const visiting = new Set<string>();

  const readyOf = (k: string): number => {
    const n = nodes.get(k);
    if (!n) return -Infinity;
    if (n.ready !== undefined) return n.ready;
    if (visiting.has(k)) return -Infinity; // a dependsOn cycle: Flux would never start it; do not loop either
    visiting.add(k);
    const parent = n.parent ? nodes.get(n.parent) : undefined;
    if (n.parent) appliedOf(n.parent);
    n.created = parent?.applied ?? ms(n.obj.metadata.creationTimestamp);
    const depsReady = Math.max(n.created, ...n.dependsOn.map(readyOf));
    if (n.obj.kind === 'HelmRelease') n.ready = depsReady + n.installMs;
    else {
      n.applied = depsReady + APPLY_MS;
      const waits = n.obj.spec?.['wait'] === true || Array.isArray(n.obj.spec?.['healthChecks']);
      const last = waits ? Math.max(n.applied, ...n.children.map(readyOf)) : n.applied;
      n.ready = last + SETTLE_MS;
    }
    visiting.delete(k);
    return n.ready;
  };
  const appliedOf = (k: string): number => {
    readyOf(k);
    return nodes.get(k)?.applied ?? -Infinity;
  };

  for (const k of nodes.keys()) readyOf(k);
  // Never in the future: the whole story is shifted back if the slowest chain ran past now.
  const latest = Math.max(...[...nodes.values()].map(n => n.ready ?? -Infinity));
  const shift = Math.min(0, clock.now.getTime() - 60_000 - latest);
  const iso = (t: number) => new Date(t + shift).toISOString().replace(/\.\d{3}Z$/, 'Z');

  const charts = new Map(objects.filter(o => o.kind === 'HelmChart').map(o => [keyOf(o), o]));
  for (const n of nodes.values()) {
    if (n.created === undefined || n.ready === undefined || !Number.isFinite(n.ready)) continue;
    const o = n.obj;
    const ready = iso(n.ready);
    o.metadata.creationTimestamp = iso(n.created);
    for (const c of conditions(o))
      if (c['status'] === 'True' && ['Ready', 'Released', 'Healthy'].includes(String(c['type'])))
        c['lastTransitionTime'] = ready;
    const history = o.status?.['history'];
    const latestEntry = Array.isArray(history)
      ? (history[0] as Record<string, unknown> | undefined)
      : undefined;
    if (latestEntry && o.kind === 'Kustomization') latestEntry['firstReconciled'] = ready;
    if (latestEntry && o.kind === 'HelmRelease') {
      // The install went in when the release turned Ready; later upgrades are spread between then and now.
      const entries = (history as Array<Record<string, unknown>>).slice().reverse();
      const version = (e: Record<string, unknown>) => Number(e['version'] ?? 1);
      const latestVersion = version(latestEntry);
      const end = clock.now.getTime() - 60_000 - shift;
      for (const e of entries) {
        e['firstDeployed'] = ready;
        const at = n.ready + ((end - n.ready) * (version(e) - 1)) / latestVersion;
        e['lastDeployed'] = iso(at);
        const hooks = e['testHooks'] as Record<string, Record<string, unknown>> | undefined;
        for (const hook of Object.values(hooks ?? {})) {
          hook['lastStarted'] = iso(at + 5_000);
          hook['lastCompleted'] = iso(at + 12_000);
        }
      }
      if (o.status) o.status['lastAttemptedReleaseActionDuration'] = goDuration(n.installMs);
      const chartRef = String(o.status?.['helmChart'] ?? '').split('/');
      const chart = charts.get(key('HelmChart', chartRef[0] ?? '', chartRef[1] ?? ''));
      if (chart) {
        chart.metadata.creationTimestamp = iso(n.created + 1_000);
        for (const c of conditions(chart)) c['lastTransitionTime'] = iso(n.created + CHART_PULL_MS);
      }
    }
  }
}
