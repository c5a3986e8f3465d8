/** The Flux objects of one kind in scope (`-n ns`, or all namespaces), in the API server's list order. */
import { fluxKindByName } from '../kinds/registry.js';
import type { ClusterIndex } from '../index/cluster-index.js';
import type { ClusterObject } from '../kube/types.js';

export interface NamespaceScope {
  /** One namespace (`-n`); all namespaces (`-A`) when absent. */
  namespace?: string;
}

/**
 * The API's list order, which flux prints as is: etcd keys `<namespace>/<name>` compared byte by byte (so
 * namespace `apps-b` lists before `apps`, since '-' sorts before '/').
 */
const byNamespaceName = (a: ClusterObject, b: ClusterObject): number => {
  const ka = `${a.metadata.namespace ?? ''}/${a.metadata.name}`;
  const kb = `${b.metadata.namespace ?? ''}/${b.metadata.name}`;
  return ka < kb ? -1 : ka > kb ? 1 : 0;
};

export function fluxObjectsOfKind(index: ClusterIndex, kind: string, scope: NamespaceScope): ClusterObject[] {
  const info = fluxKindByName(kind);
  if (!info) return [];
  const all = index.ofKind(info.group, info.kind);
  const inScope =
    scope.namespace === undefined ? all : all.filter(o => (o.metadata.namespace ?? '') === scope.namespace);
  return inScope.sort(byNamespaceName);
}
