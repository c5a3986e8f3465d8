/**
 * The seed's workshop cluster (the Korean write-up's `flux tree kustomization flux-system`), rebuilt from
 * seed-tree.txt (the tree as an indented list) plus the facts the write-up gives: entry-point specs and
 * dependsOn, HelmRelease kubecost -> HelmChart flux-system-kubecost -> HelmRepository kubecost (OCI).
 */
import { readFileSync } from 'node:fs';
import type { ObjRef } from '../../inventory/ids.js';
import { refKey } from '../../inventory/ids.js';
import { ClusterIndex, refOf } from '../../index/cluster-index.js';
import type { ClusterObject } from '../../kube/types.js';
import type { ObjOptions } from './builders.js';
import { T0, helmLabels, inventory, ksLabels, obj, ownerRef, parseFluxRef, ready } from './builders.js';

interface SpecNode {
  ref: ObjRef;
  children: SpecNode[];
}

export function parseIndentedTree(text: string): SpecNode {
  const lines = text.split('\n').filter(l => l.trim() !== '');
  const root: SpecNode = { ref: parseFluxRef((lines[0] ?? '').trim()), children: [] };
  const stack: Array<{ depth: number; node: SpecNode }> = [{ depth: 0, node: root }];
  for (const line of lines.slice(1)) {
    const depth = (line.length - line.trimStart().length) / 2;
    const node: SpecNode = { ref: parseFluxRef(line.trim()), children: [] };
    while ((stack.at(-1)?.depth ?? -1) >= depth) stack.pop();
    stack.at(-1)?.node.children.push(node);
    stack.push({ depth, node });
  }
  return root;
}

export const SEED_TREE = readFileSync(new URL('./seed-tree.txt', import.meta.url), 'utf8');
export const GIT_REVISION = 'main@sha1:5b7e4b1c8a9f0d2e3c4b5a69788796a5b4c3d2e1';
const ks = (name: string) => ({
  group: 'kustomize.toolkit.fluxcd.io',
  kind: 'Kustomization',
  namespace: 'flux-system',
  name,
});

const ENTRY_POINTS: Record<string, { path: string; dependsOn?: string[] }> = {
  'flux-system': { path: 'clusters/production' },
  sources: { path: 'infrastructure/base/sources' },
  dependencies: { path: 'infrastructure/production/dependencies', dependsOn: ['infrastructure'] },
  infrastructure: { path: 'infrastructure/production', dependsOn: ['sources'] },
  controlplane: { path: 'control-plane/production', dependsOn: ['infrastructure'] },
  'dataplane-pooled-envs': { path: 'application-plane/production/pooled-envs' },
  'dataplane-tenants': { path: 'application-plane/production/tenants' },
  capacitor: { path: './kustomize' },
};

function fluxDefaults(ref: ObjRef): ObjOptions {
  switch (ref.kind) {
    case 'Kustomization': {
      const entry = ENTRY_POINTS[ref.name] ?? { path: './' };
      const source =
        ref.name === 'capacitor'
          ? { kind: 'OCIRepository', name: 'capacitor' }
          : { kind: 'GitRepository', name: 'flux-system' };
      const spec: Record<string, unknown> = {
        interval: '1m0s',
        path: entry.path,
        prune: true,
        sourceRef: source,
      };
      if (entry.dependsOn) spec['dependsOn'] = entry.dependsOn.map(name => ({ name }));
      const revision = ref.name === 'capacitor' ? 'v0.4.8@sha256:0f5c' : GIT_REVISION;
      return {
        spec,
        status: {
          lastAppliedRevision: revision,
          lastAttemptedRevision: revision,
          conditions: [ready(`Applied revision: ${revision}`, 'ReconciliationSucceeded')],
        },
      };
    }
    case 'HelmRelease':
      return {
        spec: {
          chart: {
            spec: { chart: ref.name, version: '1.0.0', sourceRef: { kind: 'HelmRepository', name: 'argo' } },
          },
        },
        status: { conditions: [ready(`Helm install succeeded for release ${ref.name}`, 'InstallSucceeded')] },
      };
    case 'HelmRepository':
      return { spec: { url: `oci://registry.example/${ref.name}`, type: 'oci' } };
    default:
      return { status: { conditions: [ready('stored artifact', 'Succeeded')] } };
  }
}

/** Objects whose facts the write-up gives (or tests rely on), replacing the generic defaults. */
function details(): ClusterObject[] {
  const fs = 'flux-system';
  const kubecostRevision = '2.1.0';
  const gitRepo = obj(
    { group: 'source.toolkit.fluxcd.io', kind: 'GitRepository', namespace: fs, name: fs },
    {
      spec: {
        url: 'ssh://git@github.com/example/eks-saas-gitops',
        ref: { branch: 'main' },
        interval: '1m0s',
      },
      status: {
        artifact: { revision: GIT_REVISION, size: 52_428, lastUpdateTime: T0 },
        conditions: [ready(`stored artifact for revision '${GIT_REVISION}'`)],
      },
    },
  );
  const hr = obj(
    { group: 'helm.toolkit.fluxcd.io', kind: 'HelmRelease', namespace: fs, name: 'kubecost' },
    {
      labels: ksLabels(fs, 'infrastructure'),
      spec: {
        releaseName: 'kubecost',
        targetNamespace: 'kubecost',
        chart: {
          spec: {
            chart: 'cost-analyzer',
            version: kubecostRevision,
            sourceRef: { kind: 'HelmRepository', name: 'kubecost' },
          },
        },
      },
      status: {
        helmChart: 'flux-system/flux-system-kubecost',
        lastAttemptedRevision: kubecostRevision,
        history: [
          {
            name: 'kubecost',
            namespace: 'kubecost',
            version: 1,
            chartName: 'cost-analyzer',
            chartVersion: kubecostRevision,
            status: 'deployed',
          },
        ],
        conditions: [
          ready(
            'Helm install succeeded for release kubecost/kubecost.v1 with chart cost-analyzer@2.1.0',
            'InstallSucceeded',
          ),
        ],
      },
    },
  );
  const chart = obj(
    { group: 'source.toolkit.fluxcd.io', kind: 'HelmChart', namespace: fs, name: 'flux-system-kubecost' },
    {
      spec: {
        chart: 'cost-analyzer',
        version: kubecostRevision,
        sourceRef: { kind: 'HelmRepository', name: 'kubecost' },
      },
      status: {
        artifact: { revision: kubecostRevision, size: 120_832 },
        conditions: [ready("pulled 'cost-analyzer' chart with version '2.1.0'", 'ChartPullSucceeded')],
      },
    },
  );
  const helmRepo = obj(
    { group: 'source.toolkit.fluxcd.io', kind: 'HelmRepository', namespace: fs, name: 'kubecost' },
    {
      labels: ksLabels(fs, 'sources'),
      spec: { url: 'oci://public.ecr.aws/kubecost/', type: 'oci', interval: '5m' },
    },
  );
  return [gitRepo, hr, chart, helmRepo];
}

/** The whole seed cluster in a ClusterIndex. `helmInventory: false` drops HelmRelease inventories (pre-1.5). */
export function buildSeedIndex(opts: { helmInventory?: boolean } = {}): ClusterIndex {
  const root = parseIndentedTree(SEED_TREE);
  const objects = new Map<string, ClusterObject>();
  const fixedObjects = details();
  const fixed = new Map(fixedObjects.map(o => [o.metadata.name + '/' + o.kind, o] as const));
  const visit = (node: SpecNode, labels: Record<string, string> | undefined) => {
    const { ref } = node;
    const base = fixed.get(ref.name + '/' + ref.kind);
    const made = base ?? obj(ref, ref.group.includes('fluxcd.io') ? fluxDefaults(ref) : {});
    if (labels && !base) made.metadata.labels = { ...made.metadata.labels, ...labels };
    let childLabels: Record<string, string> | undefined;
    const children = node.children.map(c => c.ref);
    if (ref.kind === 'Kustomization') {
      childLabels = ksLabels(ref.namespace, ref.name);
      // The root lists itself, as a bootstrapped flux-system does; flux tree skips that entry.
      made.status = {
        ...made.status,
        inventory: inventory(ref.name === 'flux-system' ? [ref, ...children] : children),
      };
    } else if (ref.kind === 'HelmRelease') {
      childLabels = helmLabels(ref.namespace, ref.name);
      if (opts.helmInventory !== false) made.status = { ...made.status, inventory: inventory(children) };
    }
    objects.set(refKey(ref), made);
    for (const child of node.children) visit(child, childLabels);
  };
  visit(root, ksLabels('flux-system', 'flux-system'));
  for (const o of fixedObjects) if (!objects.has(refKey(refOf(o)))) objects.set(refKey(refOf(o)), o);
  // A ReplicaSet and a Pod under the kubecost Deployment, for `owned` trees and Pod traces.
  const deploy = [...objects.values()].find(
    o => o.kind === 'Deployment' && o.metadata.name === 'kubecost-cost-analyzer',
  );
  const index = new ClusterIndex();
  for (const o of objects.values()) index.upsert(o);
  if (deploy) {
    const rs = obj(
      { group: 'apps', kind: 'ReplicaSet', namespace: 'kubecost', name: 'kubecost-cost-analyzer-6c9f8d7b5' },
      { owners: [ownerRef(deploy)] },
    );
    const pod = obj(
      { group: '', kind: 'Pod', namespace: 'kubecost', name: 'kubecost-cost-analyzer-6c9f8d7b5-x2x7q' },
      { owners: [ownerRef(rs)] },
    );
    index.upsert(rs);
    index.upsert(pod);
  }
  return index;
}

export { ks as seedKs };
