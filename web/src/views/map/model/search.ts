/**
 * The map's search also finds objects that are not on the map: a Deployment, Service or ConfigMap whose
 * name matches leads to the Flux object that manages it (helm-controller's owner labels first, the
 * HelmRelease that installed it, else kustomize-controller's, the Kustomization that applied it); a Pod or
 * ReplicaSet, which carry no such labels, through their controller owners (Pod -> ReplicaSet ->
 * Deployment), so a Pod name from an alert finds its HelmRelease. The object
 * named for each owner is the most telling match: an exact name before a partial one, then workloads (what
 * an on-call user types) before Services, ConfigMaps and the rest. O(objects) per query, so the caller runs
 * it only when the text changes.
 */
import type { ClusterObject, ObjRef, OwnerReference } from '@fluxscope/shared';
import {
  HELM_GROUP,
  KUSTOMIZE_GROUP,
  fluxOwnerLabel,
  helmReleaseRef,
  isFluxKind,
  kustomizationRef,
  refKey,
  splitApiVersion,
} from '@fluxscope/shared';

const KIND_RANK: Record<string, number> = {
  Deployment: 0,
  StatefulSet: 0,
  DaemonSet: 0,
  CronJob: 1,
  Job: 1,
  Pod: 1,
  Service: 2,
};
const OTHER_KINDS = 3;
/** Pod -> ReplicaSet -> Deployment, Pod -> Job -> CronJob: never more. */
const MAX_OWNER_STEPS = 3;

/** The Flux object managing `obj`: its owner labels, else those of its controller, followed up. */
function fluxOwner(
  obj: ClusterObject,
  byUid: ((uid: string) => ClusterObject | undefined) | undefined,
): ObjRef | undefined {
  let at: ClusterObject | undefined = obj;
  for (let step = 0; at && step <= MAX_OWNER_STEPS; step++) {
    const helm = fluxOwnerLabel(at, HELM_GROUP);
    if (helm) return helmReleaseRef(helm.namespace, helm.name);
    const ks = fluxOwnerLabel(at, KUSTOMIZE_GROUP);
    if (ks) return kustomizationRef(ks.namespace, ks.name);
    const owners: readonly OwnerReference[] = at.metadata.ownerReferences ?? [];
    const controller = owners.find(o => o.controller) ?? owners[0];
    at = controller && byUid ? byUid(controller.uid) : undefined;
  }
  return undefined;
}

/**
 * Map node key (refKey of the owner) -> the best object that matched through it (up to `limit` owners).
 * `byUid` (ClusterIndex.getByUid) lets objects without owner labels reach one through their owners.
 */
export function ownersMatching(
  objects: Iterable<ClusterObject>,
  text: string,
  limit = 500,
  byUid?: (uid: string) => ClusterObject | undefined,
): Map<string, ObjRef> {
  const out = new Map<string, ObjRef>();
  const ranks = new Map<string, number>();
  const needle = text.trim().toLowerCase();
  if (!needle) return out;
  for (const obj of objects) {
    if (isFluxKind(splitApiVersion(obj.apiVersion).group, obj.kind)) continue;
    if (!obj.metadata.name.toLowerCase().includes(needle)) continue;
    const owner = fluxOwner(obj, byUid);
    if (!owner) continue;
    const key = refKey(owner);
    const rank = (obj.metadata.name.toLowerCase() === needle ? 0 : 10) + (KIND_RANK[obj.kind] ?? OTHER_KINDS);
    const known = ranks.get(key);
    if (known === undefined ? out.size >= limit : known <= rank) continue;
    ranks.set(key, rank);
    out.set(key, {
      group: splitApiVersion(obj.apiVersion).group,
      kind: obj.kind,
      namespace: obj.metadata.namespace ?? '',
      name: obj.metadata.name,
    });
  }
  return out;
}
