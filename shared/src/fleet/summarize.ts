/**
 * A Flux object as the fleet sees it: `summarize` turns one object of a ClusterIndex into a
 * FluxObjectSummary (state, Ready message, revision, and the references fleet search looks in: source URL,
 * chart and version, images). Summaries are small on purpose: a hub keeps one per object per cluster.
 */
import type { ObjRef } from '../inventory/ids.js';
import { FLUX_KINDS, HELM_GROUP, fluxKindByName } from '../kinds/registry.js';
import type { ClusterIndex } from '../index/cluster-index.js';
import { refOf } from '../index/cluster-index.js';
import type { ClusterObject } from '../kube/types.js';
import { fluxStatus } from '../status/flux-status.js';
import { workloadStatusOf } from '../status/workload.js';
import { field, rec, str } from '../views/refs.js';
import type { FluxObjectSummary } from '../wire/fleet.js';

/** Longer Ready messages are cut: the fleet page shows a line, the object page has the whole message. */
export const SUMMARY_MESSAGE_MAX = 200;
/** An inventory can name dozens of workloads; the first images found are enough to answer "where does it run". */
export const SUMMARY_IMAGES_MAX = 12;

const WORKLOAD_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'CronJob', 'Job']);

const text = (v: unknown): string | undefined => {
  const s = str(v);
  return s === '' ? undefined : s;
};

function cut(message: string): string {
  return message.length > SUMMARY_MESSAGE_MAX ? `${message.slice(0, SUMMARY_MESSAGE_MAX - 1)}…` : message;
}

/** The newest entry of a HelmRelease's status.history (helm-controller keeps it newest first). */
function latestHelmSnapshot(obj: ClusterObject): Record<string, unknown> | undefined {
  const history = obj.status?.['history'];
  return Array.isArray(history) ? rec(history[0]) : undefined;
}

function revisionOf(obj: ClusterObject): string | undefined {
  const status = obj.status ?? {};
  return (
    text(status['lastAppliedRevision']) ??
    text(field(status, 'artifact', 'revision')) ??
    text(latestHelmSnapshot(obj)?.['chartVersion']) ??
    text(status['lastAttemptedRevision'])
  );
}

function urlOf(obj: ClusterObject): string | undefined {
  switch (obj.kind) {
    case 'GitRepository':
    case 'OCIRepository':
    case 'HelmRepository':
      return text(obj.spec?.['url']);
    case 'Bucket': {
      const endpoint = text(obj.spec?.['endpoint']);
      const bucket = text(obj.spec?.['bucketName']);
      return endpoint && bucket ? `${endpoint}/${bucket}` : (endpoint ?? bucket);
    }
    default:
      return undefined;
  }
}

/** Chart name and version: installed (history, artifact) when known, else what the spec asks for. */
function chartOf(obj: ClusterObject): { chart?: string; chartVersion?: string } {
  if (obj.kind === 'HelmRelease') {
    const latest = latestHelmSnapshot(obj);
    const chart = text(latest?.['chartName']) ?? text(field(obj.spec, 'chart', 'spec', 'chart'));
    const version =
      text(latest?.['chartVersion']) ??
      text(obj.status?.['lastAttemptedRevision']) ??
      text(field(obj.spec, 'chart', 'spec', 'version'));
    return { ...(chart ? { chart } : {}), ...(version ? { chartVersion: version } : {}) };
  }
  if (obj.kind === 'HelmChart') {
    const chart = text(obj.spec?.['chart']);
    const version = text(field(obj.status, 'artifact', 'revision')) ?? text(obj.spec?.['version']);
    return { ...(chart ? { chart } : {}), ...(version ? { chartVersion: version } : {}) };
  }
  return {};
}

/** What a Kustomization or HelmRelease applied: its inventory, else (HelmRelease before 1.5) Helm's labels. */
function appliedWorkloads(index: ClusterIndex, obj: ClusterObject, ref: ObjRef): ClusterObject[] {
  const inventory = index.inventoryOf(ref);
  if (inventory) {
    const out: ClusterObject[] = [];
    for (const entry of inventory) {
      if (!entry.ref || !WORKLOAD_KINDS.has(entry.ref.kind)) continue;
      const found = index.get(entry.ref);
      if (found) out.push(found);
    }
    return out;
  }
  if (obj.kind === 'HelmRelease')
    return index.labelledBy(HELM_GROUP, ref.namespace, ref.name).filter(o => WORKLOAD_KINDS.has(o.kind));
  return [];
}

function imagesOf(index: ClusterIndex, obj: ClusterObject, ref: ObjRef): string[] {
  if (obj.kind === 'ImageRepository') {
    const image = text(obj.spec?.['image']);
    return image ? [image] : [];
  }
  if (obj.kind === 'ImagePolicy') {
    const latest =
      text(field(obj.status, 'latestRef', 'name')) && text(field(obj.status, 'latestRef', 'tag'))
        ? `${str(field(obj.status, 'latestRef', 'name'))}:${str(field(obj.status, 'latestRef', 'tag'))}`
        : text(obj.status?.['latestImage']);
    return latest ? [latest] : [];
  }
  if (obj.kind !== 'Kustomization' && obj.kind !== 'HelmRelease') return [];
  const out = new Set<string>();
  for (const workload of appliedWorkloads(index, obj, ref)) {
    for (const image of workloadStatusOf(workload)?.images ?? []) {
      out.add(image);
      if (out.size >= SUMMARY_IMAGES_MAX) return [...out];
    }
  }
  return [...out];
}

/** One Flux object as the fleet sees it. Images come from the workloads the index holds, so re-summarize
 * a Kustomization or HelmRelease when what it applied changes, not only when it changes itself. */
export function summarize(index: ClusterIndex, obj: ClusterObject): FluxObjectSummary {
  const ref = refOf(obj);
  const status = fluxStatus(obj);
  const out: FluxObjectSummary = {
    kind: ref.kind,
    namespace: ref.namespace,
    name: ref.name,
    state: status.state,
  };
  if (fluxKindByName(ref.kind)?.group !== ref.group) out.group = ref.group;
  if (status.message) out.message = cut(status.message);
  if (status.reason) out.reason = status.reason;
  if (status.suspended) out.suspended = true;
  if (status.since) out.since = status.since;
  const revision = revisionOf(obj);
  if (revision) out.revision = revision;
  const url = urlOf(obj);
  if (url) out.url = url;
  const { chart, chartVersion } = chartOf(obj);
  if (chart) out.chart = chart;
  if (chartVersion) out.chartVersion = chartVersion;
  const images = imagesOf(index, obj, ref);
  if (images.length) out.images = images;
  return out;
}

/** Every Flux object of the index, summarized. O(Flux objects + the workloads their inventories name). */
export function summarizeIndex(index: ClusterIndex): FluxObjectSummary[] {
  const out: FluxObjectSummary[] = [];
  for (const info of FLUX_KINDS)
    for (const obj of index.ofKind(info.group, info.kind)) out.push(summarize(index, obj));
  return out;
}

/** The ref of a summary, the group filled in from the registry when the summary left it out. */
export function summaryRef(s: FluxObjectSummary): ObjRef {
  return {
    group: s.group ?? fluxKindByName(s.kind)?.group ?? '',
    kind: s.kind,
    namespace: s.namespace,
    name: s.name,
  };
}

const VERSION_LABEL = 'app.kubernetes.io/version';

/**
 * The Flux distribution's version, where `flux install` and bootstrap write it: the `app.kubernetes.io/version`
 * label of the Flux namespace, else of the controllers' Deployments (`app.kubernetes.io/part-of: flux`).
 */
export function fluxVersionOf(index: ClusterIndex): string | undefined {
  const namespaces = index.ofKind('', 'Namespace');
  const fluxNamespace =
    namespaces.find(n => n.metadata.name === 'flux-system' && n.metadata.labels?.[VERSION_LABEL]) ??
    namespaces.find(
      n => n.metadata.labels?.['app.kubernetes.io/part-of'] === 'flux' && n.metadata.labels[VERSION_LABEL],
    );
  const fromNamespace = fluxNamespace?.metadata.labels?.[VERSION_LABEL];
  if (fromNamespace) return fromNamespace;
  for (const dep of index.ofKind('apps', 'Deployment')) {
    const labels = dep.metadata.labels;
    if (labels?.['app.kubernetes.io/part-of'] === 'flux' && labels[VERSION_LABEL])
      return labels[VERSION_LABEL];
  }
  return undefined;
}
