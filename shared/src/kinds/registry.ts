/**
 * The Flux kinds Fluxscope knows, and the ordinary kinds whose health it reads. Served versions are
 * discovered at run time (the server asks the API server); `versions` lists what we understand, newest
 * first, so an older Flux that still serves v1beta2 keeps working.
 */

export type FluxCategory = 'source' | 'kustomize' | 'helm' | 'image' | 'notification' | 'infra';

export interface KindInfo {
  group: string;
  kind: string;
  /** Resource name in URLs. */
  plural: string;
  namespaced: boolean;
  /** Versions we can read, preferred first. */
  versions: string[];
  category?: FluxCategory;
  /** True for the Flux kinds (the objects `flux get all` lists); false for the ordinary kinds we watch slim. */
  flux: boolean;
}

export const SOURCE_GROUP = 'source.toolkit.fluxcd.io';
export const KUSTOMIZE_GROUP = 'kustomize.toolkit.fluxcd.io';
export const HELM_GROUP = 'helm.toolkit.fluxcd.io';
export const IMAGE_GROUP = 'image.toolkit.fluxcd.io';
export const NOTIFICATION_GROUP = 'notification.toolkit.fluxcd.io';
export const TERRAFORM_GROUP = 'infra.contrib.fluxcd.io';

const flux = (
  group: string,
  kind: string,
  plural: string,
  versions: string[],
  category: FluxCategory,
): KindInfo => ({ group, kind, plural, namespaced: true, versions, category, flux: true });

export const FLUX_KINDS: readonly KindInfo[] = [
  flux(SOURCE_GROUP, 'GitRepository', 'gitrepositories', ['v1', 'v1beta2'], 'source'),
  flux(SOURCE_GROUP, 'OCIRepository', 'ocirepositories', ['v1', 'v1beta2'], 'source'),
  flux(SOURCE_GROUP, 'HelmRepository', 'helmrepositories', ['v1', 'v1beta2'], 'source'),
  flux(SOURCE_GROUP, 'HelmChart', 'helmcharts', ['v1', 'v1beta2'], 'source'),
  flux(SOURCE_GROUP, 'Bucket', 'buckets', ['v1', 'v1beta2'], 'source'),
  flux(SOURCE_GROUP, 'ExternalArtifact', 'externalartifacts', ['v1'], 'source'),
  flux(KUSTOMIZE_GROUP, 'Kustomization', 'kustomizations', ['v1', 'v1beta2'], 'kustomize'),
  flux(HELM_GROUP, 'HelmRelease', 'helmreleases', ['v2', 'v2beta2', 'v2beta1'], 'helm'),
  flux(IMAGE_GROUP, 'ImageRepository', 'imagerepositories', ['v1', 'v1beta2'], 'image'),
  flux(IMAGE_GROUP, 'ImagePolicy', 'imagepolicies', ['v1', 'v1beta2'], 'image'),
  flux(IMAGE_GROUP, 'ImageUpdateAutomation', 'imageupdateautomations', ['v1', 'v1beta2'], 'image'),
  flux(NOTIFICATION_GROUP, 'Alert', 'alerts', ['v1beta3', 'v1beta2'], 'notification'),
  flux(NOTIFICATION_GROUP, 'Provider', 'providers', ['v1beta3', 'v1beta2'], 'notification'),
  flux(NOTIFICATION_GROUP, 'Receiver', 'receivers', ['v1', 'v1beta2'], 'notification'),
  flux(TERRAFORM_GROUP, 'Terraform', 'terraforms', ['v1alpha2', 'v1alpha1'], 'infra'),
];

const plain = (
  group: string,
  kind: string,
  plural: string,
  versions: string[],
  namespaced: boolean,
): KindInfo => ({
  group,
  kind,
  plural,
  namespaced,
  versions,
  flux: false,
});

/**
 * Ordinary kinds watched (slim) so trees show health and ownership. Secrets are deliberately absent:
 * Fluxscope never reads Secret data, so Secrets in inventories are shown by id only.
 */
export const WORKLOAD_KINDS: readonly KindInfo[] = [
  plain('', 'Namespace', 'namespaces', ['v1'], false),
  plain('', 'Service', 'services', ['v1'], true),
  plain('', 'ServiceAccount', 'serviceaccounts', ['v1'], true),
  plain('', 'ConfigMap', 'configmaps', ['v1'], true),
  plain('', 'PersistentVolumeClaim', 'persistentvolumeclaims', ['v1'], true),
  plain('', 'Pod', 'pods', ['v1'], true),
  plain('apps', 'Deployment', 'deployments', ['v1'], true),
  plain('apps', 'StatefulSet', 'statefulsets', ['v1'], true),
  plain('apps', 'DaemonSet', 'daemonsets', ['v1'], true),
  plain('apps', 'ReplicaSet', 'replicasets', ['v1'], true),
  plain('batch', 'Job', 'jobs', ['v1'], true),
  plain('batch', 'CronJob', 'cronjobs', ['v1'], true),
  plain('apiextensions.k8s.io', 'CustomResourceDefinition', 'customresourcedefinitions', ['v1'], false),
];

/** The flux CLI's kind order for `flux get all`. */
export const GET_ALL_ORDER = [
  'OCIRepository',
  'Bucket',
  'GitRepository',
  'HelmRepository',
  'HelmChart',
  'ExternalArtifact',
  'ImageRepository',
  'ImagePolicy',
  'ImageUpdateAutomation',
  'HelmRelease',
  'Kustomization',
  'Receiver',
  'Provider',
  'Alert',
] as const;

/** The flux CLI's kind order for `flux stats`. */
export const STATS_ORDER = [
  'GitRepository',
  'OCIRepository',
  'HelmRepository',
  'HelmChart',
  'Bucket',
  'Kustomization',
  'HelmRelease',
  'Alert',
  'Provider',
  'Receiver',
  'ImageUpdateAutomation',
  'ImagePolicy',
  'ImageRepository',
] as const;

/** Kinds whose Events `flux events` keeps (fluxKindMap), compared case-insensitively. */
export const EVENT_KINDS = [
  'Kustomization',
  'HelmRelease',
  'Alert',
  'Receiver',
  'Provider',
  'ImagePolicy',
  'HelmChart',
  'GitRepository',
  'OCIRepository',
  'Bucket',
  'HelmRepository',
  'ImageUpdateAutomation',
  'ImageRepository',
  'ArtifactGenerator',
] as const;

const byGroupKind = new Map<string, KindInfo>(
  [...FLUX_KINDS, ...WORKLOAD_KINDS].map(k => [`${k.group}/${k.kind}`, k] as const),
);

export function kindInfo(group: string, kind: string): KindInfo | undefined {
  return byGroupKind.get(`${group}/${kind}`);
}

export function isFluxGroup(group: string): boolean {
  return group.endsWith('.toolkit.fluxcd.io') || group === TERRAFORM_GROUP;
}

export function isFluxKind(group: string, kind: string): boolean {
  return byGroupKind.get(`${group}/${kind}`)?.flux === true;
}

/** Flux kinds by their bare Kind name (Flux kind names are unique across groups). */
export function fluxKindByName(kind: string): KindInfo | undefined {
  const lower = kind.toLowerCase();
  return FLUX_KINDS.find(k => k.kind.toLowerCase() === lower);
}
