/**
 * Entry point `infrastructure` (infrastructure/production): namespaces and RBAC for the add-ons, then the
 * seven HelmReleases of the seed's chart table (files 01..07), each with what its chart installs.
 */
import type { KubeObject } from '../store/store.js';
import { FLUX_NS, Scope } from './builders.js';
import type { SeedSet } from './builders.js';
import { helmRelease } from './flux.js';
import type { ReleaseSpec } from './flux.js';
import { CHART_CHILDREN } from './infrastructure-charts.js';

const release = (
  hr: string,
  chart: string,
  chartVersion: string,
  ns: string,
  repository: string,
  appVersion: string,
): ReleaseSpec => ({
  hr,
  release: hr,
  releaseNamespace: ns,
  chart,
  chartVersion,
  appVersion,
  repository,
});

/** The seed's table, in the order of infrastructure/production/kustomization.yaml (01..07): the install order. */
export const INFRASTRUCTURE_RELEASES: readonly ReleaseSpec[] = [
  release('metrics-server', 'metrics-server', '3.11.0', 'kube-system', 'metrics-server', '0.6.4'),
  {
    // Installed at 1.3.3, values tuned, then upgraded to 1.4.0.
    ...release('karpenter', 'karpenter', '1.4.0', 'karpenter', 'karpenter', '1.4.0'),
    past: [
      { chartVersion: '1.3.3', appVersion: '1.3.3', action: 'install', status: 'superseded' },
      {
        chartVersion: '1.3.3',
        appVersion: '1.3.3',
        action: 'upgrade',
        status: 'superseded',
        valuesId: 'karpenter-tuned',
      },
    ],
    valuesId: 'karpenter-tuned',
    // Shared defaults from a ConfigMap, the cluster name from the Terraform outputs at a targetPath, an
    // optional Secret merged at the root, and the inline values over all of them.
    valuesFrom: [
      { kind: 'ConfigMap', name: 'karpenter-values' },
      {
        kind: 'ConfigMap',
        name: 'saas-infra-outputs',
        valuesKey: 'CLUSTER_NAME',
        targetPath: 'settings.clusterName',
      },
      { kind: 'Secret', name: 'karpenter-private-values', optional: true },
    ],
    values: { replicas: 2, settings: { featureGates: { spotToSpotConsolidation: true } } },
  },
  {
    // An upgrade to 0.40.11 failed its tests and was rolled back; the next one, with fixed values, went in.
    ...release('argo-workflows', 'argo-workflows', '0.40.11', 'argo-workflows', 'argo', 'v3.5.5'),
    past: [
      { chartVersion: '0.40.10', appVersion: 'v3.5.4', action: 'install', status: 'superseded' },
      {
        chartVersion: '0.40.11',
        appVersion: 'v3.5.5',
        action: 'upgrade',
        status: 'failed',
        valuesId: 'argo-workflows-broken',
        tests: { 'argo-workflows-test-connection': 'Failed' },
      },
      { chartVersion: '0.40.10', appVersion: 'v3.5.4', action: 'rollback', status: 'superseded' },
    ],
    valuesId: 'argo-workflows-fixed',
    tests: { 'argo-workflows-test-connection': 'Succeeded' },
  },
  {
    ...release(
      'aws-load-balancer-controller',
      'aws-load-balancer-controller',
      '1.6.2',
      'aws-system',
      'eks-charts',
      'v2.6.2',
    ),
    past: [{ chartVersion: '1.6.2', appVersion: 'v2.6.2', action: 'install', status: 'superseded' }],
    valuesId: 'aws-load-balancer-controller-replicas',
  },
  {
    ...release('kubecost', 'cost-analyzer', '2.1.0', 'kubecost', 'kubecost', '2.1.0'),
    repositoryUrl: 'oci://public.ecr.aws/kubecost/',
  },
  release('argo-events', 'argo-events', '2.4.3', 'argo-events', 'argo', 'v1.9.1'),
  release('tf-controller', 'tf-controller', '0.16.0-rc.4', FLUX_NS, 'tf-controller', 'v0.16.0-rc.4'),
];

export function buildInfrastructure(set: SeedSet, createdAgo: number): KubeObject[] {
  const s = new Scope(set, { ks: 'infrastructure' }, createdAgo);
  for (const ns of ['argo-events', 'argo-workflows', 'aws-system', 'karpenter', 'kubecost']) s.namespace(ns);
  s.clusterRole('argo-events-cluster-role');
  s.clusterRole('full-permissions-cluster-role');
  s.clusterRoleBinding('argo-events-role-binding', 'argo-events-cluster-role', [
    'argo-events',
    'argo-events-sa',
  ]);
  s.clusterRoleBinding('full-permissions-cluster-role-binding', 'full-permissions-cluster-role', [
    'argo-workflows',
    'argoworkflows-sa',
  ]);
  s.serviceAccount('argo-events', 'argo-events-sa');
  s.serviceAccount('argo-workflows', 'argoworkflows-sa');
  // Applied by hand with the Terraform outputs, like saas-infra-outputs: in no Kustomization's inventory.
  new Scope(set, null, createdAgo).configMap(FLUX_NS, 'karpenter-values', {
    'values.yaml': [
      'replicas: 1',
      'settings:',
      '  clusterName: REPLACED_BY_TARGET_PATH',
      '  interruptionQueue: karpenter-eks-saas-gitops',
      'controller:',
      '  resources:',
      '    requests:',
      '      cpu: 500m',
      '      memory: 512Mi',
      'tolerations:',
      '- key: CriticalAddonsOnly',
      '  operator: Exists',
      '',
    ].join('\n'),
  });
  // `flux tree` lists the HelmReleases in inventory order, which is alphabetical here.
  const sorted = [...INFRASTRUCTURE_RELEASES].sort((a, b) => a.hr.localeCompare(b.hr));
  const releases: KubeObject[] = [];
  sorted.forEach(r => {
    const installedAgo = createdAgo - 60 - INFRASTRUCTURE_RELEASES.indexOf(r) * 25;
    releases.push(helmRelease(set, s, r, installedAgo + 40));
    CHART_CHILDREN[r.hr]?.(new Scope(set, r, installedAgo));
  });
  return releases;
}
