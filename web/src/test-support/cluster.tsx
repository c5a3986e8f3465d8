/**
 * Renders components over a real ClusterStore and ClusterStream, fed by hand: a snapshot, then batches and
 * transport events, as the server would send them. For component tests (Testing Library on happy-dom).
 */
import type { ChangeBatch, ClusterObject, ConnectionState, FluxEvent, Snapshot } from '@fluxscope/shared';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act, render } from '@testing-library/react';
import type { ReactElement } from 'react';
import { ToastProvider } from '../components/toast';
import type { ApiError } from '../data/api';
import { ClusterWiringProvider } from '../data/cluster-context';
import { ClusterStore } from '../data/cluster-store';
import type { EventSourceLike } from '../data/cluster-stream';
import { ClusterStream } from '../data/cluster-stream';

export class FakeEventSource implements EventSourceLike {
  readyState = 0;
  onopen: ((ev: Event) => unknown) | null = null;
  onerror: ((ev: Event) => unknown) | null = null;
  close(): void {
    this.readyState = 2;
  }
  addEventListener(): void {}
}

export const connected: ConnectionState = { state: 'connected', since: '2026-01-01T00:00:00Z', demo: false };

export interface ClusterSetup {
  objects?: ClusterObject[];
  events?: FluxEvent[];
  connection?: ConnectionState;
  /** Shown as the snapshot load's error (no snapshot is loaded then). */
  error?: ApiError;
  /** Open the stream (the transport goes live). */
  live?: boolean;
}

export async function renderWithCluster(ui: ReactElement, setup: ClusterSetup = {}) {
  const store = new ClusterStore();
  const source = new FakeEventSource();
  const snapshot: Snapshot = {
    seq: 1,
    objects: setup.objects ?? [],
    events: setup.events ?? [],
    kinds: [],
    connection: setup.connection ?? connected,
  };
  const stream = new ClusterStream(store, {
    url: '/api/v1/stream',
    fetchSnapshot: () => Promise.resolve(snapshot),
    createEventSource: () => source,
    schedule: flush => flush(),
    reload: () => undefined,
  });
  if (!setup.error) await stream.loadSnapshot();
  if (setup.live) source.onopen?.(new Event('open'));
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const result = render(
    <QueryClientProvider client={queryClient}>
      <ToastProvider>
        <ClusterWiringProvider wiring={{ store, stream }} error={setup.error}>
          {ui}
        </ClusterWiringProvider>
      </ToastProvider>
    </QueryClientProvider>,
  );
  let seq = 1;
  /** Applies changes as one stream batch, inside act() so React has re-rendered when it returns. */
  const apply = (...changes: ChangeBatch['changes']) =>
    act(() => {
      store.apply([{ seq: ++seq, changes }]);
    });
  return { ...result, store, stream, source, apply };
}
