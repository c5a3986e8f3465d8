/**
 * `flux tree kustomization NAME` (cmd/flux/tree_kustomization.go) over the index, plus a HelmRelease root
 * and, for the UI, ReplicaSets/Pods under workloads. Cost is O(size of the tree): every step is a keyed
 * lookup (inventory, owner labels, owner uid), never a scan.
 *
 * Where we differ from the CLI, deliberately:
 * - HelmRelease children come from its `status.inventory` (helm-controller 1.5+) or, without one, from the
 *   objects labelled `helm.toolkit.fluxcd.io/name|namespace` (we never read Helm storage Secrets). Labelled
 *   objects have no stored order, so they are sorted like Helm's install order, then by namespace/name.
 *   The inventory is the release manifest followed by the CRDs of the chart's `crds/` directory
 *   (helm-controller internal/reconcile/release.go: AddManifest, then AddCRDs). flux reads the manifest,
 *   which has no `crds/` CRDs, so that trailing run of CRDs is left out exactly when flux leaves it out:
 *   unless `install.crds`/`upgrade.crds` is set, when flux appends the labelled CRDs in API (name) order.
 * - A malformed inventory id becomes a leaf `{group:'', kind:'Invalid', namespace:'', name:<id>}` with
 *   found=false and `error` set (flux would stop with a parse error). Its text line is `Invalid/<id>`.
 * - A nested Kustomization that is missing is a leaf with found=false (flux stops: "failed to find object").
 * - A Kustomization that lists one of its ancestors is shown once more as a leaf with `cycle: true`.
 */
import type { ObjRef } from '../inventory/ids.js';
import { refKey } from '../inventory/ids.js';
import { HELM_GROUP, KUSTOMIZE_GROUP, isFluxKind } from '../kinds/registry.js';
import type { ClusterIndex, InventoryEntry } from '../index/cluster-index.js';
import { isToolkitRef, refOf } from '../index/cluster-index.js';
import type { ClusterObject } from '../kube/types.js';
import { fluxStatus } from '../status/flux-status.js';
import { healthOf } from '../status/health.js';
import { NotFoundError } from './errors.js';
import { memoOnVersion } from './memo.js';
import { str } from './refs.js';
import type { TreeNode, TreeOptions } from './types.js';

const CRD_GROUP = 'apiextensions.k8s.io';

/** Helm's InstallOrder (pkg/releaseutil/kind_sorter.go); unknown kinds go last, by kind name. */
const HELM_INSTALL_ORDER = [
  'PriorityClass', 'Namespace', 'NetworkPolicy', 'ResourceQuota', 'LimitRange', 'PodSecurityPolicy',
  'PodDisruptionBudget', 'ServiceAccount', 'Secret', 'SecretList', 'ConfigMap', 'StorageClass',
  'PersistentVolume', 'PersistentVolumeClaim', 'CustomResourceDefinition', 'ClusterRole', 'ClusterRoleList',
  'ClusterRoleBinding', 'ClusterRoleBindingList', 'Role', 'RoleList', 'RoleBinding', 'RoleBindingList',
  'Service', 'DaemonSet', 'Pod', 'ReplicationController', 'ReplicaSet', 'Deployment',
  'HorizontalPodAutoscaler', 'StatefulSet', 'Job', 'CronJob', 'IngressClass', 'Ingress', 'APIService',
  'MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration',
]; // prettier-ignore
const installRank = new Map(HELM_INSTALL_ORDER.map((k, i) => [k, i] as const));

/** Workload kinds whose ownerReference children (ReplicaSets, Pods, Jobs) the UI may show. */
const OWNING_KINDS = new Set(['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob']);

export const INVALID_KIND = 'Invalid';

const isKustomization = (ref: ObjRef) => ref.group === KUSTOMIZE_GROUP && ref.kind === 'Kustomization';
const isHelmRelease = (ref: ObjRef) => ref.group === HELM_GROUP && ref.kind === 'HelmRelease';
const compactKeeps = isToolkitRef;

function leaf(index: ClusterIndex, ref: ObjRef, via: TreeNode['via']): TreeNode {
  const obj = index.get(ref);
  const node: TreeNode = { ref, found: obj !== undefined, children: [] };
  if (via) node.via = via;
  if (obj) {
    if (isFluxKind(ref.group, ref.kind)) node.status = fluxStatus(obj);
    else node.health = healthOf(obj);
  }
  return node;
}

function invalidNode(entry: InventoryEntry): TreeNode {
  return {
    ref: { group: '', kind: INVALID_KIND, namespace: '', name: entry.id },
    found: false,
    children: [],
    via: 'inventory',
    error: entry.error ?? 'malformed inventory id',
  };
}

function helmOrder(a: ClusterObject, b: ClusterObject): number {
  const ra = installRank.get(a.kind) ?? HELM_INSTALL_ORDER.length;
  const rb = installRank.get(b.kind) ?? HELM_INSTALL_ORDER.length;
  if (ra !== rb) return ra - rb;
  if (a.kind !== b.kind) return a.kind < b.kind ? -1 : 1;
  const ka = `${a.metadata.namespace ?? ''}/${a.metadata.name}`;
  const kb = `${b.metadata.namespace ?? ''}/${b.metadata.name}`;
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

const isCrd = (ref: ObjRef | undefined): boolean =>
  ref?.group === CRD_GROUP && ref.kind === 'CustomResourceDefinition';

/**
 * Where the chart's `crds/` CRDs begin in a HelmRelease inventory: the trailing run of CRDs after the last
 * other object. Helm sorts a manifest by install order, where CRDs come early, so templated CRDs never end
 * it. An inventory of CRDs only cannot be told apart; it is kept whole.
 */
function chartCrdsStart(inventory: InventoryEntry[]): number {
  let start = inventory.length;
  while (start > 0 && isCrd(inventory[start - 1]!.ref)) start--;
  return start === 0 ? inventory.length : start;
}

/** flux appends labelled CRDs when `spec.install.crds` or `spec.upgrade.crds` is set and not Skip. */
function appendsCrds(hr: ClusterObject): boolean {
  const policy = (section: string) =>
    str((hr.spec?.[section] as Record<string, unknown> | undefined)?.['crds']);
  return [policy('install'), policy('upgrade')].some(p => p !== '' && p !== 'Skip');
}

class TreeBuilder {
  constructor(
    private readonly index: ClusterIndex,
    private readonly opts: TreeOptions,
  ) {}

  node(ref: ObjRef, via: TreeNode['via'], ancestors: Set<string>): TreeNode {
    const node = leaf(this.index, ref, via);
    const obj = this.index.get(ref);
    if (!obj) return node;
    const key = refKey(ref);
    if (ancestors.has(key)) {
      node.cycle = true;
      return node;
    }
    if (isKustomization(ref)) this.kustomizationChildren(obj, node, new Set(ancestors).add(key));
    else if (isHelmRelease(ref)) node.children = this.helmChildren(obj);
    else if (this.opts.owned && !this.opts.compact) this.ownedChildren(obj, node, new Set([key]));
    return node;
  }

  private kustomizationChildren(ks: ClusterObject, node: TreeNode, ancestors: Set<string>): void {
    // Compact trees walk only the toolkit entries: O(Flux objects) instead of O(every inventory entry).
    const entries = this.opts.compact
      ? this.index.toolkitInventoryOf(node.ref)
      : this.index.inventoryOf(node.ref);
    if (!entries) return;
    const remote = ks.spec?.['kubeConfig'] != null;
    for (const entry of entries) {
      if (!entry.ref) {
        if (!this.opts.compact) node.children.push(invalidNode(entry));
        continue;
      }
      const ref = entry.ref;
      if (this.opts.compact && !compactKeeps(ref)) continue;
      if (refKey(ref) === refKey(node.ref)) continue;
      if (isKustomization(ref) && remote) {
        node.children.push(leaf(this.index, ref, 'inventory'));
        continue;
      }
      node.children.push(this.node(ref, 'inventory', ancestors));
    }
  }

  /** getHelmReleaseInventory: status.inventory, else Helm owner labels; leaves, compact filter applied. */
  private helmChildren(hr: ClusterObject): TreeNode[] {
    if (hr.spec?.['kubeConfig'] != null) return [];
    const hrRef = refOf(hr);
    const children: TreeNode[] = [];
    const seen = new Set<string>();
    const add = (ref: ObjRef, via: TreeNode['via']) => {
      if (this.opts.compact && !compactKeeps(ref)) return;
      const key = refKey(ref);
      if (seen.has(key)) return;
      seen.add(key);
      const child = leaf(this.index, ref, via);
      const obj = this.index.get(ref);
      if (obj && this.opts.owned && !this.opts.compact) this.ownedChildren(obj, child, new Set([key]));
      children.push(child);
    };
    const inventory = this.opts.compact
      ? this.index.toolkitInventoryOf(hrRef)
      : this.index.inventoryOf(hrRef);
    const labelled = (): ClusterObject[] => this.index.labelledBy(HELM_GROUP, hrRef.namespace, hrRef.name);
    if (inventory) {
      // Compact inventories hold no CRDs, so only full ones have a crds/ tail.
      const manifestEnd = this.opts.compact ? inventory.length : chartCrdsStart(inventory);
      for (const entry of inventory.slice(0, manifestEnd)) {
        if (entry.ref) add(entry.ref, 'inventory');
        else if (!this.opts.compact) children.push(invalidNode(entry));
      }
      if (appendsCrds(hr) && !this.opts.compact) {
        const crds = new Map<string, ObjRef>();
        for (const entry of inventory.slice(manifestEnd))
          if (entry.ref) crds.set(refKey(entry.ref), entry.ref);
        for (const obj of labelled()) {
          const ref = refOf(obj);
          if (isCrd(ref)) crds.set(refKey(ref), ref);
        }
        for (const ref of [...crds.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)))
          add(ref, 'helm-labels');
      }
    } else {
      // Pods and ReplicaSets never carry the Helm labels (only top-level metadata is labelled), but be sure.
      for (const obj of labelled().sort(helmOrder))
        if (!obj.metadata.ownerReferences?.length) add(refOf(obj), 'helm-labels');
    }
    return children;
  }

  private ownedChildren(obj: ClusterObject, node: TreeNode, seen: Set<string>): void {
    const uid = obj.metadata.uid;
    if (!uid || !OWNING_KINDS.has(obj.kind)) return;
    const owned = this.index.ownedBy(uid).sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1));
    for (const child of owned) {
      const ref = refOf(child);
      const key = refKey(ref);
      if (seen.has(key)) continue;
      seen.add(key);
      const childNode = leaf(this.index, ref, 'owner');
      this.ownedChildren(child, childNode, seen);
      node.children.push(childNode);
    }
  }
}

/** Trees up to this many nodes are kept per index version (see memo.ts); bigger ones are rebuilt each time. */
const MEMO_MAX_NODES = 20_000;

function countNodes(node: TreeNode, limit: number): number {
  let n = 1;
  for (const child of node.children) {
    n += countNodes(child, limit - n);
    if (n > limit) break;
  }
  return n;
}

/** The tree under a Kustomization or HelmRelease; throws NotFoundError when the root is not in the index. */
export function buildTree(index: ClusterIndex, root: ObjRef, opts: TreeOptions = {}): TreeNode {
  if (!index.get(root)) throw new NotFoundError(root);
  return memoOnVersion(
    index,
    `tree|${refKey(root)}|${opts.compact ? 1 : 0}|${opts.owned ? 1 : 0}`,
    () => new TreeBuilder(index, opts).node(root, undefined, new Set()),
    tree => countNodes(tree, MEMO_MAX_NODES) <= MEMO_MAX_NODES,
  );
}
