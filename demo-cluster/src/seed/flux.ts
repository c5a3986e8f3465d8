/**
 * Builders for the Flux objects of the seed in their reconciled state: specs as the workshop's YAML has them,
 * statuses as source-, kustomize- and helm-controller write them (conditions, artifacts, revisions, history).
 * Inventories are filled in afterwards from the owner labels (see cluster.ts).
 */
import type { KubeObject } from '../store/store.js';
import type { HelmOwner, Scope, SeedSet } from './builders.js';
import { FLUX_NS } from './builders.js';
import { hex, sha256Digest } from './ids.js';

export const SC_URL = 'http://source-controller.flux-system.svc.cluster.local.';

export function condition(
  type: string,
  status: 'True' | 'False' | 'Unknown',
  reason: string,
  message: string,
  at: string,
  observedGeneration = 1,
): Record<string, unknown> {
  return { type, status, reason, message, lastTransitionTime: at, observedGeneration };
}

export interface Artifact {
  revision: string;
  digest: string;
  path: string;
  url: string;
  size: number;
  lastUpdateTime: string;
}

export function artifact(kind: string, name: string, revision: string, file: string, at: string): Artifact {
  const path = `${kind.toLowerCase()}/${FLUX_NS}/${name}/${file}`;
  return {
    revision,
    digest: sha256Digest(`${name}/${revision}`),
    path,
    url: `${SC_URL}/${path}`,
    size: 1024 + (parseInt(hex(path, 6), 16) % 400_000),
    lastUpdateTime: at,
  };
}

/** Where a Flux object is created: by a Kustomization (scope) or by the bootstrap/helm-controller (no labels). */
function place(
  set: SeedSet,
  scope: Scope | undefined,
  apiVersion: string,
  kind: string,
  name: string,
  rest: Omit<KubeObject, 'apiVersion' | 'kind' | 'metadata'>,
  createdAgo: number,
): KubeObject {
  if (scope) return scope.object(apiVersion, kind, name, FLUX_NS, rest);
  return set.add({
    apiVersion,
    kind,
    metadata: { name, namespace: FLUX_NS, creationTimestamp: set.clock.ago(createdAgo) },
    ...rest,
  });
}

export function gitRepository(
  set: SeedSet,
  scope: Scope | undefined,
  name: string,
  spec: { url: string; ref: Record<string, string>; interval: string },
  revision: string,
  createdAgo: number,
): KubeObject {
  const at = set.clock.ago(createdAgo - 3);
  const art = artifact('GitRepository', name, revision, `${hex(revision, 40)}.tar.gz`, at);
  return place(
    set,
    scope,
    'source.toolkit.fluxcd.io/v1',
    'GitRepository',
    name,
    {
      spec: { ...spec, timeout: '60s', secretRef: { name: 'flux-system' } },
      status: {
        observedGeneration: 1,
        artifact: art,
        conditions: [
          condition('Ready', 'True', 'Succeeded', `stored artifact for revision '${revision}'`, at),
          condition(
            'ArtifactInStorage',
            'True',
            'Succeeded',
            `stored artifact for revision '${revision}'`,
            at,
          ),
        ],
      },
    },
    createdAgo,
  );
}

export function ociRepository(
  set: SeedSet,
  scope: Scope | undefined,
  name: string,
  spec: { url: string; ref: Record<string, string>; interval: string },
  revision: string,
  createdAgo: number,
): KubeObject {
  const at = set.clock.ago(createdAgo - 3);
  const art = {
    ...artifact('OCIRepository', name, revision, `${hex(revision, 64)}.tar.gz`, at),
    metadata: {
      'org.opencontainers.image.source': 'https://github.com/gimlet-io/capacitor',
      'org.opencontainers.image.revision': `${revision.split('@')[0]}@sha1:${hex(`cap/${revision}`, 40)}`,
    },
  };
  return place(
    set,
    scope,
    'source.toolkit.fluxcd.io/v1',
    'OCIRepository',
    name,
    {
      spec: { ...spec, timeout: '60s' },
      status: {
        observedGeneration: 1,
        url: `${SC_URL}/ocirepository/${FLUX_NS}/${name}/latest.tar.gz`,
        artifact: art,
        conditions: [
          condition('Ready', 'True', 'Succeeded', `stored artifact for digest '${revision}'`, at),
          condition('ArtifactInStorage', 'True', 'Succeeded', `stored artifact for digest '${revision}'`, at),
        ],
      },
    },
    createdAgo,
  );
}

/** `oci` HelmRepositories are static for source-controller: no artifact, no conditions. */
export function helmRepository(
  set: SeedSet,
  scope: Scope,
  name: string,
  url: string,
  createdAgo: number,
): KubeObject {
  const oci = url.startsWith('oci://');
  const at = set.clock.ago(createdAgo - 2);
  const revision = sha256Digest(`index/${name}`);
  const spec = {
    url,
    interval: '5m0s',
    timeout: '60s',
    ...(oci
      ? { type: 'oci', ...(url.includes('dkr.ecr') ? { secretRef: { name: 'ecr-credentials' } } : {}) }
      : {}),
  };
  if (oci)
    return scope.object('source.toolkit.fluxcd.io/v1', 'HelmRepository', name, FLUX_NS, { spec, status: {} });
  const art = artifact('HelmRepository', name, revision, `index-${revision.slice(7, 71)}.yaml`, at);
  return scope.object('source.toolkit.fluxcd.io/v1', 'HelmRepository', name, FLUX_NS, {
    spec,
    status: {
      observedGeneration: 1,
      url: `${SC_URL}/helmrepository/${FLUX_NS}/${name}/index.yaml`,
      artifact: art,
      conditions: [
        condition('Ready', 'True', 'Succeeded', `stored artifact: revision '${revision}'`, at),
        condition('ArtifactInStorage', 'True', 'Succeeded', `stored artifact: revision '${revision}'`, at),
      ],
    },
  });
}

export interface KustomizationSpec {
  path: string;
  interval: string;
  sourceRef: { kind: string; name: string };
  dependsOn?: Array<{ name: string }>;
  postBuild?: Record<string, unknown>;
  targetNamespace?: string;
  wait?: boolean;
  timeout?: string;
}

export const SUBSTITUTE_FROM = {
  substituteFrom: [{ kind: 'ConfigMap', name: 'saas-infra-outputs', optional: false }],
};

export function kustomization(
  set: SeedSet,
  scope: Scope | undefined,
  name: string,
  spec: KustomizationSpec,
  revision: string,
  createdAgo: number,
): KubeObject {
  const at = set.clock.ago(createdAgo - 20);
  const last = set.clock.ago(30);
  const { dependsOn, interval, sourceRef, path, ...rest } = spec;
  const full = { ...(dependsOn ? { dependsOn } : {}), interval, sourceRef, path, prune: true, ...rest };
  const conditions = [
    condition('Ready', 'True', 'ReconciliationSucceeded', `Applied revision: ${revision}`, at),
  ];
  if (spec.wait)
    conditions.push(condition('Healthy', 'True', 'Succeeded', 'Health check passed in 42.183s', at));
  return place(
    set,
    scope,
    'kustomize.toolkit.fluxcd.io/v1',
    'Kustomization',
    name,
    {
      spec: full,
      status: {
        observedGeneration: 1,
        conditions,
        lastAppliedRevision: revision,
        lastAttemptedRevision: revision,
        history: [
          {
            digest: sha256Digest(`build/${name}/${revision}`),
            firstReconciled: at,
            lastReconciled: last,
            lastReconciledDuration: '1.183s',
            lastReconciledStatus: 'ReconciliationSucceeded',
            totalReconciliations: Math.max(1, Math.floor((createdAgo - 20) / 60)),
            metadata: { revision },
          },
        ],
        inventory: { entries: [] },
      },
    },
    createdAgo,
  );
}

/** A release revision before the current one (oldest first), as helm-controller snapshots it. */
export interface PastRevision {
  chartVersion: string;
  appVersion: string;
  action: 'install' | 'upgrade' | 'rollback';
  status: 'superseded' | 'failed';
  /** Seeds the values' config digest: revisions with the same seed had the same values. */
  valuesId?: string;
  /** Test hook phases by hook name; absent when the release was not tested. */
  tests?: Record<string, 'Succeeded' | 'Failed'>;
}

export interface ReleaseSpec extends HelmOwner {
  repository: string;
  repositoryUrl?: string;
  interval?: string;
  /**
   * Earlier revisions, oldest first, as they were before helm-controller truncated its history (it keeps the
   * current snapshot and the previous deployed or superseded one); the current revision is an upgrade then.
   */
  past?: PastRevision[];
  /** Values seed of the current revision (default: the release name). */
  valuesId?: string;
  /** spec.values and spec.valuesFrom. */
  values?: Record<string, unknown>;
  valuesFrom?: Array<Record<string, unknown>>;
  tests?: Record<string, 'Succeeded' | 'Failed'>;
}

function testHooks(tests: Record<string, string> | undefined, at: string) {
  if (!tests) return {};
  const hooks: Record<string, unknown> = {};
  for (const [name, phase] of Object.entries(tests))
    hooks[name] = { lastStarted: at, lastCompleted: at, phase };
  return { testHooks: hooks };
}

/** status.history as helm-controller leaves it in sync: newest first, truncated after the previous deployed. */
function releaseHistory(r: ReleaseSpec, at: string): Array<Record<string, unknown>> {
  const past = r.past ?? [];
  const all = [
    ...past.map(p => ({ ...p, values: p.valuesId ?? r.hr })),
    {
      chartVersion: r.chartVersion,
      appVersion: r.appVersion,
      action: past.length ? 'upgrade' : 'install',
      status: 'deployed',
      values: r.valuesId ?? r.hr,
      tests: r.tests,
    },
  ].map((rev, i) => ({
    apiVersion: 'v2',
    name: r.release,
    namespace: r.releaseNamespace,
    version: i + 1,
    status: rev.status,
    action: rev.action,
    chartName: r.chart,
    chartVersion: rev.chartVersion,
    appVersion: rev.appVersion,
    configDigest: sha256Digest(`values/${rev.values}`),
    digest: sha256Digest(`release/${r.hr}/${i + 1}`),
    firstDeployed: at,
    lastDeployed: at,
    ...testHooks(rev.tests, at),
  }));
  const newestFirst = all.reverse();
  const previous = newestFirst.findIndex((s, i) => i > 0 && ['deployed', 'superseded'].includes(s.status));
  return previous > 0 ? newestFirst.slice(0, previous + 1) : newestFirst;
}

/** The HelmRelease (applied by `scope`) and the HelmChart helm-controller makes for it. */
export function helmRelease(set: SeedSet, scope: Scope, r: ReleaseSpec, createdAgo: number): KubeObject {
  const at = set.clock.ago(createdAgo - 35);
  const chartName = `${FLUX_NS}-${r.hr}`;
  const history = releaseHistory(r, at);
  const current = history[0]!;
  const action = r.past?.length ? 'upgrade' : 'install';
  const reason = action === 'install' ? 'InstallSucceeded' : 'UpgradeSucceeded';
  const msg = `Helm ${action} succeeded for release ${r.releaseNamespace}/${r.release}.v${String(current['version'])} with chart ${r.chart}@${r.chartVersion}`;
  const configDigest = current['configDigest'];
  const hr = scope.object('helm.toolkit.fluxcd.io/v2', 'HelmRelease', r.hr, FLUX_NS, {
    spec: {
      interval: r.interval ?? '1m0s',
      releaseName: r.release,
      targetNamespace: r.releaseNamespace,
      chart: {
        spec: {
          chart: r.chart,
          version: r.chartVersion,
          sourceRef: { kind: 'HelmRepository', name: r.repository, namespace: FLUX_NS },
          interval: '1m0s',
          reconcileStrategy: 'ChartVersion',
        },
      },
      ...(r.valuesFrom ? { valuesFrom: r.valuesFrom } : {}),
      ...(r.values ? { values: r.values } : {}),
      install: { createNamespace: true, crds: 'CreateReplace', remediation: { retries: 3 } },
      upgrade: { crds: 'CreateReplace', remediation: { retries: 3 } },
    },
    status: {
      observedGeneration: 1,
      conditions: [
        condition('Ready', 'True', reason, msg, at),
        condition('Released', 'True', reason, msg, at),
      ],
      helmChart: `${FLUX_NS}/${chartName}`,
      storageNamespace: r.releaseNamespace,
      history,
      lastAttemptedConfigDigest: configDigest,
      lastAttemptedGeneration: 1,
      lastAttemptedReleaseAction: action,
      lastAttemptedRevision: r.chartVersion,
      inventory: { entries: [] },
    },
  });
  const pulled = set.clock.ago(createdAgo - 10);
  const chartMsg = `pulled '${r.chart}' chart with version '${r.chartVersion}'`;
  set.add({
    apiVersion: 'source.toolkit.fluxcd.io/v1',
    kind: 'HelmChart',
    metadata: {
      name: chartName,
      namespace: FLUX_NS,
      creationTimestamp: set.clock.ago(createdAgo - 5),
      // helm-controller labels the HelmChart it creates with its HelmRelease (seen on the test bed, v1.6.2).
      labels: { 'helm.toolkit.fluxcd.io/name': r.hr, 'helm.toolkit.fluxcd.io/namespace': FLUX_NS },
    },
    spec: {
      chart: r.chart,
      version: r.chartVersion,
      sourceRef: { kind: 'HelmRepository', name: r.repository },
      interval: '1m0s',
      reconcileStrategy: 'ChartVersion',
    },
    status: {
      observedGeneration: 1,
      observedChartName: r.chart,
      ...(r.repositoryUrl?.startsWith('oci://')
        ? {}
        : { observedSourceArtifactRevision: sha256Digest(`index/${r.repository}`) }),
      url: `${SC_URL}/helmchart/${FLUX_NS}/${chartName}/latest.tar.gz`,
      artifact: artifact('HelmChart', chartName, r.chartVersion, `${r.chart}-${r.chartVersion}.tgz`, pulled),
      conditions: [
        condition('Ready', 'True', 'ChartPullSucceeded', chartMsg, pulled),
        condition('ArtifactInStorage', 'True', 'ChartPullSucceeded', chartMsg, pulled),
      ],
    },
  });
  return hr;
}
