/**
 * The map's name filter also finds objects that are not on the map: a Deployment, Service or ConfigMap whose
 * name matches leads to the Flux object that manages it (helm-controller's owner labels first, the
 * HelmRelease that installed it, else kustomize-controller's, the Kustomization that applied it). O(objects)
 * per query, so the caller runs it only when the text changes.
 */
import type { ClusterObject, ObjRef } from '@fluxscope/shared';
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

/** Map node key (refKey of the owner) -> the first object that matched through it. */
export function ownersMatching(
  objects: Iterable<ClusterObject>,
  text: string,
  limit = 500,
): Map<string, ObjRef> {
  const out = new Map<string, ObjRef>();
  const needle = text.trim().toLowerCase();
  if (!needle) return out;
  for (const obj of objects) {
    if (isFluxKind(splitApiVersion(obj.apiVersion).group, obj.kind)) continue;
    if (!obj.metadata.name.toLowerCase().includes(needle)) continue;
    const helm = fluxOwnerLabel(obj, HELM_GROUP);
    const ks = fluxOwnerLabel(obj, KUSTOMIZE_GROUP);
    const owner = helm
      ? helmReleaseRef(helm.namespace, helm.name)
      : ks
        ? kustomizationRef(ks.namespace, ks.name)
        : undefined;
    if (!owner) continue;
    const key = refKey(owner);
    if (!out.has(key)) {
      out.set(key, {
        group: splitApiVersion(obj.apiVersion).group,
        kind: obj.kind,
        namespace: obj.metadata.namespace ?? '',
        name: obj.metadata.name,
      });
      if (out.size >= limit) break;
    }
  }
  return out;
}
