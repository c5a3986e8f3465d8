import { ClusterIndex, FLUX_KINDS, type Change, type ClusterObject, type KindInfo } from '@fluxscope/shared';
import { describe, expect, it } from 'vitest';
import type { ChangeLog } from './change-log.js';
import { EventStore } from './event-store.js';

const KS = FLUX_KINDS.find(k => k.kind === 'Kustomization') as KindInfo;

const ks = (namespace: string, name: string, rv: string): ClusterObject => ({
  apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
  kind: 'Kustomization',
  metadata: { namespace, name, resourceVersion: rv },
});

const event = (name: string, time: string, about = 'Kustomization'): ClusterObject =>
  ({
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { namespace: 'flux-system', name, resourceVersion: '1' },
    involvedObject: { kind: about, name: 'apps', namespace: 'flux-system' },
    reason: 'ReconciliationSucceeded',
    message: name,
    lastTimestamp: time,
  }) as unknown as ClusterObject;

function store(maxEvents = 100) {
  const index = new ClusterIndex();
  const pushed: Change[] = [];
  const changes = { push: (c: Change) => pushed.push(c) } as unknown as ChangeLog;
  return { index, pushed, store: new EventStore(index, changes, maxEvents) };
}

describe('EventStore', () => {
  it('a list replaces the kind: new and changed objects upserted, gone ones deleted, unchanged ones silent', () => {
    const { index, pushed, store: s } = store();
    expect(s.replaceObjects(KS, [ks('a', 'one', '1'), ks('a', 'two', '2')])).toBe(2);
    pushed.length = 0;
    expect(s.replaceObjects(KS, [ks('a', 'one', '1'), ks('a', 'three', '5')])).toBe(2);
    expect(pushed.map(c => c.op)).toEqual(['delete', 'upsert']);
    expect([...index.ofKind(KS.group, KS.kind)].map(o => o.metadata.name).sort()).toEqual(['one', 'three']);
  });

  it('a list of one namespace leaves the other namespaces alone and counts them', () => {
    const { index, store: s } = store();
    s.replaceObjects(KS, [ks('a', 'one', '1')], 'a');
    expect(s.replaceObjects(KS, [ks('b', 'two', '2')], 'b')).toBe(2);
    expect(s.replaceObjects(KS, [], 'b')).toBe(1);
    expect([...index.ofKind(KS.group, KS.kind)].map(o => o.metadata.name)).toEqual(['one']);
  });

  it('watch events: the count delta of each, nameless objects ignored', () => {
    const { pushed, store: s } = store();
    expect(s.applyObject('ADDED', ks('a', 'one', '1'))).toBe(1);
    expect(s.applyObject('MODIFIED', ks('a', 'one', '2'))).toBe(0);
    expect(s.applyObject('DELETED', ks('a', 'one', '3'))).toBe(-1);
    expect(s.applyObject('DELETED', ks('a', 'one', '3'))).toBe(0);
    expect(s.applyObject('ADDED', { metadata: {} } as unknown as ClusterObject)).toBeUndefined();
    expect(pushed.map(c => c.op)).toEqual(['upsert', 'upsert', 'delete']);
  });

  it('keeps the newest maxEvents Events; an Event naming no involved object is ignored', () => {
    const { index, store: s } = store(2);
    const orphan = { ...event('orphan', '2026-01-01T00:00:09Z'), involvedObject: {} } as ClusterObject;
    s.replaceEvents([event('e2', '2026-01-01T00:00:02Z'), event('e1', '2026-01-01T00:00:01Z'), orphan]);
    expect([...index.events()].map(e => e.id).sort()).toEqual(['flux-system/e1', 'flux-system/e2']);
    expect(s.applyEvent('ADDED', event('pod', '2026-01-01T00:00:04Z', 'Pod'))).toBe(true);
    expect([...index.events()].map(e => e.id).sort()).toEqual(['flux-system/e2', 'flux-system/pod']);
    expect(s.applyEvent('ADDED', orphan)).toBe(false);
    expect(s.applyEvent('DELETED', event('e2', '2026-01-01T00:00:02Z'))).toBe(true);
    expect(index.eventCount).toBe(1);
    s.dropEvents();
    expect(index.eventCount).toBe(0);
  });

  it('a kind that goes away takes its objects with it', () => {
    const { index, pushed, store: s } = store();
    s.replaceObjects(KS, [ks('a', 'one', '1'), ks('b', 'two', '2')]);
    pushed.length = 0;
    s.dropObjects(KS);
    expect(index.size).toBe(0);
    expect(pushed.map(c => c.op)).toEqual(['delete', 'delete']);
  });
});
