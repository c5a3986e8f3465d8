/** Small graph models for the map model's tests: the reference cluster's shape, and a large synthetic one. */
import type { GraphEdge, GraphLayer, GraphModel, GraphNode } from '@fluxscope/shared';
import { refKey } from '@fluxscope/shared';

const GROUPS: Record<string, string> = {
  Kustomization: 'kustomize.toolkit.fluxcd.io',
  HelmRelease: 'helm.toolkit.fluxcd.io',
  GitRepository: 'source.toolkit.fluxcd.io',
  HelmRepository: 'source.toolkit.fluxcd.io',
  HelmChart: 'source.toolkit.fluxcd.io',
};

export function node(
  kind: string,
  name: string,
  layer: GraphLayer,
  rank = 0,
  state: GraphNode['state'] = 'ready',
): GraphNode {
  const ref = { group: GROUPS[kind] ?? 'x', kind, namespace: 'flux-system', name };
  return { id: refKey(ref), ref, layer, state, message: '', rank };
}

export function edge(type: GraphEdge['type'], source: GraphNode, target: GraphNode): GraphEdge {
  return { id: `${type}:${source.id}->${target.id}`, source: source.id, target: target.id, type };
}

/** flux-system applies sources and infrastructure; infrastructure dependsOn sources and applies two HelmReleases. */
export function referenceLike() {
  const root = node('Kustomization', 'flux-system', 'entry', 0);
  const sources = node('Kustomization', 'sources', 'entry', 1);
  const infra = node('Kustomization', 'infrastructure', 'entry', 2, 'waiting');
  const karpenter = node('HelmRelease', 'karpenter', 'deploy', 0, 'failed');
  const kubecost = node('HelmRelease', 'kubecost', 'deploy', 0);
  const git = node('GitRepository', 'flux-system', 'source');
  const chart = node('HelmChart', 'flux-system-karpenter', 'source');
  const repo = node('HelmRepository', 'karpenter', 'source');
  const nodes = [root, sources, infra, karpenter, kubecost, git, chart, repo];
  const edges = [
    edge('parent', root, sources),
    edge('parent', root, infra),
    edge('dependsOn', infra, sources),
    edge('parent', infra, karpenter),
    edge('parent', infra, kubecost),
    edge('uses-source', root, git),
    edge('uses-source', sources, git),
    edge('uses-source', infra, git),
    edge('uses-source', karpenter, chart),
    edge('uses-source', chart, repo),
  ];
  const model: GraphModel = { nodes, edges };
  return { model, root, sources, infra, karpenter, kubecost, git, chart, repo };
}

/** n Kustomizations each deploying one HelmRelease from one shared repository: 2n + 1 nodes. */
export function synthetic(n: number): GraphModel {
  const repo = node('HelmRepository', 'charts', 'source');
  const nodes: GraphNode[] = [repo];
  const edges: GraphEdge[] = [];
  for (let i = 0; i < n; i++) {
    const ks = node('Kustomization', `app-${i}`, 'entry', i % 3);
    const hr = node('HelmRelease', `app-${i}`, 'deploy', 0, i % 7 === 0 ? 'failed' : 'ready');
    nodes.push(ks, hr);
    edges.push(edge('parent', ks, hr), edge('uses-source', hr, repo));
  }
  return { nodes, edges };
}

/**
 * The shape of demo-cluster's synthetic clusters (bench/map-scale-bench.ts at 10,000 Flux objects: 3,400
 * Kustomizations, 3,270 HelmReleases): the root (from the GitRepository) applies every app Kustomization (dependsOn chains of 10) and
 * the HelmRepositories; each app Kustomization applies about one HelmRelease, whose HelmChart (made by
 * helm-controller, applied by nobody) uses one of the repositories.
 */
export function syntheticFleet(kustomizations: number, helmReleases: number): GraphModel {
  const root = node('Kustomization', 'flux-system', 'entry', 0);
  const git = node('GitRepository', 'flux-system', 'source');
  const nodes: GraphNode[] = [root, git];
  const edges: GraphEdge[] = [edge('uses-source', root, git)];
  const repos: GraphNode[] = [];
  for (let r = 0; r < Math.ceil(helmReleases / 50); r++) {
    const repo = node('HelmRepository', `charts-${r}`, 'source');
    repos.push(repo);
    nodes.push(repo);
    edges.push(edge('parent', root, repo));
  }
  const apps: GraphNode[] = [];
  for (let i = 0; i < kustomizations - 1; i++) {
    const app = node('Kustomization', `app-${String(i).padStart(5, '0')}`, 'entry', 1 + (i % 10));
    nodes.push(app);
    edges.push(edge('parent', root, app));
    if (i % 10 !== 0) edges.push(edge('dependsOn', app, apps[i - 1]!));
    apps.push(app);
  }
  for (let j = 0; j < helmReleases; j++) {
    const name = `release-${String(j).padStart(5, '0')}`;
    const hr = node('HelmRelease', name, 'deploy');
    const chart = node('HelmChart', `flux-system-${name}`, 'source');
    nodes.push(hr, chart);
    edges.push(
      edge('parent', apps[j % apps.length]!, hr),
      edge('uses-source', hr, chart),
      edge('uses-source', chart, repos[Math.floor(j / 50)]!),
    );
  }
  return { nodes, edges };
}
