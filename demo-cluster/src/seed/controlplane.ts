/** Entry point `controlplane` (control-plane/production): tenant onboarding through SQS, Argo Events and Workflows. */
import { Scope } from './builders.js';
import type { SeedSet } from './builders.js';
import { helmRelease } from './flux.js';
import type { ReleaseSpec } from './flux.js';
import { ECR } from './revisions.js';

const FLOWS = ['deployment', 'offboarding', 'onboarding'] as const;

export const ONBOARDING_RELEASE: ReleaseSpec = {
  hr: 'onboarding-service',
  release: 'onboarding-service',
  releaseNamespace: 'onboarding-service',
  chart: 'application-chart',
  chartVersion: '0.0.1',
  appVersion: '1.0.0',
  repository: 'helm-application-chart',
  repositoryUrl: `oci://${ECR}`,
};

export function buildControlplane(set: SeedSet, createdAgo: number): void {
  const s = new Scope(set, { ks: 'controlplane' }, createdAgo);
  const argo = 'argoproj.io/v1alpha1';
  s.namespace('onboarding-service');
  s.object(argo, 'EventBus', 'default', 'argo-events', {
    spec: { nats: { native: { replicas: 3 } } },
    status: { conditions: [{ type: 'Deployed', status: 'True' }] },
  });
  for (const flow of FLOWS) {
    s.object(argo, 'EventSource', `aws-sqs-${flow}`, 'argo-events', {
      spec: {
        sqs: { [flow]: { region: 'us-west-2', queue: `${flow}-queue`, waitTimeSeconds: 20, jsonBody: true } },
      },
    });
  }
  for (const flow of FLOWS) {
    s.object(argo, 'Sensor', `aws-sqs-${flow}`, 'argo-events', {
      spec: {
        dependencies: [{ name: `sqs-${flow}`, eventSourceName: `aws-sqs-${flow}`, eventName: flow }],
        triggers: [{ template: { name: `tenant-${flow}`, argoWorkflow: { operation: 'submit' } } }],
      },
    });
  }
  for (const flow of FLOWS) {
    s.object(argo, 'WorkflowTemplate', `tenant-${flow}-template`, 'argo-workflows', {
      spec: {
        entrypoint: `tenant-${flow}`,
        serviceAccountName: 'argoworkflows-sa',
        templates: [
          { name: `tenant-${flow}`, container: { image: 'public.ecr.aws/aws-cli/aws-cli:2.15.0' } },
        ],
      },
    });
  }
  helmRelease(set, s, ONBOARDING_RELEASE, createdAgo - 30);
  const hr = new Scope(set, ONBOARDING_RELEASE, createdAgo - 40);
  const ns = 'onboarding-service';
  hr.serviceAccount(ns, 'onboarding-service-application-chart');
  hr.service(ns, 'onboarding-service-application-chart', 80);
  hr.deployment(ns, 'onboarding-service-application-chart', {
    image: `${ECR}/onboarding-service:0.1`,
    port: 8080,
  });
}
