/**
 * Entry point `sources` (infrastructure/base/sources): where charts, images and modules come from. Also the
 * child Kustomization `capacitor` (the Flux UI), built from its OCIRepository.
 */
import type { KubeObject } from '../store/store.js';
import { FLUX_NS, Scope } from './builders.js';
import type { SeedSet } from './builders.js';
import { condition, gitRepository, helmRepository, kustomization, ociRepository } from './flux.js';
import { CAPACITOR_REVISION, ECR, GITOPS_URL, TERRAFORM_REVISION } from './revisions.js';

export const HELM_REPOSITORIES: ReadonlyArray<readonly [string, string]> = [
  ['argo', 'https://argoproj.github.io/argo-helm'],
  ['eks-charts', 'https://aws.github.io/eks-charts'],
  ['helm-application-chart', `oci://${ECR}`],
  ['helm-tenant-chart', `oci://${ECR}`],
  ['karpenter', 'oci://public.ecr.aws/karpenter'],
  ['kubecost', 'oci://public.ecr.aws/kubecost/'],
  ['metrics-server', 'https://kubernetes-sigs.github.io/metrics-server/'],
  ['tf-controller', 'https://flux-iac.github.io/tofu-controller'],
];

const APPS = ['consumer', 'payments', 'producer'] as const;
const IMAGE_TAGS: Record<(typeof APPS)[number], string[]> = {
  consumer: ['0.1', '0.2', '0.3'],
  payments: ['0.1', '0.2'],
  producer: ['0.1', '0.2', '0.3', '0.4'],
};

function imageObjects(s: Scope, ago: (s: number) => string, createdAgo: number): void {
  const at = ago(createdAgo - 12);
  for (const app of APPS) {
    const tags = IMAGE_TAGS[app];
    const latest = tags[tags.length - 1] as string;
    s.object('image.toolkit.fluxcd.io/v1', 'ImagePolicy', `${app}-image-policy`, FLUX_NS, {
      spec: {
        imageRepositoryRef: { name: `${app}-image-repository` },
        policy: { semver: { range: '>=0.0.1' } },
      },
      status: {
        observedGeneration: 1,
        latestRef: { name: `${ECR}/${app}`, tag: latest },
        conditions: [
          condition(
            'Ready',
            'True',
            'Succeeded',
            `Latest image tag for ${ECR}/${app} resolved to ${latest}`,
            at,
          ),
        ],
      },
    });
  }
  for (const app of APPS) {
    const tags = IMAGE_TAGS[app];
    s.object('image.toolkit.fluxcd.io/v1', 'ImageRepository', `${app}-image-repository`, FLUX_NS, {
      spec: { image: `${ECR}/${app}`, interval: '1m0s', provider: 'aws', exclusionList: ['^.*\\.sig$'] },
      status: {
        observedGeneration: 1,
        canonicalImageName: `${ECR}/${app}`,
        lastScanResult: { tagCount: tags.length, scanTime: ago(25), latestTags: [...tags].reverse() },
        conditions: [
          condition('Ready', 'True', 'Succeeded', `successful scan: found ${tags.length} tags`, at),
        ],
      },
    });
  }
  for (const app of APPS) {
    for (const target of ['pooled-envs', 'tenants'] as const) {
      s.object(
        'image.toolkit.fluxcd.io/v1',
        'ImageUpdateAutomation',
        `${app}-update-automation-${target}`,
        FLUX_NS,
        {
          spec: {
            interval: '1m0s',
            sourceRef: { kind: 'GitRepository', name: 'flux-system' },
            git: {
              checkout: { ref: { branch: 'main' } },
              commit: {
                author: { name: 'fluxcdbot', email: 'fluxcdbot@users.noreply.github.com' },
                messageTemplate: `Update ${app} image`,
              },
              push: { branch: 'main' },
            },
            update: { path: `./application-plane/production/${target}`, strategy: 'Setters' },
            policySelector: { matchLabels: { app } },
          },
          status: {
            observedGeneration: 1,
            lastAutomationRunTime: ago(40),
            observedPolicies: {
              [`${app}-image-policy`]: { name: `${ECR}/${app}`, tag: IMAGE_TAGS[app].at(-1) as string },
            },
            conditions: [condition('Ready', 'True', 'Succeeded', 'repository up-to-date', at)],
          },
        },
      );
    }
  }
}

export function buildSources(set: SeedSet, createdAgo: number): KubeObject[] {
  const s = new Scope(set, { ks: 'sources' }, createdAgo);
  const ago = set.clock.ago;
  s.serviceAccount(FLUX_NS, 'ecr-credentials-sync');
  s.role(FLUX_NS, 'ecr-credentials-sync');
  s.roleBinding(FLUX_NS, 'ecr-credentials-sync', 'ecr-credentials-sync', 'ecr-credentials-sync');
  s.service(FLUX_NS, 'capacitor-lb', 80, 'LoadBalancer');
  s.object('batch/v1', 'CronJob', 'ecr-credentials-sync', FLUX_NS, {
    spec: {
      schedule: '*/5 * * * *',
      suspend: false,
      jobTemplate: {
        spec: {
          template: {
            spec: {
              serviceAccountName: 'ecr-credentials-sync',
              containers: [{ name: 'ecr-credentials-sync', image: 'public.ecr.aws/aws-cli/aws-cli:2.15.0' }],
            },
          },
        },
      },
    },
    status: { lastScheduleTime: ago(170), lastSuccessfulTime: ago(160) },
  });
  imageObjects(s, ago, createdAgo);
  const capacitor = kustomization(
    set,
    s,
    'capacitor',
    {
      path: './',
      interval: '1h0m0s',
      sourceRef: { kind: 'OCIRepository', name: 'capacitor' },
      targetNamespace: FLUX_NS,
    },
    CAPACITOR_REVISION,
    createdAgo - 15,
  );
  const cap = new Scope(set, { ks: 'capacitor' }, createdAgo - 20);
  cap.clusterRole('capacitor');
  cap.clusterRoleBinding('capacitor', 'capacitor', [FLUX_NS, 'capacitor']);
  cap.serviceAccount(FLUX_NS, 'capacitor');
  cap.service(FLUX_NS, 'capacitor', 9000);
  cap.deployment(FLUX_NS, 'capacitor', { image: 'ghcr.io/gimlet-io/capacitor:v0.4.8', port: 9000 });
  gitRepository(
    set,
    s,
    'terraform-v0-0-1',
    { url: GITOPS_URL, ref: { tag: 'v0.0.1' }, interval: '5m0s' },
    TERRAFORM_REVISION,
    createdAgo,
  );
  for (const [name, url] of HELM_REPOSITORIES) helmRepository(set, s, name, url, createdAgo);
  ociRepository(
    set,
    s,
    'capacitor',
    { url: 'oci://ghcr.io/gimlet-io/capacitor-manifests', ref: { semver: '>=0.1.0' }, interval: '12h0m0s' },
    CAPACITOR_REVISION,
    createdAgo,
  );
  return [capacitor];
}
