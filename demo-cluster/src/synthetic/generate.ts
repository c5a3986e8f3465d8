/**
 * A synthetic Flux cluster of any size, for benchmarks: a root Kustomization (flux-system) applying N-1 app
 * Kustomizations in dependsOn chains, HelmRepositories and M HelmReleases (each with its HelmChart), and
 * inventories of ordinary objects sized like real ones (Deployments with ReplicaSets and Pods, Services,
 * ConfigMaps, ServiceAccounts, all with managedFields) until exactly `objects` objects exist.
 * Deterministic: the same options always give the same cluster (uids and names derive from the names).
 */
import type { KubeObject } from '../store/store.js';
import type { HelmOwner } from '../seed/builders.js';
import { FLUX_NS, Scope, SeedSet } from '../seed/builders.js';
import { seedClock } from '../seed/clock.js';
import { fillInventories } from '../seed/cluster.js';
import { gitRepository, helmRelease, helmRepository, kustomization } from '../seed/flux.js';
import { sha1Revision } from '../seed/ids.js';
import { withUid } from '../seed/workloads.js';
import { applyManagedFields, enrichDeployment, realisticConfigData } from './realistic.js';

export interface SyntheticOptions {
  /** Total objects in the cluster, Flux objects included (default 10,000). */
  objects?: number;
  /** Kustomizations, the root flux-system included (default objects / 100, at least 2). */
  kustomizations?: number;
  /** HelmReleases (default: as many as Kustomizations); each comes with a HelmChart. */
  helmReleases?: number;
  /** Length of the dependsOn chains the app Kustomizations form (default 10). */
  chainLength?: number;
  /** Replicas of each Deployment, i.e. Pods per workload unit (default 1). */
  replicas?: number;
  now?: Date;
}

export interface SyntheticCluster {
  objects: KubeObject[];
  /** Objects per kind, for reports. */
  counts: Record<string, number>;
  /** A Kustomization at the end of a dependsOn chain and a Pod deep in an inventory: bench targets. */
  leaves: { kustomization: string; pod: { namespace: string; name: string } };
}

export const ROOT_KUSTOMIZATION = FLUX_NS;
const CREATED_AGO = 6 * 3600;
const REVISION = sha1Revision('main', 'synthetic/main');
const RELEASES_PER_REPOSITORY = 50;

const pad = (i: number): string => String(i).padStart(5, '0');
export const appName = (i: number): string => `app-${pad(i)}`;
export const releaseName = (j: number): string => `release-${pad(j)}`;

export function resolveOptions(opts: SyntheticOptions): Required<Omit<SyntheticOptions, 'now'>> {
  const objects = opts.objects ?? 10_000;
  const kustomizations = Math.max(2, opts.kustomizations ?? Math.round(objects / 100));
  const helmReleases = Math.max(0, opts.helmReleases ?? kustomizations);
  const chainLength = Math.max(1, opts.chainLength ?? 10);
  const replicas = Math.max(1, opts.replicas ?? 1);
  return { objects, kustomizations, helmReleases, chainLength, replicas };
}

/** Ordinary objects a workload unit adds: ServiceAccount, ConfigMap, Service, Deployment, ReplicaSet, Pods. */
export const unitSize = (replicas: number): number => 5 + replicas;

export function fluxObjectCount(o: Required<Omit<SyntheticOptions, 'now'>>): number {
  const repositories = o.helmReleases > 0 ? Math.ceil(o.helmReleases / RELEASES_PER_REPOSITORY) : 0;
  // flux-system Namespace + GitRepository, Kustomizations, one Namespace per app Kustomization,
  // HelmRepositories, HelmReleases and their HelmCharts.
  return 2 + o.kustomizations + (o.kustomizations - 1) + repositories + 2 * o.helmReleases;
}

export function generateSyntheticCluster(opts: SyntheticOptions = {}): SyntheticCluster {
  const o = resolveOptions(opts);
  const skeleton = fluxObjectCount(o);
  if (o.objects < skeleton)
    throw new Error(
      `${o.objects} objects cannot hold ${o.kustomizations} Kustomizations and ${o.helmReleases} HelmReleases (at least ${skeleton})`,
    );
  const set = new SeedSet(seedClock(opts.now ?? new Date()));
  const bootstrap = new Scope(set, null, CREATED_AGO);
  bootstrap.namespace(FLUX_NS);
  const gitSpec = {
    url: 'ssh://git@github.com/example/fleet-synthetic',
    ref: { branch: 'main' },
    interval: '1m0s',
  };
  gitRepository(set, undefined, FLUX_NS, gitSpec, REVISION, CREATED_AGO);
  const sourceRef = { kind: 'GitRepository', name: FLUX_NS };
  kustomization(
    set,
    undefined,
    ROOT_KUSTOMIZATION,
    { path: './clusters/synthetic', interval: '10m0s', sourceRef },
    REVISION,
    CREATED_AGO,
  );
  const root = new Scope(set, { ks: ROOT_KUSTOMIZATION }, CREATED_AGO - 10);
  const repositories = o.helmReleases > 0 ? Math.ceil(o.helmReleases / RELEASES_PER_REPOSITORY) : 0;
  for (let r = 0; r < repositories; r++)
    helmRepository(set, root, `charts-${r}`, `https://charts-${r}.example.com`, CREATED_AGO - 10);

  // App Kustomizations in chains: app i depends on app i-1 unless it starts a chain (never on a later one).
  const apps = o.kustomizations - 1;
  const appScopes: Scope[] = [];
  for (let i = 0; i < apps; i++) {
    const name = appName(i);
    const dependsOn = i % o.chainLength === 0 ? undefined : [{ name: appName(i - 1) }];
    kustomization(
      set,
      root,
      name,
      {
        path: `./apps/${name}`,
        interval: '5m0s',
        sourceRef,
        targetNamespace: name,
        ...(dependsOn ? { dependsOn } : {}),
      },
      REVISION,
      CREATED_AGO - 20,
    );
    const scope = new Scope(set, { ks: name }, CREATED_AGO - 30);
    scope.namespace(name);
    appScopes.push(scope);
  }

  const helmScopes: Scope[] = [];
  for (let j = 0; j < o.helmReleases; j++) {
    const ks = appScopes[j % apps] as Scope;
    const namespace = appName(j % apps);
    const owner: HelmOwner = {
      hr: releaseName(j),
      release: releaseName(j),
      releaseNamespace: namespace,
      chart: `chart-${j % 37}`,
      chartVersion: `1.${j % 7}.${j % 13}`,
      appVersion: `v2.${j % 5}.0`,
    };
    helmRelease(
      set,
      ks,
      { ...owner, repository: `charts-${Math.floor(j / RELEASES_PER_REPOSITORY)}` },
      CREATED_AGO - 40,
    );
    helmScopes.push(new Scope(set, owner, CREATED_AGO - 50));
  }

  // Workload units round-robin over every owner, then ConfigMaps to land on the exact count.
  const owners: Array<{ scope: Scope; namespace: string }> = [
    ...appScopes.map((scope, i) => ({ scope, namespace: appName(i) })),
    ...helmScopes.map((scope, j) => ({ scope, namespace: appName(j % apps) })),
  ];
  const size = unitSize(o.replicas);
  let remaining = o.objects - set.objects.length;
  let leafPod: { namespace: string; name: string } | undefined;
  for (let u = 0; remaining >= size; u++, remaining -= size) {
    const { scope, namespace } = owners[u % owners.length]!;
    const name = `svc-${pad(u)}`;
    scope.serviceAccount(namespace, name);
    scope.configMap(namespace, `${name}-config`, realisticConfigData(name));
    scope.service(namespace, name, 8080);
    const dep = scope.deployment(namespace, name, {
      replicas: o.replicas,
      image: `registry.example.com/team-${u % 23}/${name}:1.${u % 9}.${u % 17}`,
      port: 8080,
    });
    enrichDeployment(dep);
    const pod = set.objects[set.objects.length - 1]!;
    leafPod = { namespace, name: pod.metadata.name };
  }
  for (let c = 0; remaining > 0; c++, remaining--) {
    const { scope, namespace } = owners[c % owners.length]!;
    scope.configMap(namespace, `extra-${pad(c)}-config`, realisticConfigData(`extra-${c}`));
  }

  for (const obj of set.objects) {
    withUid(obj);
    applyManagedFields(obj);
  }
  fillInventories(set.objects);
  const counts: Record<string, number> = {};
  for (const obj of set.objects) counts[obj.kind] = (counts[obj.kind] ?? 0) + 1;
  return {
    objects: set.objects,
    counts,
    leaves: {
      kustomization: appName(apps - 1),
      pod: leafPod ?? { namespace: FLUX_NS, name: '' },
    },
  };
}
