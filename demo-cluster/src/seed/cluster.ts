/**
 * The whole workshop cluster of the seed in its reconciled state: the bootstrap (flux-system GitRepository
 * and root Kustomization, the Flux controllers, CRDs, nodes), the six entry points and everything they apply.
 * Inventories (Kustomization, and HelmRelease as helm-controller 1.5+ writes it) are derived from the
 * owner labels, in build order, which follows the seed's `flux tree` output.
 */
import { formatInventoryId, splitApiVersion } from '@fluxscope/shared';
import { RESOURCES } from '../api/resources.js';
import { eventObject } from '../events.js';
import type { KubeObject } from '../store/store.js';
import { FLUX_NS, NODES, Scope, SeedSet, crdBody } from './builders.js';
import { withUid } from './workloads.js';
import { BOOTSTRAP_AGO, seedClock } from './clock.js';
import { buildControlplane } from './controlplane.js';
import { buildDependencies } from './dependencies.js';
import { SUBSTITUTE_FROM, gitRepository, kustomization } from './flux.js';
import type { KustomizationSpec } from './flux.js';
import { buildInfrastructure } from './infrastructure.js';
import { buildPooledEnvs } from './pooled-envs.js';
import { GITOPS_URL, MAIN_REVISION } from './revisions.js';
import { buildSources } from './sources.js';
import { buildTenants } from './tenants.js';
import { settleTimes } from './timing.js';

const gitSource = { kind: 'GitRepository', name: 'flux-system' };
const entry = (path: string, dependsOn?: string): KustomizationSpec => ({
  ...(dependsOn ? { dependsOn: [{ name: dependsOn }] } : {}),
  interval: '1m0s',
  sourceRef: gitSource,
  path,
  postBuild: SUBSTITUTE_FROM,
});

/** The six entry points of clusters/production, as the seed's YAML declares them. */
export const ENTRY_POINTS: Readonly<Record<string, KustomizationSpec>> = {
  controlplane: entry('control-plane/production', 'infrastructure'),
  'dataplane-pooled-envs': entry('application-plane/production/pooled-envs'),
  'dataplane-tenants': entry('application-plane/production/tenants'),
  dependencies: entry('infrastructure/production/dependencies', 'infrastructure'),
  // The seed's YAML has no `wait`; the demo waits on the add-ons so that, as the article says, dependencies
  // and controlplane only go once the HelmReleases are installed (and a failed release blocks them).
  infrastructure: { ...entry('infrastructure/production', 'sources'), wait: true, timeout: '5m0s' },
  sources: entry('infrastructure/base/sources'),
};

const FLUX_CONTROLLERS = [
  'helm-controller',
  'image-automation-controller',
  'image-reflector-controller',
  'kustomize-controller',
  'notification-controller',
  'source-controller',
];

/** The Flux version the seed plays by default: the labels `flux install` puts on its namespace carry it. */
export const SEED_FLUX_VERSION = 'v2.6.4';

function bootstrap(set: SeedSet, fluxVersion: string): void {
  const base = new Scope(set, null, BOOTSTRAP_AGO + 600);
  for (const ns of ['default', 'kube-system']) base.namespace(ns);
  const fluxNs = base.namespace(FLUX_NS);
  fluxNs.metadata.labels = {
    ...fluxNs.metadata.labels,
    'app.kubernetes.io/instance': FLUX_NS,
    'app.kubernetes.io/part-of': 'flux',
    'app.kubernetes.io/version': fluxVersion,
  };
  NODES.forEach(name =>
    set.add({
      apiVersion: 'v1',
      kind: 'Node',
      metadata: {
        name,
        creationTimestamp: set.clock.ago(BOOTSTRAP_AGO + 900),
        labels: {
          'kubernetes.io/hostname': name,
          'node.kubernetes.io/instance-type': 'm5.large',
          'topology.kubernetes.io/zone': 'us-west-2a',
        },
      },
      spec: { providerID: `aws:///us-west-2a/i-0${name.slice(3, 13).replaceAll('-', '')}` },
      status: {
        conditions: [
          {
            type: 'Ready',
            status: 'True',
            reason: 'KubeletReady',
            message: 'kubelet is posting ready status',
          },
        ],
        nodeInfo: { kubeletVersion: 'v1.33.1-eks-demo' },
      },
    }),
  );
  for (const r of RESOURCES) {
    if (r.builtin || !r.group.includes('fluxcd.io')) continue;
    set.add({
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: {
        name: `${r.plural}.${r.group}`,
        creationTimestamp: set.clock.ago(BOOTSTRAP_AGO + 60),
        labels: { 'app.kubernetes.io/instance': FLUX_NS, 'app.kubernetes.io/part-of': 'flux' },
      },
      ...crdBody(r.group, r.plural, r.kind, r.version, r.namespaced),
    });
  }
  const fluxScope = new Scope(set, null, BOOTSTRAP_AGO + 60);
  for (const c of FLUX_CONTROLLERS)
    fluxScope.deployment(FLUX_NS, c, { image: `ghcr.io/fluxcd/${c}:v1.6.0`, port: 8080 });
  fluxScope.configMap(FLUX_NS, 'saas-infra-outputs', {
    AWS_REGION: 'us-west-2',
    ACCOUNT_ID: '012345678901',
    CLUSTER_NAME: 'eks-saas-gitops',
  });
  gitRepository(
    set,
    undefined,
    'flux-system',
    { url: GITOPS_URL, ref: { branch: 'main' }, interval: '1m0s' },
    MAIN_REVISION,
    BOOTSTRAP_AGO,
  );
  kustomization(
    set,
    undefined,
    'flux-system',
    { interval: '10m0s', path: 'clusters/production', sourceRef: gitSource },
    MAIN_REVISION,
    BOOTSTRAP_AGO,
  );
}

/** CRDs of third-party kinds the charts install from their crds/ directory (no Flux labels: not in any inventory). */
function thirdPartyCrds(set: SeedSet, existing: Set<string>): void {
  for (const r of RESOURCES) {
    const name = `${r.plural}.${r.group}`;
    if (r.builtin || r.group.includes('fluxcd.io') || existing.has(name)) continue;
    set.add({
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name, creationTimestamp: set.clock.ago(BOOTSTRAP_AGO - 200) },
      ...crdBody(r.group, r.plural, r.kind, r.version, r.namespaced),
    });
  }
}

const refOf = (o: KubeObject) => ({
  group: splitApiVersion(o.apiVersion).group,
  kind: o.kind,
  namespace: o.metadata.namespace ?? '',
  name: o.metadata.name,
});

/** Fills status.inventory of every Kustomization and HelmRelease from the owner labels. */
export function fillInventories(objects: KubeObject[]): void {
  const byOwner = new Map<string, Array<{ id: string; v: string }>>();
  for (const o of objects) {
    // helm-controller labels the HelmChart it creates with its HelmRelease, but the chart is not applied by
    // the release: it is in no inventory.
    if (o.kind === 'HelmChart') continue;
    const labels = o.metadata.labels ?? {};
    for (const group of ['kustomize.toolkit.fluxcd.io', 'helm.toolkit.fluxcd.io']) {
      const name = labels[`${group}/name`];
      if (!name) continue;
      const key = `${group}/${labels[`${group}/namespace`]}/${name}`;
      if (!byOwner.has(key)) byOwner.set(key, []);
      byOwner.get(key)?.push({ id: formatInventoryId(refOf(o)), v: splitApiVersion(o.apiVersion).version });
    }
  }
  for (const o of objects) {
    const group = splitApiVersion(o.apiVersion).group;
    if ((o.kind === 'Kustomization' || o.kind === 'HelmRelease') && o.status) {
      o.status['inventory'] = {
        entries: byOwner.get(`${group}/${o.metadata.namespace}/${o.metadata.name}`) ?? [],
      };
    }
  }
}

function steadyEvents(set: SeedSet, objects: KubeObject[]): void {
  const ago = set.clock.ago;
  for (const o of objects) {
    if (o.kind === 'Kustomization') {
      const interval = String(o.spec?.['interval'] ?? '1m0s');
      const minutes = interval.startsWith('10m') ? 5 : interval.startsWith('1h') ? 1 : 58;
      const rev = String(o.status?.['lastAppliedRevision'] ?? '');
      set.add(
        eventObject(
          {
            involved: o,
            type: 'Normal',
            reason: 'ReconciliationSucceeded',
            message: `Reconciliation finished in 1.183s, next run in ${interval}`,
            component: 'kustomize-controller',
            revision: rev,
          },
          ago(30),
          minutes,
          ago(minutes * 60 + 30),
        ),
      );
    } else if (o.kind === 'GitRepository' || o.kind === 'OCIRepository') {
      const rev = String((o.status?.['artifact'] as { revision?: string } | undefined)?.revision ?? '');
      set.add(
        eventObject(
          {
            involved: o,
            type: 'Normal',
            reason: 'ArtifactUpToDate',
            message: `artifact up-to-date with remote revision: '${rev}'`,
            component: 'source-controller',
          },
          ago(20),
          12,
          ago(59 * 60),
        ),
      );
    }
  }
}

export interface SeedCluster {
  objects: KubeObject[];
}

/** The reconciled workshop cluster as of `now`. */
export function buildSeedCluster(now: Date = new Date(), opts: { fluxVersion?: string } = {}): SeedCluster {
  const set = new SeedSet(seedClock(now));
  bootstrap(set, opts.fluxVersion ?? SEED_FLUX_VERSION);
  const root = new Scope(set, { ks: FLUX_NS }, BOOTSTRAP_AGO - 10);
  for (const [name, spec] of Object.entries(ENTRY_POINTS))
    kustomization(set, root, name, spec, MAIN_REVISION, BOOTSTRAP_AGO - 10);
  buildSources(set, BOOTSTRAP_AGO - 20);
  buildInfrastructure(set, BOOTSTRAP_AGO - 60);
  buildDependencies(set, BOOTSTRAP_AGO - 400);
  buildControlplane(set, BOOTSTRAP_AGO - 400);
  buildPooledEnvs(set, BOOTSTRAP_AGO - 20);
  buildTenants(set, BOOTSTRAP_AGO - 20);
  thirdPartyCrds(
    set,
    new Set(set.objects.filter(o => o.kind === 'CustomResourceDefinition').map(o => o.metadata.name)),
  );
  for (const o of set.objects) withUid(o);
  fillInventories(set.objects);
  settleTimes(set.objects, set.clock);
  // The controllers put their finalizer on every object they reconcile (notification's Providers and
  // Alerts have none since v1beta3).
  for (const o of set.objects)
    if (/^(source|kustomize|helm|image)\.toolkit\.fluxcd\.io\//.test(o.apiVersion))
      o.metadata.finalizers = ['finalizers.fluxcd.io'];
  steadyEvents(set, set.objects);
  return { objects: set.objects };
}
