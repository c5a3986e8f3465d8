/**
 * Every resource the demo cluster serves: the built-in kinds the seed's tree holds, the Flux kinds (from
 * shared's registry, at their newest version) and the third-party CRDs of the workshop (argo, karpenter,
 * AWS load balancer controller). Discovery, URL routing and the CRD objects are all derived from this list.
 */
import { FLUX_KINDS } from '@fluxscope/shared';

export interface Resource {
  group: string;
  version: string;
  kind: string;
  plural: string;
  singular: string;
  namespaced: boolean;
  shortNames?: string[];
  categories?: string[];
  /** Has a /status subresource: writes to the main resource leave status alone and vice versa. */
  status: boolean;
  /** Served by kube-apiserver itself rather than through a CustomResourceDefinition. */
  builtin: boolean;
}

type Opts = Partial<Pick<Resource, 'shortNames' | 'categories' | 'status'>>;

const builtin = (
  group: string,
  version: string,
  kind: string,
  plural: string,
  namespaced: boolean,
  o: Opts = {},
): Resource => ({
  group,
  version,
  kind,
  plural,
  singular: kind.toLowerCase(),
  namespaced,
  status: o.status ?? false,
  builtin: true,
  ...(o.shortNames ? { shortNames: o.shortNames } : {}),
  ...(o.categories ? { categories: o.categories } : {}),
});

const crd = (
  group: string,
  version: string,
  kind: string,
  plural: string,
  namespaced: boolean,
  o: Opts = {},
): Resource => ({
  ...builtin(group, version, kind, plural, namespaced, { status: true, ...o }),
  builtin: false,
});

const FLUX_SHORT_NAMES: Record<string, string[]> = {
  Kustomization: ['ks'],
  HelmRelease: ['hr'],
  GitRepository: ['gitrepo'],
  OCIRepository: ['ocirepo'],
  HelmRepository: ['helmrepo'],
  HelmChart: ['hc'],
  Terraform: ['tf'],
};

export const RESOURCES: readonly Resource[] = [
  builtin('', 'v1', 'Namespace', 'namespaces', false, { shortNames: ['ns'], status: true }),
  builtin('', 'v1', 'ConfigMap', 'configmaps', true, { shortNames: ['cm'] }),
  builtin('', 'v1', 'Secret', 'secrets', true),
  builtin('', 'v1', 'Service', 'services', true, { shortNames: ['svc'], categories: ['all'], status: true }),
  builtin('', 'v1', 'ServiceAccount', 'serviceaccounts', true, { shortNames: ['sa'] }),
  builtin('', 'v1', 'Pod', 'pods', true, { shortNames: ['po'], categories: ['all'], status: true }),
  builtin('', 'v1', 'PersistentVolumeClaim', 'persistentvolumeclaims', true, {
    shortNames: ['pvc'],
    status: true,
  }),
  builtin('', 'v1', 'Event', 'events', true, { shortNames: ['ev'] }),
  builtin('', 'v1', 'Node', 'nodes', false, { shortNames: ['no'], status: true }),
  builtin('apps', 'v1', 'Deployment', 'deployments', true, {
    shortNames: ['deploy'],
    categories: ['all'],
    status: true,
  }),
  builtin('apps', 'v1', 'ReplicaSet', 'replicasets', true, {
    shortNames: ['rs'],
    categories: ['all'],
    status: true,
  }),
  builtin('apps', 'v1', 'DaemonSet', 'daemonsets', true, {
    shortNames: ['ds'],
    categories: ['all'],
    status: true,
  }),
  builtin('apps', 'v1', 'StatefulSet', 'statefulsets', true, {
    shortNames: ['sts'],
    categories: ['all'],
    status: true,
  }),
  builtin('batch', 'v1', 'Job', 'jobs', true, { categories: ['all'], status: true }),
  builtin('batch', 'v1', 'CronJob', 'cronjobs', true, {
    shortNames: ['cj'],
    categories: ['all'],
    status: true,
  }),
  builtin('rbac.authorization.k8s.io', 'v1', 'ClusterRole', 'clusterroles', false),
  builtin('rbac.authorization.k8s.io', 'v1', 'ClusterRoleBinding', 'clusterrolebindings', false),
  builtin('rbac.authorization.k8s.io', 'v1', 'Role', 'roles', true),
  builtin('rbac.authorization.k8s.io', 'v1', 'RoleBinding', 'rolebindings', true),
  builtin('apiextensions.k8s.io', 'v1', 'CustomResourceDefinition', 'customresourcedefinitions', false, {
    shortNames: ['crd', 'crds'],
    status: true,
  }),
  builtin(
    'admissionregistration.k8s.io',
    'v1',
    'MutatingWebhookConfiguration',
    'mutatingwebhookconfigurations',
    false,
  ),
  builtin(
    'admissionregistration.k8s.io',
    'v1',
    'ValidatingWebhookConfiguration',
    'validatingwebhookconfigurations',
    false,
  ),
  builtin('apiregistration.k8s.io', 'v1', 'APIService', 'apiservices', false, { status: true }),
  builtin('networking.k8s.io', 'v1', 'IngressClass', 'ingressclasses', false),
  builtin('policy', 'v1', 'PodDisruptionBudget', 'poddisruptionbudgets', true, {
    shortNames: ['pdb'],
    status: true,
  }),
  ...FLUX_KINDS.map(k =>
    crd(k.group, k.versions[0] ?? 'v1', k.kind, k.plural, true, {
      categories: ['all', 'flux'],
      ...(FLUX_SHORT_NAMES[k.kind] ? { shortNames: FLUX_SHORT_NAMES[k.kind] } : {}),
    }),
  ),
  crd('karpenter.sh', 'v1', 'NodePool', 'nodepools', false),
  crd('karpenter.k8s.aws', 'v1', 'EC2NodeClass', 'ec2nodeclasses', false, { shortNames: ['ec2nc'] }),
  crd('elbv2.k8s.aws', 'v1beta1', 'IngressClassParams', 'ingressclassparams', false),
  crd('argoproj.io', 'v1alpha1', 'EventBus', 'eventbus', true, { shortNames: ['eb'] }),
  crd('argoproj.io', 'v1alpha1', 'EventSource', 'eventsources', true, { shortNames: ['es'] }),
  crd('argoproj.io', 'v1alpha1', 'Sensor', 'sensors', true, { shortNames: ['sn'] }),
  crd('argoproj.io', 'v1alpha1', 'ClusterWorkflowTemplate', 'clusterworkflowtemplates', false, {
    shortNames: ['cwftmpl'],
  }),
  crd('argoproj.io', 'v1alpha1', 'CronWorkflow', 'cronworkflows', true, { shortNames: ['cwf'] }),
  crd('argoproj.io', 'v1alpha1', 'WorkflowArtifactGCTask', 'workflowartifactgctasks', true),
  crd('argoproj.io', 'v1alpha1', 'WorkflowEventBinding', 'workfloweventbindings', true, {
    shortNames: ['wfeb'],
  }),
  crd('argoproj.io', 'v1alpha1', 'Workflow', 'workflows', true, { shortNames: ['wf'] }),
  crd('argoproj.io', 'v1alpha1', 'WorkflowTaskResult', 'workflowtaskresults', true),
  crd('argoproj.io', 'v1alpha1', 'WorkflowTaskSet', 'workflowtasksets', true, { shortNames: ['wfts'] }),
  crd('argoproj.io', 'v1alpha1', 'WorkflowTemplate', 'workflowtemplates', true, { shortNames: ['wftmpl'] }),
];

const byPlural = new Map(RESOURCES.map(r => [`${r.group}/${r.version}/${r.plural}`, r] as const));
const byGk = new Map(RESOURCES.map(r => [`${r.group}/${r.kind}`, r] as const));

export function resourceByPlural(group: string, version: string, plural: string): Resource | undefined {
  return byPlural.get(`${group}/${version}/${plural}`);
}

export function resourceByKind(group: string, kind: string): Resource | undefined {
  return byGk.get(`${group}/${kind}`);
}

export const apiVersionOf = (r: Pick<Resource, 'group' | 'version'>): string =>
  r.group ? `${r.group}/${r.version}` : r.version;
export const gkOfResource = (r: Resource): string => `${r.group}/${r.kind}`;

/** Served groups in discovery order: core first, then the order above. */
export function servedGroups(): Array<{ group: string; versions: string[] }> {
  const groups = new Map<string, Set<string>>();
  for (const r of RESOURCES) {
    if (!groups.has(r.group)) groups.set(r.group, new Set());
    groups.get(r.group)?.add(r.version);
  }
  return [...groups].map(([group, versions]) => ({ group, versions: [...versions] }));
}
