import type { ClusterObject, ConnectionState, FluxEvent, Snapshot } from '@fluxscope/shared';
import { describe, expect, it } from 'vitest';
import { ClusterStore } from './cluster-store';

const connection: ConnectionState = { state: 'connected', since: '2026-01-01T00:00:00Z', demo: false };
const KS_GROUP = 'kustomize.toolkit.fluxcd.io';

function ks(name: string, rv: string, ready = 'True'): ClusterObject {
  return {
    apiVersion: `${KS_GROUP}/v1`,
    kind: 'Kustomization',
    metadata: { name, namespace: 'flux-system', uid: `uid-${name}`, resourceVersion: rv },
    spec: {},
    status: { conditions: [{ type: 'Ready', status: ready, reason: 'x', message: '' }] },
  };
}
const pod = (name: string, rv: string): ClusterObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'app', uid: `uid-${name}`, resourceVersion: rv },
});
function event(id: string, message = 'm', rv = '1'): FluxEvent {
  return {
    id,
    namespace: 'flux-system',
    type: 'Normal',
    reason: 'ReconciliationSucceeded',
    message,
    involvedObject: { kind: 'Kustomization', name: 'a', namespace: 'flux-system' },
    resourceVersion: rv,
  };
}
const ksRef = (name: string) => ({ group: KS_GROUP, kind: 'Kustomization', namespace: 'flux-system', name });
const keyOf = (name: string) => `${KS_GROUP}/Kustomization/flux-system/${name}`;
const KEY_A = keyOf('a');

function snapshot(seq: number, objects: ClusterObject[] = [ks('a', '1')], events = [event('e1')]): Snapshot {
  return { seq, objects, events, kinds: [], connection };
}
const names = (store: ClusterStore) =>
  [...store.index.all()].map(o => o.metadata.name).sort((a, b) => a.localeCompare(b));

function loaded(seq = 10, objects?: ClusterObject[]) {
  const store = new ClusterStore();
  store.reset(snapshot(seq, objects), [], 5);
  let notified = 0;
  store.subscribe(() => notified++);
  return { store, notified: () => notified };
}

describe('ClusterStore', () => {
  it('has no view until the first snapshot, and refuses batches before it', () => {
    const store = new ClusterStore();
    expect(store.getView()).toBeUndefined();
    expect(store.apply([{ seq: 1, changes: [{ op: 'upsert', object: ks('b', '1') }] }])).toBe(false);
    expect(store.index.size).toBe(0);
    store.reset(snapshot(10), [], 5);
    const view = store.getView()!;
    expect(store.seq).toBe(10);
    expect(view.index.getByKey(KEY_A)?.metadata.resourceVersion).toBe('1');
    expect(view.index.getEvent('e1')?.message).toBe('m');
    expect(view.state.receivedAt).toBe(5);
    expect(store.getView()).toBe(view);
  });

  it('applies upserts, deletes, events, kinds and connection in order, with one notification', () => {
    const { store, notified } = loaded();
    const before = store.getView()!;
    store.apply(
      [
        {
          seq: 11,
          changes: [
            { op: 'upsert', object: ks('b', '2') },
            { op: 'upsert', object: ks('a', '3', 'False') },
            { op: 'delete', ref: ksRef('b') },
            { op: 'event', event: event('e2', 'new') },
            { op: 'event-delete', id: 'e1' },
            {
              op: 'kinds',
              kinds: [{ group: 'g', kind: 'K', served: true, synced: true, flux: true, count: 1 }],
            },
            { op: 'connection', connection: { ...connection, demo: true } },
          ],
        },
      ],
      99,
    );
    const view = store.getView()!;
    expect(notified()).toBe(1);
    expect(view).not.toBe(before);
    expect(store.seq).toBe(11);
    expect(names(store)).toEqual(['a']);
    expect(view.index.getByKey(KEY_A)?.metadata.resourceVersion).toBe('3');
    expect([...view.index.events()].map(e => e.id)).toEqual(['e2']);
    expect(view.state.kinds).toHaveLength(1);
    expect(view.state.connection.demo).toBe(true);
    expect(view.version).toBeGreaterThan(before.version);
    expect(view.fluxVersion).toBeGreaterThan(before.fluxVersion);
    expect(view.state.receivedAt).toBe(99);
    // The previous view's meta is untouched (views compare by identity).
    expect(before.state.connection.demo).toBe(false);
  });

  it('drops stale and duplicate batches without a notification', () => {
    const { store, notified } = loaded();
    store.apply([{ seq: 11, changes: [{ op: 'upsert', object: ks('b', '2') }] }]);
    const view = store.getView();
    store.apply([{ seq: 11, changes: [{ op: 'upsert', object: ks('c', '1') }] }]);
    store.apply([{ seq: 3, changes: [{ op: 'delete', ref: ksRef('a') }] }]);
    expect(names(store)).toEqual(['a', 'b']);
    expect(store.getView()).toBe(view);
    expect(notified()).toBe(1);
  });

  it('treats a repeated resourceVersion, an unknown delete and an unchanged event as no change', () => {
    const { store, notified } = loaded();
    const view = store.getView()!;
    const before = view.index.getByKey(KEY_A);
    store.apply([
      {
        seq: 11,
        changes: [
          { op: 'upsert', object: ks('a', '1') },
          { op: 'delete', ref: { group: '', kind: 'Pod', namespace: 'x', name: 'gone' } },
          { op: 'event-delete', id: 'nope' },
          { op: 'event', event: event('e1') },
        ],
      },
    ]);
    expect(store.seq).toBe(11);
    expect(store.getView()).toBe(view);
    expect(view.index.getByKey(KEY_A)).toBe(before);
    expect(notified()).toBe(0);
  });

  it('moves the Flux version for Flux objects only', () => {
    const { store } = loaded();
    const flux = store.getView()!.fluxVersion;
    store.apply([
      { seq: 11, changes: [{ op: 'upsert', object: pod('web', '1') }] },
      { seq: 12, changes: [{ op: 'event', event: event('e3') }] },
    ]);
    expect(store.getView()!.fluxVersion).toBe(flux);
    store.apply([{ seq: 13, changes: [{ op: 'upsert', object: ks('a', '2', 'False') }] }]);
    expect(store.getView()!.fluxVersion).toBe(flux + 1);
  });

  it('applies a frame of batches and skips the ones already applied', () => {
    const { store } = loaded();
    store.apply([
      { seq: 9, changes: [{ op: 'upsert', object: ks('old', '1') }] },
      { seq: 11, changes: [{ op: 'upsert', object: ks('b', '1') }] },
      { seq: 11, changes: [{ op: 'upsert', object: ks('dup', '1') }] },
      { seq: 12, changes: [{ op: 'upsert', object: ks('c', '1') }] },
    ]);
    expect(store.seq).toBe(12);
    expect(names(store)).toEqual(['a', 'b', 'c']);
  });

  it('reset brings the index to the snapshot in place and replays buffered batches newer than it', () => {
    const { store } = loaded(10, [ks('a', '1'), ks('b', '1')]);
    const index = store.index;
    const a = index.getByKey(KEY_A);
    const version = store.getView()!.version;
    store.reset(snapshot(20, [ks('a', '1'), ks('z', '5')], [event('e9')]), [
      { seq: 19, changes: [{ op: 'upsert', object: ks('before', '1') }] },
      { seq: 21, changes: [{ op: 'upsert', object: ks('after', '1') }] },
    ]);
    expect(store.seq).toBe(21);
    expect(names(store)).toEqual(['a', 'after', 'z']);
    expect([...index.events()].map(e => e.id)).toEqual(['e9']);
    expect(store.index).toBe(index);
    // Unchanged objects keep their reference: memoized rows and nodes do not re-render.
    expect(index.getByKey(KEY_A)).toBe(a);
    expect(store.getView()!.version).toBeGreaterThan(version);
  });

  it('tells the listeners of a changed object once per apply, after the store listeners, and no one else', () => {
    const { store } = loaded(10, [ks('a', '1'), ks('b', '1'), pod('web', '1')]);
    const heard: string[] = [];
    store.subscribe(() => heard.push('store'));
    const stop = store.subscribeKey(KEY_A, () =>
      heard.push(`a@${store.get(KEY_A)?.metadata.resourceVersion}`),
    );
    store.subscribeKey(keyOf('b'), () => heard.push('b'));
    store.subscribeKey('/Pod/app/web', () => heard.push('pod'));
    store.apply([
      { seq: 11, changes: [{ op: 'upsert', object: ks('a', '2') }] },
      { seq: 12, changes: [{ op: 'upsert', object: ks('a', '3') }] },
    ]);
    expect(heard).toEqual(['store', 'a@3']);
    store.apply([{ seq: 13, changes: [{ op: 'upsert', object: pod('web', '2') }] }]);
    expect(heard).toEqual(['store', 'a@3', 'store', 'pod']);
    stop();
    store.apply([{ seq: 14, changes: [{ op: 'delete', ref: ksRef('a') }] }]);
    expect(heard).toEqual(['store', 'a@3', 'store', 'pod', 'store']);
    // A removal wakes the object's listeners too (the node shows it gone).
    store.apply([{ seq: 15, changes: [{ op: 'delete', ref: ksRef('b') }] }]);
    expect(heard.slice(-2)).toEqual(['store', 'b']);
    expect(store.get(keyOf('b'))).toBeUndefined();
  });
});
