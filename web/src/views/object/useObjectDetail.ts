/** The server's object detail (spec summary, YAML), refetched whenever the object's resourceVersion changes. */
import type { ClusterObject, ObjRef, ObjectDetail } from '@fluxscope/shared';
import { refKey } from '@fluxscope/shared';
import { useQuery } from '@tanstack/react-query';
import { apiPaths, getJson } from '../../data/api';

export function useObjectDetail(ref: ObjRef, obj: ClusterObject | undefined) {
  return useQuery({
    queryKey: ['object', refKey(ref), obj?.metadata.resourceVersion ?? ''],
    queryFn: ({ signal }) => getJson<ObjectDetail>(apiPaths.object(ref), { signal }),
    enabled: !!obj,
    staleTime: Infinity,
    placeholderData: previous => previous,
    retry: 1,
  });
}
