import type { ChangeBatch, ClusterObject, Snapshot } from '@fluxscope/shared';
import { QueryClient } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import type { ClusterState } from './cluster-state';
import { CLUSTER_QUERY_KEY } from './cluster-state';
import type { EventSourceLike } from './cluster-stream';
import { ClusterStream } from './cluster-stream';

class FakeSource implements EventSourceLike {
  readyState = 0;
  onopen: ((ev: Event) => unknown) | null = null;
  onerror: ((ev: Event) => unknown) | null = null;
  private readonly handlers = new Map<string, (ev: MessageEvent<string>) => void>();
  addEventListener(type: string, listener: (ev: MessageEvent<string>) => void): void {
    this.handlers.set(type, listener);
  }
  close(): void {
    this.readyState = 2;
  }
  emit(type: string, data: unknown): void {
    this.handlers.get(type)?.({ data: JSON.stringify(data) } as MessageEvent<string>);
  }
}

const cm = (name: string): ClusterObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace: 'default', resourceVersion: '1' },
});
const snap = (seq: number, names: string[]): Snapshot => ({
  seq,
  objects: names.map(cm),
  events: [],
  kinds: [],
  connection: { state: 'connected', since: '', demo: true },
});
const upsert = (seq: number, name: string): ChangeBatch => ({
  seq,
  changes: [{ op: 'upsert', object: cm(name) }],
});
const names = (state: ClusterState | undefined) =>
  [...(state?.objects.keys() ?? [])].map(k => k.split('/').pop());

function setup(snapshots: Snapshot[]) {
  const client = new QueryClient();
  const source = new FakeSource();
  const frames: Array<() => void> = [];
  const opened: string[] = [];
  let release: (() => void) | undefined;
  const stream = new ClusterStream(client, {
    url: '/stream',
    createEventSource: url => {
      opened.push(url);
      source.readyState = 0;
      return source;
    },
    schedule: flush => frames.push(flush),
    fetchSnapshot: () =>
      new Promise<Snapshot>(resolve => {
        const next = snapshots.shift()!;
        release = () => resolve(next);
      }),
  });
  const load = async () => {
    const pending = client.fetchQuery({ queryKey: CLUSTER_QUERY_KEY, queryFn: () => stream.loadSnapshot() });
    await Promise.resolve();
    return pending;
  };
  const state = () => client.getQueryData<ClusterState>(CLUSTER_QUERY_KEY);
  const runFrames = () => frames.splice(0).forEach(f => f());
  return { client, source, stream, load, state, runFrames, opened, release: () => release?.() };
}

describe('ClusterStream', () => {
  it('loads the first snapshot before opening the stream, then streams from its seq', async () => {
    const t = setup([snap(5, ['a'])]);
    const loading = t.load();
    expect(t.opened).toEqual([]);
    t.release();
    await loading;
    expect(t.opened).toEqual(['/stream?lastEventId=5']);
    // What the server replays from seq 5 lands like any live batch.
    t.source.emit('changes', upsert(6, 'b'));
    t.runFrames();
    expect(names(t.state())).toEqual(['a', 'b']);
    expect(t.state()?.seq).toBe(6);
  });

  it('keeps batches that arrive before the first state is in the cache', async () => {
    const client = new QueryClient();
    const source = new FakeSource();
    const frames: Array<() => void> = [];
    const stream = new ClusterStream(client, {
      url: '/stream',
      createEventSource: () => source,
      schedule: flush => frames.push(flush),
      fetchSnapshot: () => Promise.resolve(snap(5, ['a'])),
    });
    const state = await stream.loadSnapshot(); // returned, not yet stored by react-query
    source.emit('changes', upsert(6, 'b'));
    frames.splice(0).forEach(f => f());
    client.setQueryData(CLUSTER_QUERY_KEY, state);
    frames.splice(0).forEach(f => f());
    expect(names(client.getQueryData<ClusterState>(CLUSTER_QUERY_KEY))).toEqual(['a', 'b']);
  });

  it('buffers batches that arrive while a later snapshot loads and replays only the newer ones', async () => {
    const t = setup([snap(1, ['a']), snap(5, ['x'])]);
    const first = t.load();
    t.release();
    await first;
    const reloading = t.client.refetchQueries({ queryKey: CLUSTER_QUERY_KEY });
    await Promise.resolve();
    t.source.emit('changes', upsert(4, 'stale'));
    t.source.emit('changes', upsert(6, 'b'));
    t.release();
    await reloading;
    expect(names(t.state())).toEqual(['x', 'b']);
    expect(t.state()?.seq).toBe(6);
  });

  it('reopens after a remount from the state it holds', async () => {
    const t = setup([snap(3, ['a'])]);
    t.stream.resume(); // before the first load: nothing to resume
    expect(t.opened).toEqual([]);
    const loading = t.load();
    t.release();
    await loading;
    t.stream.stop();
    t.stream.resume();
    expect(t.opened).toEqual(['/stream?lastEventId=3', '/stream?lastEventId=3']);
  });

  it('coalesces live batches into one cache write per frame', async () => {
    const t = setup([snap(1, ['a'])]);
    const loading = t.load();
    t.release();
    await loading;
    let writes = 0;
    t.client.getQueryCache().subscribe(() => writes++);
    t.source.emit('changes', upsert(2, 'b'));
    t.source.emit('changes', upsert(3, 'c'));
    t.source.emit('changes', upsert(3, 'dup'));
    expect(names(t.state())).toEqual(['a']);
    t.runFrames();
    expect(names(t.state())).toEqual(['a', 'b', 'c']);
    expect(writes).toBeGreaterThan(0);
    expect(writes).toBeLessThanOrEqual(2);
  });

  it('reloads the snapshot on reset', async () => {
    const t = setup([snap(1, ['a']), snap(10, ['x'])]);
    const first = t.load();
    t.release();
    await first;
    t.source.emit('reset', {});
    await new Promise(r => setTimeout(r, 0));
    t.source.emit('changes', upsert(11, 'y'));
    t.release();
    await new Promise(r => setTimeout(r, 0));
    expect(names(t.state())).toEqual(['x', 'y']);
  });

  it('reports live on open and reconnecting on error', () => {
    const t = setup([]);
    t.stream.start();
    expect(t.stream.getStatus().state).toBe('connecting');
    t.source.onopen?.(new Event('open'));
    expect(t.stream.getStatus().state).toBe('live');
    t.source.onerror?.(new Event('error'));
    expect(t.stream.getStatus().state).toBe('reconnecting');
  });
});
