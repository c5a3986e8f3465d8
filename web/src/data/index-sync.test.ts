import type { ClusterObject, ConnectionState } from '@fluxscope/shared';
import { describe, expect, it } from 'vitest';
import { applyBatch, fromSnapshot } from './cluster-state';
import { IndexSync } from './index-sync';

const connection: ConnectionState = { state: 'connected', since: '', demo: false };
const deploy = (name: string, rv: string): ClusterObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, namespace: 'app', uid: name, resourceVersion: rv },
});
const ref = (name: string) => ({ group: 'apps', kind: 'Deployment', namespace: 'app', name });

describe('IndexSync', () => {
  it('follows upserts and deletes, and does nothing for an unchanged state', () => {
    const sync = new IndexSync();
    const s0 = fromSnapshot({
      seq: 1,
      objects: [deploy('a', '1'), deploy('b', '1')],
      events: [],
      kinds: [],
      connection,
    });
    sync.sync(s0);
    expect(sync.index.size).toBe(2);
    const v0 = sync.sync(s0);
    expect(sync.sync(s0)).toBe(v0);

    const s1 = applyBatch(s0, {
      seq: 2,
      changes: [
        { op: 'upsert', object: deploy('a', '2') },
        { op: 'delete', ref: ref('b') },
        {
          op: 'event',
          event: {
            id: 'e',
            namespace: 'app',
            type: 'Normal',
            reason: 'r',
            message: 'm',
            involvedObject: { kind: 'Deployment', name: 'a', namespace: 'app' },
          },
        },
      ],
    });
    const flux0 = sync.fluxVersion;
    sync.sync(s1);
    expect(sync.fluxVersion).toBe(flux0);
    expect(sync.index.get(ref('a'))?.metadata.resourceVersion).toBe('2');
    expect(sync.index.get(ref('b'))).toBeUndefined();
    expect(sync.index.eventCount).toBe(1);

    const s2 = applyBatch(s1, {
      seq: 3,
      changes: [
        {
          op: 'upsert',
          object: { ...deploy('x', '1'), apiVersion: 'helm.toolkit.fluxcd.io/v2', kind: 'HelmRelease' },
        },
      ],
    });
    sync.sync(s2);
    expect(sync.fluxVersion).toBe(flux0 + 1);
  });

  it('tells the listeners of a changed Flux object after the sync, once, and no one else', () => {
    const sync = new IndexSync();
    const hr = (rv: string): ClusterObject => ({
      ...deploy('x', rv),
      apiVersion: 'helm.toolkit.fluxcd.io/v2',
      kind: 'HelmRelease',
    });
    const key = 'helm.toolkit.fluxcd.io/HelmRelease/app/x';
    const s0 = fromSnapshot({
      seq: 1,
      objects: [hr('1'), deploy('a', '1')],
      events: [],
      kinds: [],
      connection,
    });
    sync.sync(s0);
    expect(sync.get(key)?.metadata.resourceVersion).toBe('1');
    const heard: string[] = [];
    const stop = sync.subscribe(key, () => heard.push(sync.get(key)!.metadata.resourceVersion!));
    sync.subscribe('apps/Deployment/app/a', () => heard.push('deployment'));
    sync.notify();
    expect(heard).toEqual([]);
    const s1 = applyBatch(s0, { seq: 2, changes: [{ op: 'upsert', object: hr('2') }] });
    sync.sync(s1);
    expect(heard).toEqual([]);
    sync.notify();
    sync.notify();
    expect(heard).toEqual(['2']);
    stop();
    sync.sync(applyBatch(s1, { seq: 3, changes: [{ op: 'upsert', object: hr('3') }] }));
    sync.notify();
    expect(heard).toEqual(['2']);
  });
});
