/** What the seed's `flux tree` and `flux get all` list (the workshop cluster the demo cluster plays). */
export const SEED_KUSTOMIZATIONS = [
  'flux-system',
  'sources',
  'infrastructure',
  'dependencies',
  'controlplane',
  'dataplane-pooled-envs',
  'dataplane-tenants',
  'capacitor',
];

export const SEED_HELMRELEASES = [
  'metrics-server',
  'karpenter',
  'argo-workflows',
  'aws-load-balancer-controller',
  'kubecost',
  'argo-events',
  'tf-controller',
  'onboarding-service',
  'pool-1',
];

export const SOURCE_KINDS = ['GitRepository', 'OCIRepository', 'HelmRepository', 'HelmChart'];

export const KUBECOST_DEPLOYMENT = {
  group: 'apps',
  kind: 'Deployment',
  namespace: 'kubecost',
  name: 'kubecost-cost-analyzer',
};

export const sorted = (names: Iterable<string>) => [...names].sort();
