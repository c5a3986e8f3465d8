/**
 * What makes synthetic objects weigh what real ones do: server-side-apply managedFields (the largest part of a
 * real object, which Fluxscope drops), Deployments with resources, env, probes and rollout annotations, and
 * ConfigMaps with a kilobyte or two of configuration. A real Deployment is ~3.5 KB of JSON; so are these.
 */
import type { KubeObject } from '../store/store.js';

/** `f:` field sets as the API server records them, for the top-level parts of an object. */
function fieldsOf(value: unknown, depth: number): Record<string, unknown> {
  if (depth === 0 || value === null || typeof value !== 'object' || Array.isArray(value)) return {};
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>))
    out[`f:${k}`] = fieldsOf(v, depth - 1);
  return out;
}

const MANAGERS: Record<string, string> = {
  ReplicaSet: 'kube-controller-manager',
  Pod: 'kubelet',
};

/** An Apply entry for whoever applied the object, an Update entry for status (as controllers write it). */
export function applyManagedFields(obj: KubeObject): void {
  if (obj.kind === 'Kustomization' || obj.kind === 'HelmRelease' || obj.kind === 'HelmChart') return;
  const labels = obj.metadata.labels ?? {};
  const manager =
    MANAGERS[obj.kind] ??
    (labels['helm.toolkit.fluxcd.io/name']
      ? 'helm-controller'
      : labels['kustomize.toolkit.fluxcd.io/name']
        ? 'kustomize-controller'
        : 'flux');
  const time = obj.metadata.creationTimestamp;
  const { metadata: _m, status, apiVersion: _a, kind: _k, ...body } = obj;
  const entries: NonNullable<KubeObject['metadata']['managedFields']> = [
    {
      manager,
      operation: 'Apply',
      apiVersion: obj.apiVersion,
      time,
      fieldsType: 'FieldsV1',
      fieldsV1: {
        'f:metadata': {
          'f:labels': fieldsOf(obj.metadata.labels, 1),
          ...(obj.metadata.annotations ? { 'f:annotations': fieldsOf(obj.metadata.annotations, 1) } : {}),
        },
        ...fieldsOf(body, 4),
      },
    },
  ];
  if (status && typeof status === 'object' && Object.keys(status).length > 0)
    entries.push({
      manager: obj.kind === 'Pod' ? 'kubelet' : 'kube-controller-manager',
      operation: 'Update',
      apiVersion: obj.apiVersion,
      time,
      fieldsType: 'FieldsV1',
      fieldsV1: { 'f:status': fieldsOf(status, 3) },
      subresource: 'status',
    });
  obj.metadata.managedFields = entries;
}

/** Resources, env, probes and security context on the Deployment's container (shared with its RS and Pods). */
export function enrichDeployment(dep: KubeObject): void {
  const template = dep.spec?.['template'] as { spec: { containers: Array<Record<string, unknown>> } };
  const container = template.spec.containers[0];
  if (!container) return;
  const port = 8080;
  Object.assign(container, {
    env: [
      { name: 'LOG_LEVEL', value: 'info' },
      { name: 'OTEL_EXPORTER_OTLP_ENDPOINT', value: 'http://otel-collector.observability:4317' },
      { name: 'POD_NAME', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.name' } } },
    ],
    envFrom: [{ configMapRef: { name: `${dep.metadata.name}-config` } }],
    resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi' } },
    livenessProbe: {
      httpGet: { path: '/healthz', port, scheme: 'HTTP' },
      periodSeconds: 10,
      failureThreshold: 3,
    },
    readinessProbe: {
      httpGet: { path: '/readyz', port, scheme: 'HTTP' },
      periodSeconds: 5,
      failureThreshold: 3,
    },
    securityContext: {
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      runAsNonRoot: true,
      capabilities: { drop: ['ALL'] },
    },
    imagePullPolicy: 'IfNotPresent',
    terminationMessagePath: '/dev/termination-log',
    terminationMessagePolicy: 'File',
  });
  dep.spec = {
    ...dep.spec,
    progressDeadlineSeconds: 600,
    revisionHistoryLimit: 10,
    strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
  };
}

/** ~1.2 KB of application configuration. */
export function realisticConfigData(name: string): Record<string, string> {
  return {
    'app.yaml': [
      `name: ${name}`,
      'server:',
      '  port: 8080',
      '  readTimeout: 15s',
      '  writeTimeout: 15s',
      'database:',
      `  host: ${name}-db.databases.svc.cluster.local`,
      '  pool: {min: 2, max: 20}',
      'features:',
      ...Array.from({ length: 12 }, (_, i) => `  flag${i}: ${i % 3 === 0 ? 'true' : 'false'}`),
      'logging:',
      '  format: json',
      '  level: info',
    ].join('\n'),
    'tracing.json': JSON.stringify({
      endpoint: 'http://otel-collector.observability:4317',
      sampler: 'parentbased_traceidratio',
      ratio: 0.05,
      service: name,
    }),
  };
}
