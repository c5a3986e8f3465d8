/**
 * With --namespaces the server only watches those namespaces, and its actions stay inside them too: the
 * object, and for `withSource` the source it would reconcile first (a Kustomization may name a
 * GitRepository in another namespace). Decided from the cached object, before any API request.
 */
import type { ObjRef } from '../inventory/ids.js';
import type { ClusterObject } from '../kube/types.js';
import { withSourceTarget } from './flux-actions.js';

const describe = (ref: ObjRef) => `${ref.kind}/${ref.namespace}/${ref.name}`;

/** Why `ref` is outside `namespaces` (undefined = whole cluster, or inside). */
export function outsideNamespaces(
  ref: ObjRef,
  namespaces: readonly string[] | undefined,
): string | undefined {
  if (!namespaces || namespaces.includes(ref.namespace)) return undefined;
  return `${describe(ref)} is outside the namespaces this server is limited to (--namespaces ${namespaces.join(',')})`;
}

/**
 * Why this action may not run under `namespaces`: the target, or (withSource) its source, lies outside.
 * `cached` is the target as the cache holds it (undefined when not seen: the API server then answers 404).
 */
export function actionScopeRefusal(
  ref: ObjRef,
  cached: ClusterObject | undefined,
  withSource: boolean,
  namespaces: readonly string[] | undefined,
): string | undefined {
  const own = outsideNamespaces(ref, namespaces);
  if (own) return own;
  if (!withSource || !cached) return undefined;
  const source = withSourceTarget(cached);
  const outside = source && outsideNamespaces(source, namespaces);
  return outside ? `withSource: the source ${outside}` : undefined;
}
