/** What is kept of an object: Flux objects whole (minus managedFields), everything else slim. */
import { isFluxKind } from '../kinds/registry.js';
import type { ClusterObject, ObjectMeta } from '../kube/types.js';
import { splitApiVersion } from '../kube/types.js';
import { healthOf } from '../status/health.js';
import { crdSummaryOf, workloadStatusOf } from '../status/workload.js';

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
  if (m.namespace) metadata.namespace = m.namespace;
  if (m.uid) metadata.uid = m.uid;
  if (m.resourceVersion) metadata.resourceVersion = m.resourceVersion;
  if (m.creationTimestamp) metadata.creationTimestamp = m.creationTimestamp;
  if (m.deletionTimestamp) metadata.deletionTimestamp = m.deletionTimestamp;
  if (m.ownerReferences?.length) {
    metadata.ownerReferences = m.ownerReferences.map(r => ({
      apiVersion: r.apiVersion,
      kind: r.kind,
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
    if (Object.keys(labels).length) metadata.labels = labels;
  }
  const slim: ClusterObject = { apiVersion: obj.apiVersion, kind: obj.kind, metadata, health: healthOf(obj) };
  const workload = workloadStatusOf(obj);
  if (workload) slim.workload = workload;
  const crd = crdSummaryOf(obj);
  if (crd) slim.crd = crd;
  return slim;
}

/** The form an object is stored in, by kind. */
export function storedForm(obj: ClusterObject): ClusterObject {
  const { group } = splitApiVersion(obj.apiVersion);
  return isFluxKind(group, obj.kind) ? stripManagedFields(obj) : slimObject(obj);
}
