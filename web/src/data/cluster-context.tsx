/**
 * Wires the cluster into React: one ClusterStore and one ClusterStream for the cluster in the URL (the
 * provider is keyed by it, so another cluster gets its own store and stream and the old stream closes). Components subscribe to the
 * store with useSyncExternalStore: `useCluster()` for views over the whole cluster (memoize them with
 * useClusterMemo / useFluxMemo), `useClusterObject(key)` for one object. react-query runs only the snapshot
 * load (a request with retries and an error state); the data itself never goes through its cache.
 */
import type { ClusterIndex, ClusterObject } from '@fluxscope/shared';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  type ReactNode,
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useState,
  useSyncExternalStore,
} from 'react';
import { ApiError, apiPaths, clusterApiPath, fetchSnapshot } from './api';
import type { ClusterView } from './cluster-store';
import { ClusterStore } from './cluster-store';
import type { TransportStatus } from './cluster-stream';
import { ClusterStream } from './cluster-stream';
import { useThrottled } from './use-throttled';

export type { ClusterMeta, ClusterView } from './cluster-store';

/** The snapshot load of a cluster ('' = the default one): its data is the loaded seq (the store holds it). */
export const snapshotQueryKey = (cluster: string | undefined) =>
  ['cluster', cluster ?? '', 'snapshot'] as const;

export interface ClusterWiring {
  store: ClusterStore;
  stream: ClusterStream;
}

/** Stable for the tab's life: subscribing components re-render on store changes, not on context changes. */
const WiringContext = createContext<ClusterWiring | undefined>(undefined);
const ErrorContext = createContext<ApiError | undefined>(undefined);
/** The cluster named in the URL; undefined: the default cluster. */
const ClusterNameContext = createContext<string | undefined>(undefined);

/** Key it by `cluster`: a store and a stream belong to one cluster for their whole life. */
export function ClusterProvider({
  cluster,
  children,
}: {
  cluster?: string | undefined;
  children: ReactNode;
}) {
  const queryClient = useQueryClient();
  const queryKey = snapshotQueryKey(cluster);
  const [wiring] = useState<ClusterWiring>(() => {
    const store = new ClusterStore();
    const stream = new ClusterStream(store, {
      url: clusterApiPath(cluster, apiPaths.stream),
      fetchSnapshot: signal => fetchSnapshot(signal, cluster),
      reload: () => void queryClient.refetchQueries({ queryKey }),
    });
    return { store, stream };
  });
  const { stream } = wiring;

  // The first snapshot load opens the stream (from the snapshot's seq); a remount reopens it from the store.
  useEffect(() => {
    stream.resume();
    return () => stream.stop();
  }, [stream]);

  const query = useQuery({
    queryKey,
    queryFn: ({ signal }) => stream.loadSnapshot(signal),
    staleTime: Infinity,
    gcTime: Infinity,
    refetchOnWindowFocus: false,
    refetchOnReconnect: false,
    retry: true,
    retryDelay: attempt => Math.min(1000 * 2 ** attempt, 10_000),
  });

  const queryError = query.error;
  const error = useMemo(
    () =>
      queryError
        ? queryError instanceof ApiError
          ? queryError
          : new ApiError(0, String(queryError), apiPaths.stream)
        : undefined,
    [queryError],
  );
  return (
    <ClusterNameContext.Provider value={cluster}>
      <ClusterWiringProvider wiring={wiring} error={error}>
        {children}
      </ClusterWiringProvider>
    </ClusterNameContext.Provider>
  );
}

/** The cluster the views show, as named in the URL (undefined: the default cluster). */
export function useClusterName(): string | undefined {
  return useContext(ClusterNameContext);
}

/** Per-cluster API paths for the cluster the views show (`/api/v1/x` → `/api/v1/c/{cluster}/x`). */
export function useApiPath(): (path: string) => string {
  const cluster = useContext(ClusterNameContext);
  return useCallback((path: string) => clusterApiPath(cluster, path), [cluster]);
}

/** The hooks' context, for ClusterProvider and for component tests that bring their own store. */
export function ClusterWiringProvider({
  wiring,
  error,
  children,
}: {
  wiring: ClusterWiring;
  error?: ApiError | undefined;
  children: ReactNode;
}) {
  return (
    <WiringContext.Provider value={wiring}>
      <ErrorContext.Provider value={error}>{children}</ErrorContext.Provider>
    </WiringContext.Provider>
  );
}

function useWiring(): ClusterWiring {
  const wiring = useContext(WiringContext);
  if (!wiring) throw new Error('cluster hooks used outside <ClusterProvider>');
  return wiring;
}

/** The current cluster, or undefined while the first snapshot loads (App shows the loading/error state). */
export function useClusterMaybe(): ClusterView | undefined {
  const { store } = useWiring();
  return useSyncExternalStore(store.subscribe, store.getView);
}

/** For views rendered only once the cluster is loaded. */
export function useCluster(): ClusterView {
  const view = useClusterMaybe();
  if (!view) throw new Error('cluster not loaded yet');
  return view;
}

/** Why the snapshot cannot be loaded (server down, signed out...), while it cannot. */
export function useClusterError(): ApiError | undefined {
  useWiring();
  return useContext(ErrorContext);
}

/**
 * One object by refKey, re-rendering only when that object changes (a status change reaches its map node
 * without the map being rebuilt). Undefined when absent.
 */
export function useClusterObject(key: string): ClusterObject | undefined {
  const { store } = useWiring();
  const subscribe = useCallback((listener: () => void) => store.subscribeKey(key, listener), [store, key]);
  return useSyncExternalStore(subscribe, () => store.get(key));
}

export function useTransport(): TransportStatus {
  const { stream } = useWiring();
  return useSyncExternalStore(stream.subscribe, stream.getStatus);
}

/**
 * Memoizes a view derived from the (mutable) index: recomputed when the index version or `deps` change.
 * The index object itself never changes identity, so plain useMemo on [index] would go stale.
 */
export function useClusterMemo<T>(compute: (index: ClusterIndex) => T, deps: readonly unknown[]): T {
  const { index, version } = useCluster();
  // eslint-disable-next-line react-hooks/exhaustive-deps
  return useMemo(() => compute(index), [index, version, ...deps]);
}

export interface FluxMemoOptions {
  /**
   * Recompute at most this often (ms; trailing edge, so the latest state always lands; 0 = on every change).
   * For views that cost O(Flux objects) on big clusters: a stream of changes then costs a few rebuilds a
   * second rather than one per frame.
   */
  throttleMs?: number;
}

/**
 * Like useClusterMemo for views that read Flux objects only: skips updates that touched nothing of Flux's
 * (Pods, ReplicaSets, Events), and can be throttled.
 */
export function useFluxMemo<T>(
  compute: (index: ClusterIndex) => T,
  deps: readonly unknown[],
  { throttleMs = 0 }: FluxMemoOptions = {},
): T {
  const { index, fluxVersion } = useCluster();
  const shown = useThrottled(fluxVersion, throttleMs);
  // eslint-disable-next-line react-hooks/exhaustive-deps
  return useMemo(() => compute(index), [index, shown, ...deps]);
}
