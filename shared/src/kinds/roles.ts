/**
 * What a kind is for, said once: the kinds `flux tree` starts from, the reconcilers, the sources and which
 * sources each reconciler may name, and the short marks the UI prints for kinds in dense lists and nodes.
 */
import { FLUX_KINDS, type KindInfo } from './registry.js';

/** The kinds that apply objects and list them in an inventory: `flux tree` starts from one of these. */
export const TREE_ROOT_KINDS: readonly KindInfo[] = FLUX_KINDS.filter(
  k => k.kind === 'Kustomization' || k.kind === 'HelmRelease',
);

/** The tree root kind of that name (any case, as `flux tree ks` accepts), or undefined. */
export function treeRootKind(kind: string): KindInfo | undefined {
  const lower = kind.toLowerCase();
  return TREE_ROOT_KINDS.find(k => k.kind.toLowerCase() === lower);
}

export function isTreeRootKind(kind: string): boolean {
  return TREE_ROOT_KINDS.some(k => k.kind === kind);
}

/** Kinds that reconcile what they apply (and so can be blocked by a dependency or their source). */
export const RECONCILER_KINDS: readonly string[] = ['Kustomization', 'HelmRelease', 'Terraform'];

/** The kinds `flux` treats as sources. */
export const SOURCE_KINDS: readonly string[] = [
  'GitRepository',
  'OCIRepository',
  'HelmRepository',
  'HelmChart',
  'Bucket',
  'ExternalArtifact',
];

/** What a Kustomization's spec.sourceRef may name that `flux reconcile --with-source` reconciles. */
export const KUSTOMIZATION_SOURCE_KINDS: readonly string[] = ['GitRepository', 'OCIRepository', 'Bucket'];

/** What a HelmRelease's spec.chartRef may name. */
export const CHART_REF_KINDS: readonly string[] = ['OCIRepository', 'HelmChart'];

/** Short, stable kind marks for dense lists and graph nodes (text, not icons: readable at any size). */
const SHORT_NAMES: Record<string, string> = {
  Kustomization: 'KS',
  HelmRelease: 'HR',
  GitRepository: 'GIT',
  OCIRepository: 'OCI',
  HelmRepository: 'REPO',
  HelmChart: 'CHART',
  Bucket: 'BKT',
  ExternalArtifact: 'ART',
  ImageRepository: 'IMG',
  ImagePolicy: 'IPOL',
  ImageUpdateAutomation: 'IUA',
  Alert: 'ALRT',
  Provider: 'PROV',
  Receiver: 'RCV',
  Terraform: 'TF',
  Deployment: 'DEP',
  StatefulSet: 'STS',
  DaemonSet: 'DS',
  ReplicaSet: 'RS',
  Pod: 'POD',
  Service: 'SVC',
  ServiceAccount: 'SA',
  ConfigMap: 'CM',
  Secret: 'SEC',
  Namespace: 'NS',
  Job: 'JOB',
  CronJob: 'CRON',
  CustomResourceDefinition: 'CRD',
  ClusterRole: 'CR',
  ClusterRoleBinding: 'CRB',
  Role: 'ROLE',
  RoleBinding: 'RB',
  PersistentVolumeClaim: 'PVC',
  Ingress: 'ING',
};

/** The kind's short mark; for a kind not listed, its capitals (up to 4) or its first three letters. */
export function kindShortName(kind: string): string {
  return SHORT_NAMES[kind] ?? (kind.replace(/[a-z]/g, '').slice(0, 4) || kind.slice(0, 3).toUpperCase());
}
