/**
 * Builders for the seed's ordinary objects. A Scope stands for whoever applied the objects (a Kustomization
 * or a HelmRelease) and stamps the labels that controller puts on them; objects are collected in the order
 * they are built, which is the order of the seed's `flux tree` and therefore of the inventories.
 */
import type { KubeObject } from '../store/store.js';
import type { SeedClock } from './clock.js';
import { hex, kubeSuffix } from './ids.js';
import { addPod, addReplicaSet, deploymentStatus, podTemplate } from './workloads.js';

export const FLUX_NS = 'flux-system';
export const NODES = [
  'ip-10-0-42-117.us-west-2.compute.internal',
  'ip-10-0-77-201.us-west-2.compute.internal',
  'ip-10-0-13-58.us-west-2.compute.internal',
];

export interface HelmOwner {
  hr: string;
  release: string;
  releaseNamespace: string;
  chart: string;
  chartVersion: string;
  appVersion: string;
}

/** All objects of the seed, in build order. */
export class SeedSet {
  readonly objects: KubeObject[] = [];
  constructor(readonly clock: SeedClock) {}
  add(obj: KubeObject): KubeObject {
    this.objects.push(obj);
    return obj;
  }
}

export function meta(
  name: string,
  namespace?: string,
  extra: Partial<KubeObject['metadata']> = {},
): KubeObject['metadata'] {
  return { name, ...(namespace ? { namespace } : {}), ...extra };
}

export interface DeploymentOpts {
  replicas?: number;
  image: string;
  /** Ready pods; defaults to all. */
  ready?: number;
  port?: number;
}

export class Scope {
  readonly labels: Record<string, string>;
  readonly annotations: Record<string, string>;

  constructor(
    readonly set: SeedSet,
    owner: { ks: string } | HelmOwner | null,
    private readonly createdAgo: number,
  ) {
    if (owner === null) {
      // Objects no Flux controller applied (bootstrap components, things made by other tools).
      this.labels = {};
      this.annotations = {};
    } else if ('ks' in owner) {
      this.labels = {
        'kustomize.toolkit.fluxcd.io/name': owner.ks,
        'kustomize.toolkit.fluxcd.io/namespace': FLUX_NS,
      };
      this.annotations = {};
    } else {
      this.labels = {
        'app.kubernetes.io/instance': owner.release,
        'app.kubernetes.io/managed-by': 'Helm',
        'app.kubernetes.io/version': owner.appVersion,
        'helm.sh/chart': `${owner.chart}-${owner.chartVersion}`,
        'helm.toolkit.fluxcd.io/name': owner.hr,
        'helm.toolkit.fluxcd.io/namespace': FLUX_NS,
      };
      this.annotations = {
        'meta.helm.sh/release-name': owner.release,
        'meta.helm.sh/release-namespace': owner.releaseNamespace,
      };
    }
  }

  private meta(
    name: string,
    namespace?: string,
    labels: Record<string, string> = {},
  ): KubeObject['metadata'] {
    return meta(name, namespace, {
      creationTimestamp: this.set.clock.ago(this.createdAgo),
      labels: { ...labels, ...this.labels },
      ...(Object.keys(this.annotations).length ? { annotations: { ...this.annotations } } : {}),
    });
  }

  /** Any object: `rest` holds spec, status, data, rules... */
  object(
    apiVersion: string,
    kind: string,
    name: string,
    namespace: string | undefined,
    rest: Omit<KubeObject, 'apiVersion' | 'kind' | 'metadata'> = {},
  ): KubeObject {
    return this.set.add({ apiVersion, kind, metadata: this.meta(name, namespace), ...rest });
  }

  namespace(name: string): KubeObject {
    return this.set.add({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: this.meta(name, undefined, { 'kubernetes.io/metadata.name': name }),
      spec: { finalizers: ['kubernetes'] },
      status: { phase: 'Active' },
    });
  }

  serviceAccount(namespace: string, name: string): KubeObject {
    return this.object('v1', 'ServiceAccount', name, namespace);
  }

  configMap(namespace: string, name: string, data: Record<string, string> = {}): KubeObject {
    return this.object('v1', 'ConfigMap', name, namespace, { data });
  }

  /** Secrets are served with dummy data: Fluxscope never reads them. */
  secret(namespace: string, name: string, type = 'Opaque'): KubeObject {
    const dummy = Buffer.from('demo-cluster-dummy').toString('base64');
    const data =
      type === 'kubernetes.io/tls'
        ? { 'tls.crt': dummy, 'tls.key': dummy, 'ca.crt': dummy }
        : { 'encryption-key': dummy };
    return this.object('v1', 'Secret', name, namespace, { type, data });
  }

  service(
    namespace: string,
    name: string,
    port: number,
    type: 'ClusterIP' | 'LoadBalancer' = 'ClusterIP',
  ): KubeObject {
    const ip = `172.20.${parseInt(hex(`${namespace}/${name}`, 2), 16)}.${parseInt(hex(`ip/${name}`, 2), 16) % 250}`;
    const status =
      type === 'LoadBalancer'
        ? {
            loadBalancer: {
              ingress: [
                {
                  hostname: `k8s-${namespace.slice(0, 8)}-${name.slice(0, 8)}-${hex(name, 10)}.elb.us-west-2.amazonaws.com`,
                },
              ],
            },
          }
        : { loadBalancer: {} };
    return this.object('v1', 'Service', name, namespace, {
      spec: {
        type,
        clusterIP: ip,
        clusterIPs: [ip],
        ports: [{ name: 'http', port, protocol: 'TCP', targetPort: port }],
        selector: { 'app.kubernetes.io/name': name },
      },
      status,
    });
  }

  pvc(namespace: string, name: string, size: string): KubeObject {
    return this.object('v1', 'PersistentVolumeClaim', name, namespace, {
      spec: {
        accessModes: ['ReadWriteOnce'],
        resources: { requests: { storage: size } },
        storageClassName: 'gp2',
        volumeName: `pvc-${hex(name, 8)}-${hex(name, 4)}`,
      },
      status: { phase: 'Bound', accessModes: ['ReadWriteOnce'], capacity: { storage: size } },
    });
  }

  clusterRole(name: string): KubeObject {
    return this.object('rbac.authorization.k8s.io/v1', 'ClusterRole', name, undefined, {
      rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch'] }],
    });
  }

  role(namespace: string, name: string): KubeObject {
    return this.object('rbac.authorization.k8s.io/v1', 'Role', name, namespace, {
      rules: [
        { apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['get', 'create', 'update'] },
      ],
    });
  }

  clusterRoleBinding(name: string, role: string, sa: [string, string]): KubeObject {
    return this.object('rbac.authorization.k8s.io/v1', 'ClusterRoleBinding', name, undefined, {
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role },
      subjects: [{ kind: 'ServiceAccount', namespace: sa[0], name: sa[1] }],
    });
  }

  roleBinding(namespace: string, name: string, role: string, sa: string): KubeObject {
    return this.object('rbac.authorization.k8s.io/v1', 'RoleBinding', name, namespace, {
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: role },
      subjects: [{ kind: 'ServiceAccount', namespace, name: sa }],
    });
  }

  /** A Deployment with its ReplicaSet and Pods (ownerReferences chain, no Flux labels: controllers made them). */
  deployment(namespace: string, name: string, o: DeploymentOpts): KubeObject {
    const replicas = o.replicas ?? 1;
    const ready = o.ready ?? replicas;
    const template = podTemplate(name, o.image, o.port);
    const dep = this.object('apps/v1', 'Deployment', name, namespace, {
      spec: {
        replicas,
        selector: { matchLabels: { 'app.kubernetes.io/name': name } },
        strategy: { type: 'RollingUpdate' },
        template,
      },
      status: deploymentStatus(replicas, ready, this.set.clock.ago(this.createdAgo - 40)),
    });
    dep.metadata.annotations = { ...dep.metadata.annotations, 'deployment.kubernetes.io/revision': '1' };
    addReplicaSet(this.set, dep, template, replicas, ready, this.createdAgo - 2);
    return dep;
  }

  daemonSet(namespace: string, name: string, image: string): KubeObject {
    const template = podTemplate(name, image);
    const n = NODES.length;
    const ds = this.object('apps/v1', 'DaemonSet', name, namespace, {
      spec: {
        selector: { matchLabels: { 'app.kubernetes.io/name': name } },
        template,
        updateStrategy: { type: 'RollingUpdate' },
      },
      status: {
        currentNumberScheduled: n,
        desiredNumberScheduled: n,
        numberAvailable: n,
        numberMisscheduled: 0,
        numberReady: n,
        observedGeneration: 1,
        updatedNumberScheduled: n,
      },
    });
    NODES.forEach((node, i) =>
      addPod(
        this.set,
        ds,
        `${name}-${kubeSuffix(`${name}/${i}`, 5)}`,
        template,
        node,
        true,
        this.createdAgo - 3,
      ),
    );
    return ds;
  }

  crd(group: string, plural: string, kind: string, version: string, namespaced: boolean): KubeObject {
    return this.object(
      'apiextensions.k8s.io/v1',
      'CustomResourceDefinition',
      `${plural}.${group}`,
      undefined,
      crdBody(group, plural, kind, version, namespaced),
    );
  }
}

export function crdBody(
  group: string,
  plural: string,
  kind: string,
  version: string,
  namespaced: boolean,
): Omit<KubeObject, 'apiVersion' | 'kind' | 'metadata'> {
  const names = { kind, listKind: `${kind}List`, plural, singular: kind.toLowerCase() };
  return {
    spec: {
      group,
      names,
      scope: namespaced ? 'Namespaced' : 'Cluster',
      versions: [
        {
          name: version,
          served: true,
          storage: true,
          subresources: { status: {} },
          schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
        },
      ],
    },
    status: {
      acceptedNames: names,
      conditions: [
        { type: 'NamesAccepted', status: 'True', reason: 'NoConflicts', message: 'no conflicts found' },
        {
          type: 'Established',
          status: 'True',
          reason: 'InitialNamesAccepted',
          message: 'the initial names have been accepted',
        },
      ],
      storedVersions: [version],
    },
  };
}
