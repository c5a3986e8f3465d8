/** What is kept of an object: Flux objects whole (minus managedFields), everything else slim. */
import { isFluxKind } from '../kinds/registry.js';
import type { ClusterObject, ObjectMeta } from '../kube/types.js';
import { splitApiVersion } from '../kube/types.js';
import { healthOf } from '../status/health.js';
import { crdSummaryOf, workloadStatusOf } from '../status/workload.js';
import type { WorkloadStatus } from '../wire/diagnostics.js';
import { Interner } from './intern.js';

/** Shared copies of the values slim objects repeat (namespaces, kinds, labels, health, images...). */
const shared = new Interner();

/**
 * The labels the domain reads on ordinary objects: Flux owner labels, the app.kubernetes.io ones, and the
 * tenant label `flux create tenant` puts on a tenant's Namespaces (views/tenant.ts).
 */
const KEPT_LABEL_PREFIXES = [
  'kustomize.toolkit.fluxcd.io/',
  'helm.toolkit.fluxcd.io/',
  'app.kubernetes.io/',
  'toolkit.fluxcd.io/tenant',
];

export function stripManagedFields(obj: ClusterObject): ClusterObject {
  if (!obj.metadata.managedFields) return obj;
  const { managedFields: _dropped, ...metadata } = obj.metadata;
  return { ...obj, metadata };
}

/**
 * Metadata, owner references, Flux labels and a health summary: ~0.5 KB instead of several KB per object.
 * Workloads also keep their status summary (replicas, images, container states) and CRDs their versions.
 */
export function slimObject(obj: ClusterObject): ClusterObject {
  const m = obj.metadata;
  const metadata: ObjectMeta = { name: m.name };
  if (m.namespace) metadata.namespace = shared.str(m.namespace);
  if (m.uid) metadata.uid = m.uid;
  if (m.resourceVersion) metadata.resourceVersion = m.resourceVersion;
  if (m.creationTimestamp) metadata.creationTimestamp = shared.str(m.creationTimestamp);
  if (m.deletionTimestamp) metadata.deletionTimestamp = m.deletionTimestamp;
  if (m.ownerReferences?.length) {
    metadata.ownerReferences = m.ownerReferences.map(r => ({
      apiVersion: shared.str(r.apiVersion),
      kind: shared.str(r.kind),
      name: r.name,
      uid: r.uid,
      ...(r.controller ? { controller: true } : {}),
    }));
  }
  if (m.labels) {
    const labels: Record<string, string> = {};
    for (const [k, v] of Object.entries(m.labels)) {
      if (KEPT_LABEL_PREFIXES.some(p => k.startsWith(p))) labels[k] = v;
    }
    // The objects one Kustomization applies carry the same Flux labels: one frozen copy for all of them.
    if (Object.keys(labels).length) metadata.labels = shared.value(labels);
  }
  const slim: ClusterObject = {
    apiVersion: shared.str(obj.apiVersion),
    kind: shared.str(obj.kind),
    metadata,
    health: shared.value(healthOf(obj)),
  };
  const workload = workloadStatusOf(obj);
  if (workload) slim.workload = sharedWorkload(workload);
  const crd = crdSummaryOf(obj);
  if (crd) slim.crd = shared.deep(crd);
  return slim;
}

/** Replica counts, image lists and rollouts repeat across workloads; container states share their strings. */
function sharedWorkload(w: WorkloadStatus): WorkloadStatus {
  const out: WorkloadStatus = { ...w };
  if (w.replicas) out.replicas = shared.value(w.replicas);
  if (w.images) out.images = shared.value(w.images);
  if (w.rollout) out.rollout = shared.value(w.rollout);
  if (w.pod) out.pod = shared.deep(w.pod);
  if (w.job) out.job = shared.deep(w.job);
  if (w.cronJob) out.cronJob = shared.deep(w.cronJob);
  return out;
}

/** The form an object is stored in, by kind. */
export function storedForm(obj: ClusterObject): ClusterObject {
  const { group } = splitApiVersion(obj.apiVersion);
  return isFluxKind(group, obj.kind) ? stripManagedFields(obj) : slimObject(obj);
}
