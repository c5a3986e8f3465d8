/** Entry point `dataplane-pooled-envs` (application-plane/production/pooled-envs): the shared pool-1 tier. */
import { FLUX_NS, Scope } from './builders.js';
import type { SeedSet } from './builders.js';
import { condition, helmRelease } from './flux.js';
import type { ReleaseSpec } from './flux.js';
import { hex } from './ids.js';
import { ECR, TERRAFORM_REVISION } from './revisions.js';

export const POOL_RELEASE: ReleaseSpec = {
  hr: 'pool-1',
  release: 'pool-1',
  releaseNamespace: 'pool-1',
  chart: 'helm-tenant-chart',
  chartVersion: '0.0.1',
  appVersion: '1.0.0',
  repository: 'helm-tenant-chart',
  repositoryUrl: `oci://${ECR}`,
};

export function buildPooledEnvs(set: SeedSet, createdAgo: number): void {
  const s = new Scope(set, { ks: 'dataplane-pooled-envs' }, createdAgo);
  s.namespace('pool-1');
  helmRelease(set, s, POOL_RELEASE, createdAgo - 10);
  const hr = new Scope(set, POOL_RELEASE, createdAgo - 20);
  hr.serviceAccount('pool-1', 'pool-1-consumer');
  hr.serviceAccount('pool-1', 'pool-1-producer');
  hr.deployment('pool-1', 'pool-1-consumer', { image: `${ECR}/consumer:0.3`, port: 8080 });
  hr.deployment('pool-1', 'pool-1-producer', { image: `${ECR}/producer:0.4`, port: 8080 });
  const at = set.clock.ago(createdAgo - 95);
  const planId = `plan-v0.0.1-${hex(TERRAFORM_REVISION, 10)}`;
  hr.object('infra.contrib.fluxcd.io/v1alpha2', 'Terraform', 'pool-1', FLUX_NS, {
    spec: {
      path: './terraform/modules/tenant-apps',
      interval: '1m0s',
      approvePlan: 'auto',
      sourceRef: { kind: 'GitRepository', name: 'terraform-v0-0-1', namespace: FLUX_NS },
      vars: [
        { name: 'tenant_id', value: 'pool-1' },
        { name: 'enable_producer', value: true },
        { name: 'enable_consumer', value: true },
      ],
      writeOutputsToSecret: { name: 'pool-1-infra-output' },
      enableInventory: true,
    },
    status: {
      observedGeneration: 1,
      lastAppliedRevision: TERRAFORM_REVISION,
      lastAttemptedRevision: TERRAFORM_REVISION,
      lastPlannedRevision: TERRAFORM_REVISION,
      lastPlanAt: at,
      plan: { lastApplied: planId, pending: '' },
      availableOutputs: ['consumer_ddb', 'consumer_sqs', 'producer_ddb'],
      inventory: {
        entries: [
          { n: 'consumer_ddb', t: 'aws_dynamodb_table', id: 'consumer-pool-1' },
          {
            n: 'consumer_sqs',
            t: 'aws_sqs_queue',
            id: 'https://sqs.us-west-2.amazonaws.com/012345678901/consumer-pool-1',
          },
          { n: 'producer_ddb', t: 'aws_dynamodb_table', id: 'producer-pool-1' },
        ],
      },
      conditions: [
        condition('Ready', 'True', 'TerraformOutputsWritten', `Outputs written: ${TERRAFORM_REVISION}`, at),
        condition('Plan', 'True', 'TerraformPlannedWithChanges', 'Plan generated', at),
        condition(
          'Apply',
          'True',
          'TerraformAppliedSucceed',
          `Applied successfully: ${TERRAFORM_REVISION}`,
          at,
        ),
        condition('Output', 'True', 'TerraformOutputsWritten', `Outputs written: ${TERRAFORM_REVISION}`, at),
      ],
    },
  });
}
