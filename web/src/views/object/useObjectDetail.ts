/** The server's object detail (spec summary, YAML), refetched whenever the object's resourceVersion changes. */
import type { ClusterObject, ObjRef, ObjectDetail } from '@fluxscope/shared';
import { refKey } from '@fluxscope/shared';
import { useQuery } from '@tanstack/react-query';
import { apiPaths, getJson } from '../../data/api';
import { useApiPath } from '../../data/cluster-context';

export function useObjectDetail(ref: ObjRef, obj: ClusterObject | undefined) {
  const path = useApiPath()(apiPaths.object(ref));
  return useQuery({
    // The path names the cluster: the same object in two clusters is two entries.
    queryKey: ['object', path, refKey(ref), obj?.metadata.resourceVersion ?? ''],
    queryFn: ({ signal }) => getJson<ObjectDetail>(path, { signal }),
    enabled: !!obj,
    staleTime: Infinity,
    placeholderData: previous => previous,
    retry: 1,
  });
}
