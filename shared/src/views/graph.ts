/**
 * The 3-layer graph of the UI: 'entry' = Kustomizations, 'deploy' = every other non-source Flux object
 * (HelmRelease, Terraform, image automation, notification), 'source' = source.toolkit kinds.
 * Edges: dependsOn (namespace defaults to the object's), parent (the Kustomization that applied a non-source
 * object, by owner labels or inventory) and uses-source (Kustomization/Terraform/ImageUpdateAutomation ->
 * sourceRef, HelmRelease -> HelmChart or chartRef, HelmChart -> its source, ImagePolicy -> ImageRepository).
 * A reference to an absent object still gets its edge, marked dangling, and a placeholder node
 * (`missing: true`, state 'unknown') so every edge has both ends. Cost: O(Flux objects), per-kind lists only.
 */
import type { ObjRef } from '../inventory/ids.js';
import { formatObjRef, refKey } from '../inventory/ids.js';
import { FLUX_KINDS } from '../kinds/registry.js';
import { SOURCE_KINDS } from '../kinds/roles.js';
import type { ClusterIndex } from '../index/cluster-index.js';
import { refOf } from '../index/cluster-index.js';
import type { ClusterObject } from '../kube/types.js';
import { fluxStatus } from '../status/flux-status.js';
import {
  appliedBy, chartRefOf, chartSourceRefOf, crossRef, dependsOnOf, field, helmChartRefOf, namespaceOf, rec, shortRevision,
  sourceRefOf, str,
} from './refs.js'; // prettier-ignore
import type { GraphEdge, GraphLayer, GraphModel, GraphNode } from './types.js';
import { memoOnFluxVersion } from './memo.js';

const sourceKinds = new Set(SOURCE_KINDS);

export function layerOf(kind: string): GraphLayer {
  if (kind === 'Kustomization') return 'entry';
  return sourceKinds.has(kind) ? 'source' : 'deploy';
}

/** Short facts for the card: path and revision, chart@version, URL or tag. */
export function subtitleOf(obj: ClusterObject): string | undefined {
  const spec = obj.spec;
  const artifactRevision = shortRevision(str(field(obj.status, 'artifact', 'revision')));
  const parts: string[] = [];
  switch (obj.kind) {
    case 'Kustomization':
    case 'Terraform':
      parts.push(str(spec?.['path']), shortRevision(str(obj.status?.['lastAppliedRevision'])));
      break;
    case 'HelmRelease': {
      const chart = str(field(spec, 'chart', 'spec', 'chart'));
      const history = obj.status?.['history'];
      const latest = Array.isArray(history) ? rec(history[0]) : undefined;
      const version = str(latest?.['chartVersion']) || str(field(spec, 'chart', 'spec', 'version'));
      const name = chart || str(latest?.['chartName']);
      parts.push(
        name && version
          ? `${name}@${version}`
          : name || shortRevision(str(obj.status?.['lastAttemptedRevision'])),
      );
      break;
    }
    case 'HelmChart':
      parts.push(
        `${str(spec?.['chart'])}${str(spec?.['version']) ? `@${str(spec?.['version'])}` : ''}`,
        artifactRevision,
      );
      break;
    case 'HelmRepository':
      parts.push(str(spec?.['url']));
      break;
    case 'GitRepository':
    case 'OCIRepository':
    case 'Bucket':
    case 'ExternalArtifact':
      parts.push(artifactRevision || str(spec?.['url']));
      break;
    case 'ImagePolicy':
      parts.push(str(field(obj.status, 'latestRef', 'tag')));
      break;
  }
  const text = parts.filter(Boolean).join(' · ');
  return text || undefined;
}

function usesSources(index: ClusterIndex, obj: ClusterObject): ObjRef[] {
  switch (obj.kind) {
    case 'Kustomization':
    case 'Terraform':
    case 'ImageUpdateAutomation':
    case 'HelmChart': {
      const src = sourceRefOf(obj);
      return src ? [src] : [];
    }
    case 'HelmRelease': {
      const chartRef = chartRefOf(obj);
      if (chartRef) return [chartRef];
      const chart = helmChartRefOf(obj);
      // Before its first reconcile a HelmRelease has no HelmChart yet: point at the chart's source instead.
      if (chart && !chart.fromStatus && !index.get(chart.ref)) {
        const src = chartSourceRefOf(obj);
        return src ? [src] : [];
      }
      return chart ? [chart.ref] : [];
    }
    case 'ImagePolicy': {
      const repo = crossRef(obj.spec?.['imageRepositoryRef'], namespaceOf(obj), 'ImageRepository');
      return repo ? [repo] : [];
    }
    default:
      return [];
  }
}

/**
 * Kept per Flux version (memo.ts): every dashboard asking for the map of an unchanged cluster shares one, and
 * Pod or Event churn (which the graph never reads) keeps it.
 */
export function buildGraph(index: ClusterIndex): GraphModel {
  return memoOnFluxVersion(index, 'graph', () => computeGraph(index));
}

function computeGraph(index: ClusterIndex): GraphModel {
  const nodes = new Map<string, GraphNode>();
  const edges = new Map<string, GraphEdge>();
  const objects: ClusterObject[] = [];
  for (const info of FLUX_KINDS) objects.push(...index.ofKind(info.group, info.kind));

  for (const obj of objects) {
    const ref = refOf(obj);
    const st = fluxStatus(obj);
    const node: GraphNode = {
      id: refKey(ref),
      ref,
      layer: layerOf(ref.kind),
      state: st.state,
      message: st.message,
      rank: 0,
    };
    const subtitle = subtitleOf(obj);
    if (subtitle) node.subtitle = subtitle;
    nodes.set(node.id, node);
  }
  const addEdge = (source: string, target: ObjRef, type: GraphEdge['type']) => {
    const targetId = refKey(target);
    const edge: GraphEdge = { id: `${type}:${source}->${targetId}`, source, target: targetId, type };
    if (!index.get(target)) {
      edge.dangling = true;
      addPlaceholder(nodes, target);
    }
    edges.set(edge.id, edge);
  };

  for (const obj of objects) {
    const ref = refOf(obj);
    const id = refKey(ref);
    const node = nodes.get(id);
    for (const dep of dependsOnOf(obj)) addEdge(id, dep, 'dependsOn');
    for (const src of usesSources(index, obj)) addEdge(id, src, 'uses-source');
    if (node && node.layer !== 'source') {
      const parent = appliedBy(index, ref, obj);
      if (parent && refKey(parent) !== id) {
        const parentId = refKey(parent);
        const edge: GraphEdge = {
          id: `parent:${parentId}->${id}`,
          source: parentId,
          target: id,
          type: 'parent',
        };
        if (!index.get(parent)) {
          edge.dangling = true;
          addPlaceholder(nodes, parent);
        }
        edges.set(edge.id, edge);
      } else if (node.layer === 'entry') node.root = true;
    }
  }
  assignRanks(nodes, [...edges.values()]);
  return { nodes: [...nodes.values()], edges: [...edges.values()] };
}

function addPlaceholder(nodes: Map<string, GraphNode>, ref: ObjRef): void {
  const id = refKey(ref);
  if (nodes.has(id)) return;
  const node: GraphNode = {
    id,
    ref,
    layer: layerOf(ref.kind),
    state: 'unknown',
    message: `${formatObjRef(ref)} not found`,
    rank: 0,
  };
  node.missing = true;
  nodes.set(id, node);
}

/**
 * Rank = longest chain of same-layer predecessors: a node comes after its parent (parent edges point to it)
 * and after what it depends on or uses (dependsOn / uses-source edges point away). Cycles count once.
 */
function assignRanks(nodes: Map<string, GraphNode>, edges: GraphEdge[]): void {
  const preds = new Map<string, string[]>();
  const push = (node: string, pred: string) => {
    const list = preds.get(node);
    if (list) list.push(pred);
    else preds.set(node, [pred]);
  };
  for (const e of edges) {
    const a = nodes.get(e.source);
    const b = nodes.get(e.target);
    if (!a || !b || a.layer !== b.layer) continue;
    if (e.type === 'parent') push(e.target, e.source);
    else push(e.source, e.target);
  }
  const rank = new Map<string, number>();
  const onStack = new Set<string>();
  const visit = (id: string): number => {
    const known = rank.get(id);
    if (known !== undefined) return known;
    if (onStack.has(id)) return -1;
    onStack.add(id);
    let r = 0;
    for (const p of preds.get(id) ?? []) r = Math.max(r, visit(p) + 1);
    onStack.delete(id);
    rank.set(id, r);
    return r;
  };
  for (const node of nodes.values()) node.rank = visit(node.id);
}
