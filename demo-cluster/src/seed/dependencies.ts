/** Entry point `dependencies` (infrastructure/production/dependencies): Karpenter's node classes and pools. */
import { Scope } from './builders.js';
import type { SeedSet } from './builders.js';
import { condition } from './flux.js';

export function buildDependencies(set: SeedSet, createdAgo: number): void {
  const s = new Scope(set, { ks: 'dependencies' }, createdAgo);
  const at = set.clock.ago(createdAgo - 5);
  const ready = [condition('Ready', 'True', 'Ready', '', at)];
  s.object('karpenter.k8s.aws/v1', 'EC2NodeClass', 'default', undefined, {
    spec: {
      amiSelectorTerms: [{ alias: 'al2023@latest' }],
      role: 'KarpenterNodeRole-eks-saas-gitops',
      subnetSelectorTerms: [{ tags: { 'karpenter.sh/discovery': 'eks-saas-gitops' } }],
      securityGroupSelectorTerms: [{ tags: { 'karpenter.sh/discovery': 'eks-saas-gitops' } }],
    },
    status: { conditions: ready, instanceProfile: 'eks-saas-gitops_1234567890' },
  });
  s.configMap('default', 'dummy-configmap-dependencies', { purpose: 'placeholder' });
  for (const pool of ['application', 'default']) {
    s.object('karpenter.sh/v1', 'NodePool', pool, undefined, {
      spec: {
        template: {
          spec: {
            nodeClassRef: { group: 'karpenter.k8s.aws', kind: 'EC2NodeClass', name: 'default' },
            requirements: [{ key: 'karpenter.sh/capacity-type', operator: 'In', values: ['on-demand'] }],
          },
        },
        limits: { cpu: '1000' },
        disruption: { consolidationPolicy: 'WhenEmptyOrUnderutilized', consolidateAfter: '1m' },
      },
      status: { conditions: ready, resources: { cpu: '0', memory: '0', nodes: '0' } },
    });
  }
}
