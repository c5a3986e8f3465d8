/**
 * `flux tree` output: text exactly as internal/tree/tree.go prints it (then cobra's Println), and the
 * `-o json` shape. Nodes added for the UI only (via 'owner': ReplicaSets/Pods) are never printed.
 */
import { formatObjRef } from '../inventory/ids.js';
import type { TreeNode } from '../views/types.js';

const MIDDLE = '├── ';
const LAST = '└── ';
const CONTINUE = '│   ';
const EMPTY = '    ';

const printable = (nodes: TreeNode[]) => nodes.filter(n => n.via !== 'owner');

function printItems(out: string[], items: TreeNode[], levelsEnded: boolean[]): void {
  items.forEach((item, i) => {
    const last = i === items.length - 1;
    const prefix = levelsEnded.map(ended => (ended ? EMPTY : CONTINUE)).join('');
    out.push(`${prefix}${last ? LAST : MIDDLE}${formatObjRef(item.ref)}\n`);
    const children = printable(item.children);
    if (children.length) printItems(out, children, [...levelsEnded, last]);
  });
}

/** The whole stdout of `flux tree kustomization NAME`: every line ends in \n, and Println adds a last \n. */
export function renderTreeText(tree: TreeNode): string {
  const out = [`${formatObjRef(tree.ref)}\n`];
  printItems(out, printable(tree.children), []);
  return `${out.join('')}\n`;
}

/** cli-utils ObjMetadata marshalled without json tags: Go field names as keys. */
export interface FluxTreeJson {
  resource: { Namespace: string; Name: string; GroupKind: { Group: string; Kind: string } };
  resources?: FluxTreeJson[];
}

/** The value `flux tree -o json` marshals; `resources` is omitted when empty. */
export function treeToFluxJson(tree: TreeNode): FluxTreeJson {
  const out: FluxTreeJson = {
    resource: {
      Namespace: tree.ref.namespace,
      Name: tree.ref.name,
      GroupKind: { Group: tree.ref.group, Kind: tree.ref.kind },
    },
  };
  const children = printable(tree.children);
  if (children.length) out.resources = children.map(treeToFluxJson);
  return out;
}

/** Go's encoding/json escapes <, > and & (and U+2028/2029) in strings; JSON.stringify does not. */
export function goJsonEscape(json: string): string {
  return json
    .replaceAll('<', '\\u003c')
    .replaceAll('>', '\\u003e')
    .replaceAll('&', '\\u0026')
    .replaceAll('\u2028', '\\u2028')
    .replaceAll('\u2029', '\\u2029');
}

/** The whole stdout of `flux tree kustomization NAME -o json`: MarshalIndent(…, "", "  ") then Println. */
export function renderTreeJsonText(tree: TreeNode): string {
  return `${goJsonEscape(JSON.stringify(treeToFluxJson(tree), null, 2))}\n`;
}
