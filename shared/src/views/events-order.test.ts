import { describe, expect, it } from 'vitest';
import { ClusterIndex } from '../index/cluster-index.js';
import type { FluxEvent } from '../kube/types.js';
import { goSort } from '../text/go-sort.js';
import { obj, parseFluxRef as r } from './__fixtures__/builders.js';
import { eventSortTime, listEvents } from './events.js';

// flux events sorts with Go's unstable sort.Sort over the API's list, then drops what is not about Flux
// kinds: ties (Events stamped in the same second, the common case for lastTimestamp) land where Go's
// algorithm puts them. goSort itself is checked against Go's own output in text/go-sort.test.ts; these tests
// check the list it is given: every Event in scope, in etcd key order, one list per --for target.

const SECOND = '2026-12-01T10:00:00Z';
const byKey = (a: FluxEvent, b: FluxEvent) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
let seq = 0;
function ev(
  namespace: string,
  name: string,
  kind: string,
  at = SECOND,
  extra: Partial<FluxEvent> = {},
): FluxEvent {
  seq++;
  return {
    id: `${namespace}/${name}`,
    namespace,
    type: 'Normal',
    reason: `R${seq}`,
    message: `m${seq}`,
    involvedObject: { kind, name: name.split('.')[0] ?? name, namespace },
    lastTimestamp: at,
    ...extra,
  };
}

function indexOf(events: FluxEvent[]): ClusterIndex {
  const index = new ClusterIndex();
  // Arrival order is not list order: insert reversed so nothing depends on it.
  for (const e of [...events].reverse()) index.upsertEvent(e);
  return index;
}

const fluxKinds = new Set(['Kustomization', 'HelmRelease', 'GitRepository', 'HelmChart', 'HelmRepository']);
const expected = (listed: FluxEvent[]) =>
  goSort([...listed], (a, b) => eventSortTime(a) < eventSortTime(b))
    .filter(e => fluxKinds.has(e.involvedObject.kind))
    .map(e => e.id);

describe('flux events order', () => {
  // 40 Events in three seconds, a third of them about Pods and ReplicaSets, over three namespaces whose names
  // make byte order differ from (namespace, name) order: "apps-b/" sorts before "apps/" since '-' < '/'.
  const events: FluxEvent[] = [];
  for (let i = 0; i < 40; i++) {
    const ns = ['apps', 'apps-b', 'flux-system'][i % 3] as string;
    const kind = i % 3 === 1 ? (i % 2 ? 'Pod' : 'ReplicaSet') : i % 2 ? 'Kustomization' : 'HelmRelease';
    // Three seconds, many Events in each, listed out of time order.
    const at = `2026-12-01T10:00:0${(i * 5) % 3}Z`;
    events.push(ev(ns, `obj${(i * 7) % 40}.18${String(i).padStart(2, '0')}`, kind, at));
  }
  const index = indexOf(events);
  const keyOrder = [...events].sort(byKey);

  it('sorts the whole list in etcd key order, non-Flux Events included, then filters', () => {
    expect(keyOrder.findIndex(e => e.namespace === 'apps-b')).toBeLessThan(
      keyOrder.findIndex(e => e.namespace === 'apps'),
    );
    const got = listEvents(index).map(e => e.id);
    expect(got).toEqual(expected(keyOrder));
    // Sorting only the Flux Events (what a filter-first implementation does) gives another order here.
    expect(got).not.toEqual(expected(keyOrder.filter(e => fluxKinds.has(e.involvedObject.kind))));
  });

  it('-n lists one namespace; --types filters after the sort', () => {
    const apps = keyOrder.filter(e => e.namespace === 'apps');
    expect(listEvents(index, { namespace: 'apps' }).map(e => e.id)).toEqual(expected(apps));
    expect(listEvents(index, { type: 'warning' })).toEqual([]);
  });

  it('--for Kind/name: the object list, then one list per referenced object, appended before the sort', () => {
    const idx = new ClusterIndex();
    idx.upsert(
      obj(r('Kustomization/flux-system/apps'), {
        spec: { sourceRef: { kind: 'GitRepository', name: 'fleet' } },
      }),
    );
    // Event names sort after the source's, so appending differs from sorting the lists together.
    const aboutApps = { involvedObject: { kind: 'Kustomization', name: 'apps', namespace: 'flux-system' } };
    const ks = [2, 1].map(i =>
      ev('flux-system', `zz.${i}`, 'Kustomization', `2026-12-01T10:00:0${i % 2}Z`, aboutApps),
    );
    const git = Array.from({ length: 14 }, (_, i) =>
      ev('flux-system', `fleet.${i}`, 'GitRepository', `2026-12-01T10:00:0${i % 2}Z`),
    );
    const other = ev('flux-system', 'apps.0', 'Kustomization', SECOND, {
      involvedObject: { kind: 'Kustomization', name: 'other', namespace: 'flux-system' },
    });
    for (const e of [...git, other, ...ks]) idx.upsertEvent(e);
    const got = listEvents(idx, { kind: 'Kustomization', name: 'apps', namespace: 'flux-system' }).map(
      e => e.id,
    );
    expect(got).toEqual(expected([...ks.sort(byKey), ...git.sort(byKey)]));
    // One list sorted as a whole (not appended per target) puts the ties elsewhere.
    expect(got).not.toEqual(expected([...ks, ...git].sort(byKey)));
    expect(got).not.toContain(other.id);
  });

  it('compares to the microsecond, and a later second always sorts after', () => {
    const a = ev('ns', 'a.1', 'Kustomization', SECOND, {
      lastTimestamp: undefined,
      eventTime: '2026-12-01T10:00:00.000002Z',
    });
    const b = ev('ns', 'b.1', 'Kustomization', SECOND, {
      lastTimestamp: undefined,
      eventTime: '2026-12-01T10:00:00.000001Z',
    });
    const c = ev('ns', 'c.1', 'Kustomization', '2026-12-01T09:59:59Z');
    expect(listEvents(indexOf([a, b, c])).map(e => e.id)).toEqual(['ns/c.1', 'ns/b.1', 'ns/a.1']);
  });
});
