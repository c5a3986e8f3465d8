/**
 * `flux events` (cmd/flux/events.go): Events about Flux kinds only, optionally `--for Kind[/name]` (then also
 * the events of the objects it references) and `--types`, sorted oldest first. O(events log events) per call.
 *
 * The order is flux's to the last tie. flux lists every Event in scope (all kinds, in the API's list order:
 * etcd keys, `<namespace>/<name>` byte by byte), with `--for` one list per object appended in turn, sorts that
 * whole list with Go's unstable `sort.Sort` by time, and only then drops the Events not about Flux kinds and
 * those of other types. Ties (Events stamped in the same second) land where Go's algorithm puts them over
 * that input, so the index keeps every Event and this replays the same steps.
 * With `all`, beyond flux: Events about objects of every kind (a Pod's BackOff, a Deployment's scaling).
 */
import { EVENT_KINDS, fluxKindByName } from '../kinds/registry.js';
import type { ClusterIndex } from '../index/cluster-index.js';
import type { FluxEvent } from '../kube/types.js';
import { goSort } from '../text/go-sort.js';
import { chartSourceRefOf, namespaceOf, rec, sourceRefOf, str } from './refs.js';
import type { EventFilter } from './types.js';

const eventKinds = new Set(EVENT_KINDS.map(k => k.toLowerCase()));

/** SortableEvents' key in milliseconds: series.lastObservedTime, else lastTimestamp, else eventTime. */
export function eventSortTime(e: FluxEvent): number {
  const t = eventMicros(e);
  return t === -Infinity ? t : Math.trunc(t / 1000);
}

const GO_ZERO_TIME = Date.parse('0001-01-01T00:00:00Z');

/**
 * The same key in microseconds, as flux compares it (Event times are RFC 3339 with up to microseconds).
 * Absent, unparsable and Go's zero time all sort first, alike.
 */
function eventMicros(e: FluxEvent): number {
  const iso = e.series?.lastObservedTime || e.lastTimestamp || e.eventTime;
  const ms = iso ? Date.parse(iso) : NaN;
  if (!iso || Number.isNaN(ms) || ms <= GO_ZERO_TIME) return -Infinity;
  const frac = /\.(\d+)/.exec(iso)?.[1] ?? '';
  // Date.parse keeps milliseconds; the 4th to 6th fractional digits are the microseconds it drops.
  return ms * 1000 + Number((frac + '000000').slice(3, 6));
}

/** The order the API lists Events in: by etcd key, `<namespace>/<name>` compared byte by byte. */
function byListOrder(a: FluxEvent, b: FluxEvent): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

interface Target {
  kind: string;
  name: string;
  namespace?: string;
}

/** The objects whose events `--for Kind/name` adds (flux's per-kind reference table). */
function referencedTargets(index: ClusterIndex, kind: string, namespace: string, name: string): Target[] {
  const info = fluxKindByName(kind);
  const obj = info && index.get({ group: info.group, kind: info.kind, namespace, name });
  if (!obj) return [];
  switch (obj.kind) {
    case 'Kustomization':
    case 'HelmChart': {
      const src = sourceRefOf(obj);
      return src ? [{ kind: src.kind, name: src.name, namespace: src.namespace }] : [];
    }
    case 'HelmRelease': {
      const src = chartSourceRefOf(obj);
      if (!src) return [];
      return [
        src,
        { kind: 'HelmChart', name: `${namespaceOf(obj)}-${obj.metadata.name}`, namespace: src.namespace },
      ];
    }
    case 'Alert': {
      const provider = str(rec(obj.spec?.['providerRef'])?.['name']);
      return provider ? [{ kind: 'Provider', name: provider, namespace }] : [];
    }
    case 'ImagePolicy': {
      const repo = rec(obj.spec?.['imageRepositoryRef']);
      const repoName = str(repo?.['name']);
      return repoName
        ? [{ kind: 'ImageRepository', name: repoName, namespace: str(repo?.['namespace']) || namespace }]
        : [];
    }
    default:
      return [];
  }
}

export function listEvents(index: ClusterIndex, filter: EventFilter = {}): FluxEvent[] {
  const types = filter.type
    ? new Set(
        filter.type
          .split(',')
          .map(t => t.trim().toLowerCase())
          .filter(Boolean),
      )
    : undefined;
  const kind = filter.kind ? (fluxKindByName(filter.kind)?.kind ?? filter.kind) : undefined;
  const all = [...index.events()];
  const inScope = (e: FluxEvent, t: Target | undefined, namespace: string | undefined): boolean =>
    (namespace === undefined || e.namespace === namespace) &&
    (!t || (e.involvedObject.kind === t.kind && (!t.name || e.involvedObject.name === t.name)));
  // One API list per target, each in list order, appended in turn as flux does.
  const lists: FluxEvent[][] = [];
  if (!kind) {
    lists.push(all.filter(e => inScope(e, undefined, filter.namespace)));
  } else {
    lists.push(all.filter(e => inScope(e, { kind, name: filter.name ?? '' }, filter.namespace)));
    if (filter.name && filter.namespace !== undefined) {
      for (const ref of referencedTargets(index, kind, filter.namespace, filter.name))
        lists.push(all.filter(e => inScope(e, ref, ref.namespace)));
    }
  }
  const listed = lists.flatMap(list => list.sort(byListOrder));
  goSort(listed, (a, b) => eventMicros(a) < eventMicros(b));
  return listed.filter(
    e =>
      (filter.all || eventKinds.has(e.involvedObject.kind.toLowerCase())) &&
      (!types || types.has(e.type.toLowerCase())),
  );
}
