/**
 * Wires the stream into React: one ClusterStream per tab, the cluster query fed by it, and one ClusterIndex
 * derived from the cached state. Views read `useCluster()` and memoize their derived views on `version`.
 */
import type { ClusterIndex, ClusterObject } from '@fluxscope/shared';
import { type QueryClient, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  type ReactNode,
  createContext,
  useCallback,
  useContext,
  useEffect,
  useLayoutEffect,
  useMemo,
  useState,
  useSyncExternalStore,
} from 'react';
import { ApiError, apiPaths, fetchSnapshot } from './api';
import type { ClusterState } from './cluster-state';
import { CLUSTER_QUERY_KEY } from './cluster-state';
import type { TransportStatus } from './cluster-stream';
import { ClusterStream } from './cluster-stream';
import { IndexSync } from './index-sync';

export interface ClusterView {
  state: ClusterState;
  index: ClusterIndex;
  /** Index version: bump means "recompute derived views". */
  version: number;
  /** Bumped only when a Flux object changed (see IndexSync.fluxVersion). */
  fluxVersion: number;
}

interface ClusterContextValue {
  view: ClusterView | undefined;
  error: ApiError | undefined;
  stream: ClusterStream;
}

const ClusterContext = createContext<ClusterContextValue | undefined>(undefined);
/** Stable for the tab's life: per-object subscriptions that do not re-render on every cluster change. */
const ObjectsContext = createContext<IndexSync | undefined>(undefined);

function createStream(queryClient: QueryClient): ClusterStream {
  return new ClusterStream(queryClient, { url: apiPaths.stream, fetchSnapshot });
}

export function ClusterProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [stream] = useState(() => createStream(queryClient));
  const [sync] = useState(() => new IndexSync());

  // The first snapshot load opens the stream (from the snapshot's seq); a remount reopens it from the state.
  useEffect(() => {
    stream.resume();
    return () => stream.stop();
  }, [stream]);

  const query = useQuery({
    queryKey: CLUSTER_QUERY_KEY,
    queryFn: ({ signal }) => stream.loadSnapshot(signal),
    staleTime: Infinity,
    gcTime: Infinity,
    refetchOnWindowFocus: false,
    refetchOnReconnect: false,
    retry: true,
    retryDelay: attempt => Math.min(1000 * 2 ** attempt, 10_000),
  });

  const state = query.data;
  const view = useMemo<ClusterView | undefined>(() => {
    if (!state) return undefined;
    const version = sync.sync(state);
    return { state, index: sync.index, version, fluxVersion: sync.fluxVersion };
  }, [state, sync]);

  // After the commit that synced the index: components following one object re-render before the paint.
  useLayoutEffect(() => sync.notify(), [view, sync]);

  const queryError = query.error;
  const value = useMemo(() => {
    const error = queryError
      ? queryError instanceof ApiError
        ? queryError
        : new ApiError(0, String(queryError), apiPaths.stream)
      : undefined;
    return { view, error, stream };
  }, [view, queryError, stream]);
  return (
    <ObjectsContext.Provider value={sync}>
      <ClusterContext.Provider value={value}>{children}</ClusterContext.Provider>
    </ObjectsContext.Provider>
  );
}

function useClusterContext(): ClusterContextValue {
  const value = useContext(ClusterContext);
  if (!value) throw new Error('useCluster outside <ClusterProvider>');
  return value;
}

/** The current cluster, or undefined while the first snapshot loads (App shows the loading/error state). */
export function useClusterMaybe(): ClusterView | undefined {
  return useClusterContext().view;
}

/** For views rendered only once the cluster is loaded. */
export function useCluster(): ClusterView {
  const view = useClusterContext().view;
  if (!view) throw new Error('cluster not loaded yet');
  return view;
}

export function useClusterError(): ApiError | undefined {
  return useClusterContext().error;
}

/**
 * One object by refKey, re-rendering only when that object changes (a status change reaches its map node
 * without the map being rebuilt). Undefined when absent.
 */
export function useClusterObject(key: string): ClusterObject | undefined {
  const sync = useContext(ObjectsContext);
  if (!sync) throw new Error('useClusterObject outside <ClusterProvider>');
  const subscribe = useCallback((listener: () => void) => sync.subscribe(key, listener), [sync, key]);
  return useSyncExternalStore(subscribe, () => sync.get(key));
}

export function useTransport(): TransportStatus {
  const { stream } = useClusterContext();
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

/** Like useClusterMemo for views that read Flux objects only: skips updates that touched nothing of Flux's. */
export function useFluxMemo<T>(compute: (index: ClusterIndex) => T, deps: readonly unknown[]): T {
  const { index, fluxVersion } = useCluster();
  // eslint-disable-next-line react-hooks/exhaustive-deps
  return useMemo(() => compute(index), [index, fluxVersion, ...deps]);
}
