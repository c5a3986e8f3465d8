import type { ChangeBatch, ClusterObject, ConnectionState, FluxEvent, Snapshot } from '@fluxscope/shared';
import { describe, expect, it } from 'vitest';
import { applyBatch, applyBatches, fromSnapshot, resetTo } from './cluster-state';

const connection: ConnectionState = { state: 'connected', since: '2026-01-01T00:00:00Z', demo: false };

function ks(name: string, rv: string, ready = 'True'): ClusterObject {
  return {
    apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
    kind: 'Kustomization',
    metadata: { name, namespace: 'flux-system', uid: `uid-${name}`, resourceVersion: rv },
    spec: {},
    status: { conditions: [{ type: 'Ready', status: ready, reason: 'x', message: '' }] },
  };
}

function event(id: string, message = 'm'): FluxEvent {
  return {
    id,
    namespace: 'flux-system',
    type: 'Normal',
    reason: 'ReconciliationSucceeded',
    message,
    involvedObject: { kind: 'Kustomization', name: 'a', namespace: 'flux-system' },
  };
}

const KEY_A = 'kustomize.toolkit.fluxcd.io/Kustomization/flux-system/a';

function snapshot(seq: number, objects: ClusterObject[] = [ks('a', '1')]): Snapshot {
  return { seq, objects, events: [event('e1')], kinds: [], connection };
}

describe('cluster state reducer', () => {
  it('indexes the snapshot by refKey and event id', () => {
    const state = fromSnapshot(snapshot(10), 5);
    expect(state.seq).toBe(10);
    expect([...state.objects.keys()]).toEqual([KEY_A]);
    expect(state.events.get('e1')?.message).toBe('m');
    expect(state.receivedAt).toBe(5);
  });

  it('applies upserts, deletes, events, kinds and connection in order', () => {
    const s0 = fromSnapshot(snapshot(10));
    const batch: ChangeBatch = {
      seq: 11,
      changes: [
        { op: 'upsert', object: ks('b', '2') },
        { op: 'upsert', object: ks('a', '3', 'False') },
        {
          op: 'delete',
          ref: {
            group: 'kustomize.toolkit.fluxcd.io',
            kind: 'Kustomization',
            namespace: 'flux-system',
            name: 'b',
          },
        },
        { op: 'event', event: event('e2', 'new') },
        { op: 'event-delete', id: 'e1' },
        { op: 'kinds', kinds: [{ group: 'g', kind: 'K', served: true, synced: true, flux: true, count: 1 }] },
        { op: 'connection', connection: { ...connection, demo: true } },
      ],
    };
    const s1 = applyBatch(s0, batch, 99);
    expect(s1.seq).toBe(11);
    expect([...s1.objects.keys()]).toEqual([KEY_A]);
    expect(s1.objects.get(KEY_A)?.metadata.resourceVersion).toBe('3');
    expect([...s1.events.keys()]).toEqual(['e2']);
    expect(s1.kinds).toHaveLength(1);
    expect(s1.connection.demo).toBe(true);
    expect(s1.revision).toBe(s0.revision + 1);
    expect(s1.receivedAt).toBe(99);
    // The previous state is untouched.
    expect(s0.objects.get(KEY_A)?.metadata.resourceVersion).toBe('1');
    expect(s0.events.has('e1')).toBe(true);
  });

  it('ignores stale and duplicate batches, returning the same state', () => {
    const s1 = applyBatch(fromSnapshot(snapshot(10)), {
      seq: 11,
      changes: [{ op: 'upsert', object: ks('b', '2') }],
    });
    expect(applyBatch(s1, { seq: 11, changes: [{ op: 'upsert', object: ks('c', '1') }] })).toBe(s1);
    expect(
      applyBatch(s1, {
        seq: 3,
        changes: [{ op: 'delete', ref: { group: '', kind: 'X', namespace: '', name: 'y' } }],
      }),
    ).toBe(s1);
  });

  it('keeps object identity when an upsert repeats the same resourceVersion', () => {
    const s0 = fromSnapshot(snapshot(10));
    const before = s0.objects.get(KEY_A);
    const s1 = applyBatch(s0, { seq: 11, changes: [{ op: 'upsert', object: ks('a', '1') }] });
    expect(s1.objects).toBe(s0.objects);
    expect(s1.objects.get(KEY_A)).toBe(before);
    expect(s1.revision).toBe(s0.revision);
    expect(s1.seq).toBe(11);
  });

  it('does not copy the maps for deletes of unknown objects', () => {
    const s0 = fromSnapshot(snapshot(10));
    const s1 = applyBatch(s0, {
      seq: 11,
      changes: [
        { op: 'delete', ref: { group: '', kind: 'Pod', namespace: 'x', name: 'gone' } },
        { op: 'event-delete', id: 'nope' },
      ],
    });
    expect(s1.objects).toBe(s0.objects);
    expect(s1.events).toBe(s0.events);
  });

  it('applies a frame of batches and skips the ones already applied', () => {
    const s0 = fromSnapshot(snapshot(10));
    const s1 = applyBatches(s0, [
      { seq: 9, changes: [{ op: 'upsert', object: ks('old', '1') }] },
      { seq: 11, changes: [{ op: 'upsert', object: ks('b', '1') }] },
      { seq: 11, changes: [{ op: 'upsert', object: ks('dup', '1') }] },
      { seq: 12, changes: [{ op: 'upsert', object: ks('c', '1') }] },
    ]);
    expect(s1.seq).toBe(12);
    expect([...s1.objects.keys()].map(k => k.split('/').pop())).toEqual(['a', 'b', 'c']);
  });

  it('reset replaces everything, replays buffered batches newer than the snapshot, and keeps revisions increasing', () => {
    const s0 = applyBatch(fromSnapshot(snapshot(10)), {
      seq: 11,
      changes: [{ op: 'upsert', object: ks('b', '1') }],
    });
    const s1 = resetTo(s0, snapshot(20, [ks('z', '5')]), [
      { seq: 19, changes: [{ op: 'upsert', object: ks('before', '1') }] },
      { seq: 21, changes: [{ op: 'upsert', object: ks('after', '1') }] },
    ]);
    expect(s1.seq).toBe(21);
    expect([...s1.objects.keys()].map(k => k.split('/').pop())).toEqual(['z', 'after']);
    expect(s1.revision).toBeGreaterThan(s0.revision);
  });
});
