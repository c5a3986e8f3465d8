/**
 * Which tenant an object belongs to, from facts in the cluster. Flux's multi-tenancy convention (`flux
 * create tenant`) labels a tenant's Namespaces, ServiceAccount and RoleBinding with
 * `toolkit.fluxcd.io/tenant: <name>`; the tenant's own Kustomizations and sources usually carry no label
 * and live in those Namespaces. So the tenant of an object is, in this order:
 *   1. the label on the object itself;
 *   2. else the label on its Namespace (when Namespaces are in the index);
 *   3. else the tenant of the Flux object that applied it: the HelmRelease that installed it (helm-controller's
 *      owner labels), else the Kustomization that applied it (owner labels or inventory), followed up;
 *   4. else none ('').
 * Nothing is guessed from names: an object no rule reaches has no tenant.
 */
import type { ObjRef } from '../inventory/ids.js';
import { refKey } from '../inventory/ids.js';
import { HELM_GROUP } from '../kinds/registry.js';
import type { ClusterIndex } from '../index/cluster-index.js';
import type { ClusterObject } from '../kube/types.js';
import { appliedBy, fluxOwnerLabel, helmReleaseRef } from './refs.js';

export const TENANT_LABEL = 'toolkit.fluxcd.io/tenant';

/** No tenant: what `tenantOf` answers when no rule reaches one. */
export const NO_TENANT = '';

const namespaceRef = (name: string): ObjRef => ({ group: '', kind: 'Namespace', namespace: '', name });

const labelOf = (obj: ClusterObject | undefined): string =>
  obj?.metadata.labels?.[TENANT_LABEL]?.trim() ?? '';

/**
 * A resolver over one state of the index, remembering what it worked out (a map asks for every node, and
 * most share their Namespace and Kustomization). Make a new one when the index changed.
 */
export function tenantResolver(index: ClusterIndex): (ref: ObjRef) => string {
  const known = new Map<string, string>();
  const resolve = (ref: ObjRef, path: Set<string>): string => {
    const key = refKey(ref);
    const cached = known.get(key);
    if (cached !== undefined) return cached;
    // A loop of owners (A applies B applies A) reaches no tenant along it.
    if (path.has(key)) return NO_TENANT;
    path.add(key);
    const obj = index.get(ref);
    let tenant = labelOf(obj);
    if (!tenant && ref.namespace) tenant = labelOf(index.get(namespaceRef(ref.namespace)));
    if (!tenant && obj) {
      const helm = fluxOwnerLabel(obj, HELM_GROUP);
      if (helm) tenant = resolve(helmReleaseRef(helm.namespace || ref.namespace, helm.name), path);
    }
    if (!tenant) {
      const ks = appliedBy(index, ref, obj);
      if (ks) tenant = resolve(ks, path);
    }
    known.set(key, tenant);
    return tenant;
  };
  return ref => resolve(ref, new Set());
}

/** The tenant of one object ('' when none). */
export function tenantOf(index: ClusterIndex, ref: ObjRef): string {
  return tenantResolver(index)(ref);
}
