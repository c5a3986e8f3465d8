/**
 * `flux tree` with ReplicaSets and Pods (buildTree owned:true), as a collapsible ARIA tree. Each row has
 * the object's health; failing subtrees come first at every level; subtrees that are all healthy start
 * collapsed below the second level, unhealthy ones start open so problems are visible without clicking.
 * Objects absent because their kind is not watched say "not watched", not "Not found".
 */
import type { FluxState, ObjRef, TreeNode } from '@fluxscope/shared';
import {
  HEALTH_LABELS,
  STATE_LABELS,
  formatObjRef,
  healthState,
  isBlocked,
  isBroken,
} from '@fluxscope/shared';
import { createContext, memo, useContext, useMemo, useState } from 'react';
import { ObjectLink } from '../../components/ObjectLink';
import { StatusBadge } from '../../components/Status';
import { useCluster } from '../../data/cluster-context';
import { sortFailingFirst, watchedBy } from './inventory-order';

/** Whether the server watches a ref's kind (from its kind states), for "not watched" vs "Not found". */
const WatchedContext = createContext<(ref: ObjRef) => boolean>(() => true);

/** Children rendered per node before "show more" (inventories can hold thousands). */
const CHILD_PAGE = 100;

interface NodeState {
  state: FluxState;
  label: string;
  message: string;
  /** Nothing to report (kind without a status model, or not in the cache): no badge competing for attention. */
  quiet?: boolean;
}

function nodeState(node: TreeNode, watched: (ref: ObjRef) => boolean = () => true): NodeState {
  if (!node.found)
    return {
      state: 'unknown',
      label: watched(node.ref) ? 'Not found' : 'not watched',
      message: '',
      quiet: true,
    };
  if (node.status)
    return { state: node.status.state, label: STATE_LABELS[node.status.state], message: node.status.message };
  if (node.health)
    return {
      state: healthState(node.health),
      label: HEALTH_LABELS[node.health.status],
      message: node.health.message,
      quiet: node.health.status === 'Exists',
    };
  return { state: 'unknown', label: 'Unknown', message: '' };
}

function unhealthy(node: TreeNode): boolean {
  const { state } = nodeState(node);
  if (isBlocked(state) || state === 'progressing') return true;
  return node.children.some(unhealthy);
}

/** Counts for the header: objects and how many are not healthy. */
export function treeCounts(node: TreeNode): { total: number; bad: number } {
  let total = 0;
  let bad = 0;
  const walk = (n: TreeNode) => {
    total++;
    const { state } = nodeState(n);
    if (isBroken(state)) bad++;
    n.children.forEach(walk);
  };
  node.children.forEach(walk);
  return { total, bad };
}

const TreeItem = memo(function TreeItem({ node, depth }: { node: TreeNode; depth: number }) {
  const [open, setOpen] = useState(() => depth < 2 || unhealthy(node));
  const [limit, setLimit] = useState(CHILD_PAGE);
  const watched = useContext(WatchedContext);
  const { state, label, message, quiet } = nodeState(node, watched);
  const hasChildren = node.children.length > 0;
  const children = useMemo(() => sortFailingFirst(node.children), [node.children]);
  return (
    <li
      role="treeitem"
      aria-expanded={hasChildren ? open : undefined}
      aria-label={`${formatObjRef(node.ref)}, ${label}`}
      className="tree__item"
    >
      <div className="tree__row" style={{ paddingLeft: depth * 18 }}>
        {hasChildren ? (
          <button
            type="button"
            className="tree__toggle"
            aria-label={open ? 'Collapse' : 'Expand'}
            onClick={() => setOpen(o => !o)}
          >
            {open ? '▾' : '▸'}
          </button>
        ) : (
          <span className="tree__toggle" aria-hidden="true" />
        )}
        <ObjectLink objRef={node.ref} />
        {node.via === 'owner' && <span className="tag">owned</span>}
        <span className="tree__spacer" />
        {message && (
          <span className="tree__msg" title={message}>
            {message}
          </span>
        )}
        {quiet ? (
          <span
            className="tree__quiet"
            title={
              node.found
                ? 'No status to report for this kind'
                : watched(node.ref)
                  ? 'Not in the cluster: deleted, or not created yet'
                  : 'Fluxscope does not watch this kind here (Secrets are never read), so its state is unknown'
            }
          >
            {label}
          </span>
        ) : (
          <StatusBadge state={state} label={label} />
        )}
        {hasChildren && !open && <span className="count">{node.children.length}</span>}
      </div>
      {hasChildren && open && (
        <ul role="group" className="tree__group">
          {children.slice(0, limit).map((child, i) => (
            <TreeItem key={`${i}:${formatObjRef(child.ref)}`} node={child} depth={depth + 1} />
          ))}
          {node.children.length > limit && (
            <li className="tree__more" style={{ paddingLeft: (depth + 1) * 18 + 24 }}>
              <button type="button" className="btn btn--sm" onClick={() => setLimit(l => l + CHILD_PAGE)}>
                Show more ({node.children.length - limit} left)
              </button>
            </li>
          )}
        </ul>
      )}
    </li>
  );
});

/** The inventory, failing subtrees first at every level (the flux text keeps flux's order). */
export function InventoryTree({ tree }: { tree: TreeNode }) {
  const { state } = useCluster();
  const watched = useMemo(() => watchedBy(state.kinds), [state.kinds]);
  const children = useMemo(() => sortFailingFirst(tree.children), [tree.children]);
  if (tree.children.length === 0)
    return <p className="table-empty">This object has not applied anything (empty inventory).</p>;
  return (
    <WatchedContext.Provider value={watched}>
      <ul role="tree" className="tree" aria-label={`Inventory of ${formatObjRef(tree.ref)}`}>
        {children.map((child, i) => (
          <TreeItem key={`${i}:${formatObjRef(child.ref)}`} node={child} depth={0} />
        ))}
      </ul>
    </WatchedContext.Provider>
  );
}
