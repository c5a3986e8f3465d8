/** What each infrastructure chart installs, in the order of the seed's `flux tree` (the release manifest order). */
import type { Scope } from './builders.js';
import { FLUX_NS } from './builders.js';

const ARGO_WORKFLOWS_CRDS = [
  'clusterworkflowtemplates',
  'cronworkflows',
  'workflowartifactgctasks',
  'workfloweventbindings',
  'workflows',
  'workflowtaskresults',
  'workflowtasksets',
  'workflowtemplates',
];
const ARGO_KINDS: Record<string, [string, boolean]> = {
  eventbus: ['EventBus', true],
  eventsources: ['EventSource', true],
  sensors: ['Sensor', true],
  clusterworkflowtemplates: ['ClusterWorkflowTemplate', false],
  cronworkflows: ['CronWorkflow', true],
  workflowartifactgctasks: ['WorkflowArtifactGCTask', true],
  workfloweventbindings: ['WorkflowEventBinding', true],
  workflows: ['Workflow', true],
  workflowtaskresults: ['WorkflowTaskResult', true],
  workflowtasksets: ['WorkflowTaskSet', true],
  workflowtemplates: ['WorkflowTemplate', true],
};

const argoCrd = (s: Scope, plural: string): void => {
  const [kind, namespaced] = ARGO_KINDS[plural] as [string, boolean];
  s.crd('argoproj.io', plural, kind, 'v1alpha1', namespaced);
};

function argoEvents(s: Scope): void {
  const ns = 'argo-events';
  s.serviceAccount(ns, 'argo-events-controller-manager');
  s.serviceAccount(ns, 'argo-events-events-webhook');
  s.configMap(ns, 'argo-events-controller-manager', {
    'controller-config.yaml': 'eventBus:\n  nats:\n    versions: []\n',
  });
  for (const plural of ['eventbus', 'eventsources', 'sensors']) argoCrd(s, plural);
  s.clusterRole('argo-events-controller-manager');
  s.clusterRoleBinding('argo-events-controller-manager', 'argo-events-controller-manager', [
    ns,
    'argo-events-controller-manager',
  ]);
  s.deployment(ns, 'argo-events-controller-manager', {
    image: 'quay.io/argoproj/argo-events:v1.9.1',
    port: 7777,
  });
}

function argoWorkflows(s: Scope): void {
  const ns = 'argo-workflows';
  s.serviceAccount(ns, 'argo-workflows-workflow-controller');
  s.serviceAccount(ns, 'argo-workflow');
  s.serviceAccount(ns, 'argo-workflows-server');
  s.configMap(ns, 'argo-workflows-workflow-controller-configmap', {
    config: 'metricsConfig:\n  enabled: true\n',
  });
  for (const plural of ARGO_WORKFLOWS_CRDS) argoCrd(s, plural);
  for (const role of [
    'view',
    'edit',
    'admin',
    'workflow-controller',
    'workflow-controller-cluster-template',
    'server',
    'server-cluster-template',
  ])
    s.clusterRole(`argo-workflows-${role}`);
  for (const b of [
    'workflow-controller',
    'workflow-controller-cluster-template',
    'server',
    'server-cluster-template',
  ]) {
    s.clusterRoleBinding(`argo-workflows-${b}`, `argo-workflows-${b}`, [
      ns,
      `argo-workflows-${b.startsWith('server') ? 'server' : 'workflow-controller'}`,
    ]);
  }
  s.role(ns, 'argo-workflows-workflow');
  s.roleBinding(ns, 'argo-workflows-workflow', 'argo-workflows-workflow', 'argo-workflow');
  s.service(ns, 'argo-workflows-server', 2746);
  s.deployment(ns, 'argo-workflows-workflow-controller', {
    image: 'quay.io/argoproj/workflow-controller:v3.5.5',
    port: 9090,
  });
  s.deployment(ns, 'argo-workflows-server', { image: 'quay.io/argoproj/argocli:v3.5.5', port: 2746 });
}

function awsLoadBalancerController(s: Scope): void {
  const ns = 'aws-system';
  s.serviceAccount(ns, 'aws-load-balancer-controller');
  s.secret(ns, 'aws-load-balancer-tls', 'kubernetes.io/tls');
  s.clusterRole('aws-load-balancer-controller-role');
  s.clusterRoleBinding('aws-load-balancer-controller-rolebinding', 'aws-load-balancer-controller-role', [
    ns,
    'aws-load-balancer-controller',
  ]);
  s.role(ns, 'aws-load-balancer-controller-leader-election-role');
  s.roleBinding(
    ns,
    'aws-load-balancer-controller-leader-election-rolebinding',
    'aws-load-balancer-controller-leader-election-role',
    'aws-load-balancer-controller',
  );
  s.service(ns, 'aws-load-balancer-webhook-service', 443);
  s.deployment(ns, 'aws-load-balancer-controller', {
    replicas: 2,
    image: 'public.ecr.aws/eks/aws-load-balancer-controller:v2.6.2',
    port: 9443,
  });
  const webhook = {
    name: 'mpod.elbv2.k8s.aws',
    admissionReviewVersions: ['v1beta1'],
    clientConfig: {
      service: { name: 'aws-load-balancer-webhook-service', namespace: ns, path: '/mutate-v1-pod' },
    },
    sideEffects: 'None',
    failurePolicy: 'Fail',
  };
  s.object(
    'admissionregistration.k8s.io/v1',
    'MutatingWebhookConfiguration',
    'aws-load-balancer-webhook',
    undefined,
    { webhooks: [webhook] },
  );
  s.object(
    'admissionregistration.k8s.io/v1',
    'ValidatingWebhookConfiguration',
    'aws-load-balancer-webhook',
    undefined,
    { webhooks: [{ ...webhook, name: 'vingress.elbv2.k8s.aws' }] },
  );
  s.object('elbv2.k8s.aws/v1beta1', 'IngressClassParams', 'alb', undefined, { spec: {} });
  s.object('networking.k8s.io/v1', 'IngressClass', 'alb', undefined, {
    spec: {
      controller: 'ingress.k8s.aws/alb',
      parameters: { apiGroup: 'elbv2.k8s.aws', kind: 'IngressClassParams', name: 'alb' },
    },
  });
}

function karpenter(s: Scope): void {
  const ns = 'karpenter';
  s.object('policy/v1', 'PodDisruptionBudget', 'karpenter', ns, {
    spec: { maxUnavailable: 1, selector: { matchLabels: { 'app.kubernetes.io/name': 'karpenter' } } },
    status: {
      currentHealthy: 2,
      desiredHealthy: 1,
      disruptionsAllowed: 1,
      expectedPods: 2,
      observedGeneration: 1,
    },
  });
  s.serviceAccount(ns, 'karpenter');
  for (const r of ['karpenter-admin', 'karpenter-core', 'karpenter']) s.clusterRole(r);
  s.clusterRoleBinding('karpenter-core', 'karpenter-core', [ns, 'karpenter']);
  s.clusterRoleBinding('karpenter', 'karpenter', [ns, 'karpenter']);
  s.role(ns, 'karpenter');
  s.role('kube-system', 'karpenter-dns');
  s.roleBinding(ns, 'karpenter', 'karpenter', 'karpenter');
  s.roleBinding('kube-system', 'karpenter-dns', 'karpenter-dns', 'karpenter');
  s.service(ns, 'karpenter', 8080);
  s.deployment(ns, 'karpenter', {
    replicas: 2,
    image: 'public.ecr.aws/karpenter/controller:1.4.0',
    port: 8080,
  });
}

function kubecost(s: Scope): void {
  const ns = 'kubecost';
  for (const sa of [
    'kubecost-cost-analyzer',
    'kubecost-prometheus-node-exporter',
    'kubecost-prometheus-server',
  ])
    s.serviceAccount(ns, sa);
  for (const cm of [
    'kubecost-cost-analyzer',
    'nginx-conf',
    'network-costs-config',
    'external-grafana-config-map',
    'cluster-controller-continuous-cluster-sizing',
    'cluster-controller-nsturndown-config',
    'cluster-controller-container-rightsizing-config',
    'kubecost-prometheus-server',
  ]) {
    s.configMap(ns, cm, { 'kubecost-token': 'demo' });
  }
  s.pvc(ns, 'kubecost-cost-analyzer', '32Gi');
  s.pvc(ns, 'kubecost-prometheus-server', '32Gi');
  s.clusterRole('kubecost-cost-analyzer');
  s.clusterRole('kubecost-prometheus-server');
  s.clusterRoleBinding('kubecost-cost-analyzer', 'kubecost-cost-analyzer', [ns, 'kubecost-cost-analyzer']);
  s.clusterRoleBinding('kubecost-prometheus-server', 'kubecost-prometheus-server', [
    ns,
    'kubecost-prometheus-server',
  ]);
  s.role(ns, 'kubecost-cost-analyzer');
  s.roleBinding(ns, 'kubecost-cost-analyzer', 'kubecost-cost-analyzer', 'kubecost-cost-analyzer');
  const ports: Record<string, number> = {
    'kubecost-cloud-cost': 9005,
    'kubecost-aggregator': 9004,
    'kubecost-network-costs': 3001,
    'kubecost-cost-analyzer': 9090,
    'kubecost-forecasting': 5000,
    'kubecost-prometheus-node-exporter': 9100,
    'kubecost-prometheus-server': 80,
  };
  for (const [svc, port] of Object.entries(ports)) s.service(ns, svc, port);
  s.daemonSet(ns, 'kubecost-network-costs', 'gcr.io/kubecost1/kubecost-network-costs:v0.17.3');
  s.daemonSet(ns, 'kubecost-prometheus-node-exporter', 'prom/node-exporter:v1.7.0');
  s.deployment(ns, 'kubecost-cost-analyzer', { image: 'gcr.io/kubecost1/cost-model:prod-2.1.0', port: 9003 });
  s.deployment(ns, 'kubecost-forecasting', {
    image: 'gcr.io/kubecost1/kubecost-modeling:v0.1.6',
    port: 5000,
  });
  s.deployment(ns, 'kubecost-prometheus-server', {
    image: 'quay.io/prometheus/prometheus:v2.50.1',
    port: 9090,
  });
}

function metricsServer(s: Scope): void {
  const ns = 'kube-system';
  s.serviceAccount(ns, 'metrics-server');
  s.clusterRole('system:metrics-server-aggregated-reader');
  s.clusterRole('system:metrics-server');
  s.clusterRoleBinding('metrics-server:system:auth-delegator', 'system:auth-delegator', [
    ns,
    'metrics-server',
  ]);
  s.clusterRoleBinding('system:metrics-server', 'system:metrics-server', [ns, 'metrics-server']);
  s.roleBinding(
    ns,
    'metrics-server-auth-reader',
    'extension-apiserver-authentication-reader',
    'metrics-server',
  );
  s.service(ns, 'metrics-server', 443);
  s.deployment(ns, 'metrics-server', {
    image: 'registry.k8s.io/metrics-server/metrics-server:v0.6.4',
    port: 10250,
  });
  s.object('apiregistration.k8s.io/v1', 'APIService', 'v1beta1.metrics.k8s.io', undefined, {
    spec: {
      group: 'metrics.k8s.io',
      version: 'v1beta1',
      groupPriorityMinimum: 100,
      versionPriority: 100,
      insecureSkipTLSVerify: true,
      service: { name: 'metrics-server', namespace: ns, port: 443 },
    },
    status: {
      conditions: [
        {
          type: 'Available',
          status: 'True',
          reason: 'Passed',
          message: 'all checks passed',
          lastTransitionTime: s.set.clock.ago(3 * 3600),
        },
      ],
    },
  });
}

function tfController(s: Scope): void {
  const ns = FLUX_NS;
  s.serviceAccount(ns, 'tf-controller');
  s.serviceAccount(ns, 'tf-runner');
  s.secret(ns, 'tf-runner.cache-encryption');
  for (const r of ['tf-cluster-reconciler-role', 'tf-manager-role', 'tf-runner-role']) s.clusterRole(r);
  s.clusterRoleBinding('tf-cluster-reconciler', 'tf-cluster-reconciler-role', [ns, 'tf-controller']);
  s.clusterRoleBinding('tf-manager-rolebinding', 'tf-manager-role', [ns, 'tf-controller']);
  s.clusterRoleBinding('tf-runner-rolebinding', 'tf-runner-role', [ns, 'tf-runner']);
  s.role(ns, 'tf-leader-election-role');
  s.roleBinding(ns, 'tf-leader-election-rolebinding', 'tf-leader-election-role', 'tf-controller');
  s.deployment(ns, 'tf-controller', { image: 'ghcr.io/flux-iac/tofu-controller:v0.16.0-rc.4', port: 8080 });
}

export const CHART_CHILDREN: Record<string, (s: Scope) => void> = {
  'argo-events': argoEvents,
  'argo-workflows': argoWorkflows,
  'aws-load-balancer-controller': awsLoadBalancerController,
  karpenter,
  kubecost,
  'metrics-server': metricsServer,
  'tf-controller': tfController,
};
