/** Small constructors for test clusters: Flux objects with conditions and inventories, slim workloads. */
import type { ObjRef } from '../../inventory/ids.js';
import { formatInventoryId } from '../../inventory/ids.js';
import { HELM_GROUP, KUSTOMIZE_GROUP, fluxKindByName } from '../../kinds/registry.js';
import type { ClusterObject, Condition, OwnerReference } from '../../kube/types.js';

export const T0 = '2026-11-27T15:13:51Z';

/** Groups of the kinds our fixtures use (Flux kinds come from the registry). */
const GROUPS: Record<string, string> = {
  Namespace: '', ServiceAccount: '', Service: '', ConfigMap: '', Secret: '', PersistentVolumeClaim: '', Pod: '',
  Deployment: 'apps', DaemonSet: 'apps', ReplicaSet: 'apps', StatefulSet: 'apps', CronJob: 'batch', Job: 'batch',
  ClusterRole: 'rbac.authorization.k8s.io', ClusterRoleBinding: 'rbac.authorization.k8s.io',
  Role: 'rbac.authorization.k8s.io', RoleBinding: 'rbac.authorization.k8s.io',
  CustomResourceDefinition: 'apiextensions.k8s.io', APIService: 'apiregistration.k8s.io',
  MutatingWebhookConfiguration: 'admissionregistration.k8s.io',
  ValidatingWebhookConfiguration: 'admissionregistration.k8s.io',
  IngressClass: 'networking.k8s.io', IngressClassParams: 'elbv2.k8s.aws', PodDisruptionBudget: 'policy',
  EventBus: 'argoproj.io', EventSource: 'argoproj.io', Sensor: 'argoproj.io', WorkflowTemplate: 'argoproj.io',
  EC2NodeClass: 'karpenter.k8s.aws', NodePool: 'karpenter.sh',
}; // prettier-ignore

export function groupFor(kind: string): string {
  return fluxKindByName(kind)?.group ?? GROUPS[kind] ?? 'example.com';
}

function versionFor(kind: string): string {
  return fluxKindByName(kind)?.versions[0] ?? 'v1';
}

/** `Kind/ns/name` or `Kind/name` (cluster-scoped) as flux prints it, back to a ref. */
export function parseFluxRef(text: string): ObjRef {
  const parts = text.split('/');
  const kind = parts[0] ?? '';
  const [namespace, name] = parts.length === 3 ? [parts[1] ?? '', parts[2] ?? ''] : ['', parts[1] ?? ''];
  return { group: groupFor(kind), kind, namespace, name };
}

export const ready = (message: string, reason = 'Succeeded', status = 'True', at = T0): Condition => ({
  type: 'Ready',
  status,
  reason,
  message,
  lastTransitionTime: at,
});

let uidCounter = 0;

export interface ObjOptions {
  spec?: Record<string, unknown>;
  status?: Record<string, unknown>;
  labels?: Record<string, string>;
  owners?: OwnerReference[];
  uid?: string;
  [field: string]: unknown;
}

export function obj(ref: ObjRef, opts: ObjOptions = {}): ClusterObject {
  const { spec, status, labels, owners, uid, ...rest } = opts;
  const out: ClusterObject = {
    ...rest,
    apiVersion: ref.group ? `${ref.group}/${versionFor(ref.kind)}` : versionFor(ref.kind),
    kind: ref.kind,
    metadata: { name: ref.name, uid: uid ?? `uid-${++uidCounter}`, creationTimestamp: T0 },
  };
  if (ref.namespace) out.metadata.namespace = ref.namespace;
  if (labels) out.metadata.labels = labels;
  if (owners) out.metadata.ownerReferences = owners;
  if (spec) out.spec = spec;
  if (status) out.status = status;
  return out;
}

export const ksLabels = (namespace: string, name: string) => ({
  [`${KUSTOMIZE_GROUP}/name`]: name,
  [`${KUSTOMIZE_GROUP}/namespace`]: namespace,
});

export const helmLabels = (namespace: string, name: string) => ({
  [`${HELM_GROUP}/name`]: name,
  [`${HELM_GROUP}/namespace`]: namespace,
});

export const inventory = (refs: ObjRef[]) => ({
  entries: refs.map(r => ({ id: formatInventoryId(r), v: versionFor(r.kind) })),
});

export function ownerRef(owner: ClusterObject): OwnerReference {
  return {
    apiVersion: owner.apiVersion,
    kind: owner.kind,
    name: owner.metadata.name,
    uid: owner.metadata.uid ?? '',
    controller: true,
  };
}
