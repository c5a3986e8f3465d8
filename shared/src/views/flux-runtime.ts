/**
 * The Flux runtime page: the controllers (Deployments in the Flux namespace labelled
 * `app.kubernetes.io/part-of: flux` or named like the controllers) with version, readiness, restarts and
 * newest Warnings; the Flux CRDs with served/storage/stored versions and the objects still applied in a
 * deprecated version (as `flux check` and `flux migrate` look at them); Alerts with the objects their
 * eventSources select, Providers and Receivers. O(Flux objects + toolkit inventory entries + events).
 */
import type { ObjRef } from '../inventory/ids.js';
import { formatObjRef } from '../inventory/ids.js';
import { NOTIFICATION_GROUP, fluxKindByName, isFluxGroup } from '../kinds/registry.js';
import type { ClusterIndex } from '../index/cluster-index.js';
import { refOf } from '../index/cluster-index.js';
import type { ClusterObject, FluxEvent } from '../kube/types.js';
import { fluxStatus } from '../status/flux-status.js';
import { healthOf } from '../status/health.js';
import { crdSummaryOf, workloadStatusOf } from '../status/workload.js';
import type { AlertCoverage, FluxController, FluxCrd, FluxRuntime } from '../wire/diagnostics.js';
import { eventSortTime } from './events.js';
import { podsOf } from './workload-cause.js';
import { rec, str } from './refs.js';

/** The controllers' Deployment names (flux install, bootstrap and the Flux Operator use these). */
export const FLUX_CONTROLLER_NAMES = [
  'source-controller',
  'kustomize-controller',
  'helm-controller',
  'notification-controller',
  'image-reflector-controller',
  'image-automation-controller',
  'source-watcher',
  'tofu-controller',
  'tf-controller',
] as const;
const controllerNames = new Set<string>(FLUX_CONTROLLER_NAMES);

const WARNINGS_PER_CONTROLLER = 3;

function isController(dep: ClusterObject): boolean {
  return (
    dep.metadata.labels?.['app.kubernetes.io/part-of'] === 'flux' || controllerNames.has(dep.metadata.name)
  );
}

/** `ghcr.io/fluxcd/helm-controller:v1.6.0@sha256:…` → `v1.6.0`; '' without a tag. */
export function imageTag(image: string): string {
  const noDigest = image.split('@')[0] ?? '';
  const slash = noDigest.lastIndexOf('/');
  const colon = noDigest.lastIndexOf(':');
  return colon > slash ? noDigest.slice(colon + 1) : '';
}

/** Where Flux runs: the namespace holding most controller Deployments, else flux-system. */
function fluxNamespace(deployments: ClusterObject[]): string {
  const counts = new Map<string, number>();
  for (const d of deployments)
    if (isController(d)) {
      const ns = d.metadata.namespace ?? '';
      counts.set(ns, (counts.get(ns) ?? 0) + 1);
    }
  let best = 'flux-system';
  let most = 0;
  for (const [ns, n] of counts) if (n > most || (n === most && ns === 'flux-system')) [best, most] = [ns, n];
  return best;
}

function warningsOf(index: ClusterIndex, namespace: string, names: Set<string>): FluxController['warnings'] {
  const out: FluxEvent[] = [];
  for (const e of index.events())
    if (
      e.type === 'Warning' &&
      e.namespace === namespace &&
      names.has(`${e.involvedObject.kind}/${e.involvedObject.name}`)
    )
      out.push(e);
  out.sort((a, b) => eventSortTime(b) - eventSortTime(a));
  return out.slice(0, WARNINGS_PER_CONTROLLER).map(e => ({
    reason: e.reason,
    message: e.message,
    time: e.series?.lastObservedTime ?? e.lastTimestamp ?? e.eventTime ?? e.firstTimestamp ?? '',
    object: `${e.involvedObject.kind}/${e.involvedObject.name}`,
  }));
}

function controllers(index: ClusterIndex, namespace: string, deployments: ClusterObject[]): FluxController[] {
  const out: FluxController[] = [];
  for (const dep of deployments) {
    if ((dep.metadata.namespace ?? '') !== namespace || !isController(dep)) continue;
    const status = workloadStatusOf(dep);
    const pods = podsOf(index, dep);
    const image = status?.images.find(i => i.includes(dep.metadata.name)) ?? status?.images[0] ?? '';
    const health = healthOf(dep);
    const names = new Set([`Deployment/${dep.metadata.name}`, ...pods.map(p => `Pod/${p.metadata.name}`)]);
    out.push({
      ref: refOf(dep),
      name: dep.metadata.name,
      version: imageTag(image),
      image,
      ready: status?.replicas?.ready ?? 0,
      desired: status?.replicas?.desired ?? 0,
      restarts: pods.reduce(
        (n, p) => n + (workloadStatusOf(p)?.pod?.containers ?? []).reduce((m, c) => m + c.restarts, 0),
        0,
      ),
      health: health.status,
      message: health.message,
      pods: pods.map(p => refOf(p)),
      warnings: warningsOf(index, namespace, names),
    });
  }
  return out.sort((a, b) => (a.name < b.name ? -1 : 1));
}

function crds(index: ClusterIndex): FluxCrd[] {
  const out: FluxCrd[] = [];
  const byGroupKind = new Map<string, FluxCrd>();
  for (const obj of index.ofKind('apiextensions.k8s.io', 'CustomResourceDefinition')) {
    const summary = crdSummaryOf(obj);
    if (!summary) continue;
    if (!isFluxGroup(summary.group) && obj.metadata.labels?.['app.kubernetes.io/part-of'] !== 'flux')
      continue;
    const storage = summary.versions.find(v => v.storage)?.name ?? '';
    const crd: FluxCrd = {
      name: obj.metadata.name,
      group: summary.group,
      kind: summary.kind,
      served: summary.versions.filter(v => v.served).map(v => v.name),
      storage,
      deprecated: summary.versions.filter(v => v.deprecated).map(v => v.name),
      storedVersions: summary.storedVersions,
      needsMigration: summary.storedVersions.some(v => v !== storage),
      deprecatedUses: [],
    };
    out.push(crd);
    byGroupKind.set(`${crd.group}/${crd.kind}`, crd);
  }
  // Inventories record the version each object was applied in: manifests still written in an old version.
  for (const owner of index.fluxObjects()) {
    const entries = index.toolkitInventoryOf(refOf(owner));
    if (!entries) continue;
    for (const entry of entries) {
      if (!entry.ref || !entry.version) continue;
      const crd = byGroupKind.get(`${entry.ref.group}/${entry.ref.kind}`);
      if (!crd) continue;
      if (crd.deprecated.includes(entry.version) || !crd.served.includes(entry.version))
        crd.deprecatedUses.push({ object: entry.ref, version: entry.version, appliedBy: refOf(owner) });
    }
  }
  return out.sort((a, b) => (a.name < b.name ? -1 : 1));
}

function labelsMatch(obj: ClusterObject, matchLabels: Record<string, unknown> | undefined): boolean {
  if (!matchLabels) return true;
  const labels = obj.metadata.labels ?? {};
  return Object.entries(matchLabels).every(([k, v]) => labels[k] === v);
}

/**
 * notification-controller's eventSources: `name: '*'` is every object of the kind in the namespace (the
 * Alert's unless given), narrowed by matchLabels; otherwise the one named object.
 */
function alertCoverage(index: ClusterIndex, alert: ClusterObject): AlertCoverage {
  const ns = alert.metadata.namespace ?? '';
  const st = fluxStatus(alert);
  const sources: string[] = [];
  const covers = new Map<string, ObjRef>();
  const raw = alert.spec?.['eventSources'];
  for (const src of Array.isArray(raw) ? raw : []) {
    const s = rec(src);
    const kind = str(s?.['kind']);
    const name = str(s?.['name']);
    if (!s || !kind || !name) continue;
    const namespace = str(s['namespace']) || ns;
    const matchLabels = rec(s['matchLabels']);
    const labelText = matchLabels
      ? ` {${Object.entries(matchLabels)
          .map(([k, v]) => `${k}=${String(v)}`)
          .join(', ')}}`
      : '';
    sources.push(`${kind}/${namespace}/${name}${labelText}`);
    const info = fluxKindByName(kind);
    if (!info) continue;
    if (name === '*') {
      for (const obj of index.ofKind(info.group, info.kind))
        if ((obj.metadata.namespace ?? '') === namespace && labelsMatch(obj, matchLabels)) {
          const ref = refOf(obj);
          covers.set(formatObjRef(ref), ref);
        }
    } else {
      const ref = { group: info.group, kind: info.kind, namespace, name };
      if (index.get(ref)) covers.set(formatObjRef(ref), ref);
    }
  }
  return {
    ref: refOf(alert),
    ready: st.ready,
    state: st.state,
    message: st.message,
    provider: str(rec(alert.spec?.['providerRef'])?.['name']),
    severity: str(alert.spec?.['eventSeverity']) || 'info',
    suspended: st.suspended,
    sources,
    covers: [...covers.values()],
  };
}

const byName = (a: { ref: ObjRef }, b: { ref: ObjRef }) =>
  formatObjRef(a.ref) < formatObjRef(b.ref) ? -1 : 1;

export function buildFluxRuntime(index: ClusterIndex): FluxRuntime {
  const deployments = index.ofKind('apps', 'Deployment');
  const namespace = fluxNamespace(deployments);
  const status = (obj: ClusterObject) => {
    const st = fluxStatus(obj);
    return {
      ref: refOf(obj),
      type: str(obj.spec?.['type']),
      ready: st.ready,
      state: st.state,
      message: st.message,
    };
  };
  return {
    namespace,
    controllers: controllers(index, namespace, deployments),
    crds: crds(index),
    alerts: index
      .ofKind(NOTIFICATION_GROUP, 'Alert')
      .map(a => alertCoverage(index, a))
      .sort(byName),
    providers: index.ofKind(NOTIFICATION_GROUP, 'Provider').map(status).sort(byName),
    receivers: index
      .ofKind(NOTIFICATION_GROUP, 'Receiver')
      .map(r => {
        const resources = r.spec?.['resources'];
        return {
          ...status(r),
          resources: (Array.isArray(resources) ? resources : []).map(x => {
            const s = rec(x);
            return `${str(s?.['kind'])}/${str(s?.['namespace']) || (r.metadata.namespace ?? '')}/${str(s?.['name'])}`;
          }),
        };
      })
      .sort(byName),
  };
}
