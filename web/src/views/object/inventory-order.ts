/**
 * Inventory display rules (pure): failing subtrees first, so the broken Deployment is row 1, not row 28; and
 * an object that is absent because its kind is not watched (Secrets, kinds outside the registry, namespaces
 * outside --namespaces) is told apart from one that is really missing. Which kinds are watched comes from the
 * server's per-kind states (snapshot `kinds`, `GET /api/v1/status`).
 */
import type { FluxState, KindState, ObjRef, TreeNode } from '@fluxscope/shared';
import { healthState } from '@fluxscope/shared';

function ownState(node: TreeNode): FluxState | undefined {
  if (node.status) return node.status.state;
  if (node.health) return healthState(node.health);
  return undefined;
}

const RANK: Partial<Record<FluxState, number>> = { failed: 0, stalled: 0, waiting: 1, progressing: 2 };

/** 0 failing, 1 waiting (or holding something failing), 2 progressing, 3 fine or nothing to say. */
export function inventoryRank(node: TreeNode): number {
  const state = ownState(node);
  let rank = (state && RANK[state]) ?? 3;
  if (rank > 1 && node.children.some(c => inventoryRank(c) <= 1)) rank = 1;
  return rank;
}

/** Children failing first; within a rank the inventory's own order (a stable sort). */
export function sortFailingFirst(children: readonly TreeNode[]): TreeNode[] {
  const ranked = children.map((node, i) => ({ node, i, rank: inventoryRank(node) }));
  ranked.sort((a, b) => a.rank - b.rank || a.i - b.i);
  return ranked.map(r => r.node);
}

/** Whether the server watches objects like `ref`: its kind is served and watched there (and in its namespace). */
export function watchedBy(kinds: readonly KindState[]): (ref: ObjRef) => boolean {
  const byKind = new Map(kinds.map(k => [`${k.group}/${k.kind}`, k] as const));
  return ref => {
    const k = byKind.get(`${ref.group}/${ref.kind}`);
    if (!k || !k.served) return false;
    return !k.namespaces || k.namespaces.includes(ref.namespace);
  };
}
