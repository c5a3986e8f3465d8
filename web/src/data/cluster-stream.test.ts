import type { ChangeBatch, ClusterObject, Snapshot } from '@fluxscope/shared';
import { describe, expect, it } from 'vitest';
import { ClusterStore } from './cluster-store';
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
const names = (store: ClusterStore) => [...store.index.all()].map(o => o.metadata.name);

function setup(snapshots: Snapshot[]) {
  const store = new ClusterStore();
  const source = new FakeSource();
  const frames: Array<() => void> = [];
  const opened: string[] = [];
  let release: (() => void) | undefined;
  let reloads = 0;
  // What the provider's snapshot query does on reload: run loadSnapshot again.
  let reloading: Promise<number> | undefined;
  const stream: ClusterStream = new ClusterStream(store, {
    url: '/stream',
    reload: () => {
      reloads++;
      reloading = stream.loadSnapshot();
    },
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
    const pending = stream.loadSnapshot();
    await Promise.resolve();
    return pending;
  };
  const runFrames = () => frames.splice(0).forEach(f => f());
  return {
    store,
    source,
    stream,
    load,
    runFrames,
    opened,
    release: () => release?.(),
    reloads: () => reloads,
    reloaded: () => reloading,
  };
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
    expect(names(t.store)).toEqual(['a', 'b']);
    expect(t.store.seq).toBe(6);
  });

  it('buffers batches that arrive while a later snapshot loads and replays only the newer ones', async () => {
    const t = setup([snap(1, ['a']), snap(5, ['x'])]);
    const first = t.load();
    t.release();
    await first;
    const reloading = t.load();
    t.source.emit('changes', upsert(4, 'stale'));
    t.source.emit('changes', upsert(6, 'b'));
    t.release();
    expect(await reloading).toBe(5);
    expect(names(t.store)).toEqual(['x', 'b']);
    expect(t.store.seq).toBe(6);
  });

  it('replays batches queued for the next frame on top of a snapshot loaded before that frame', async () => {
    const t = setup([snap(1, ['a']), snap(5, ['x'])]);
    const first = t.load();
    t.release();
    await first;
    t.source.emit('changes', upsert(6, 'queued'));
    const reloading = t.load();
    t.release();
    await reloading;
    t.runFrames();
    expect(names(t.store)).toEqual(['x', 'queued']);
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

  it('coalesces live batches into one store notification per frame', async () => {
    const t = setup([snap(1, ['a'])]);
    const loading = t.load();
    t.release();
    await loading;
    let notifications = 0;
    t.store.subscribe(() => notifications++);
    t.source.emit('changes', upsert(2, 'b'));
    t.source.emit('changes', upsert(3, 'c'));
    t.source.emit('changes', upsert(3, 'dup'));
    expect(names(t.store)).toEqual(['a']);
    t.runFrames();
    expect(names(t.store)).toEqual(['a', 'b', 'c']);
    expect(notifications).toBe(1);
  });

  it('reloads the snapshot on reset', async () => {
    const t = setup([snap(1, ['a']), snap(10, ['x'])]);
    const first = t.load();
    t.release();
    await first;
    t.source.emit('reset', {});
    expect(t.reloads()).toBe(1);
    await Promise.resolve();
    t.source.emit('changes', upsert(11, 'y'));
    t.release();
    await t.reloaded();
    expect(names(t.store)).toEqual(['x', 'y']);
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
