/**
 * `flux events` (cmd/flux/events.go): Events about Flux kinds only, optionally `--for Kind[/name]` (then also
 * the events of the objects it references) and `--types`, sorted oldest first. O(events) per call.
 * With `all`, beyond flux: Events about objects of every kind (a Pod's BackOff, a Deployment's scaling).
 */
import { EVENT_KINDS, fluxKindByName } from '../kinds/registry.js';
import type { ClusterIndex } from '../index/cluster-index.js';
import type { FluxEvent } from '../kube/types.js';
import { chartSourceRefOf, namespaceOf, rec, sourceRefOf, str } from './refs.js';
import type { EventFilter } from './types.js';

const eventKinds = new Set(EVENT_KINDS.map(k => k.toLowerCase()));

/** SortableEvents' key: series.lastObservedTime, else lastTimestamp, else eventTime. */
export function eventSortTime(e: FluxEvent): number {
  const iso = e.series?.lastObservedTime || e.lastTimestamp || e.eventTime;
  const t = iso ? Date.parse(iso) : NaN;
  return Number.isNaN(t) ? -Infinity : t;
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
  const targets: Target[] = [];
  if (kind) {
    targets.push({
      kind,
      name: filter.name ?? '',
      ...(filter.namespace !== undefined ? { namespace: filter.namespace } : {}),
    });
    if (filter.name && filter.namespace !== undefined)
      targets.push(...referencedTargets(index, kind, filter.namespace, filter.name));
  }
  const matches = (e: FluxEvent): boolean => {
    if (!filter.all && !eventKinds.has(e.involvedObject.kind.toLowerCase())) return false;
    if (types && !types.has(e.type.toLowerCase())) return false;
    if (!kind) return filter.namespace === undefined || e.namespace === filter.namespace;
    return targets.some(
      t =>
        e.involvedObject.kind === t.kind &&
        (!t.name || e.involvedObject.name === t.name) &&
        (t.namespace === undefined || e.namespace === t.namespace),
    );
  };
  const out: FluxEvent[] = [];
  for (const e of index.events()) if (matches(e)) out.push(e);
  // flux uses sort.Sort (unstable); a stable sort keeps ties in a deterministic order.
  return out.sort((a, b) => eventSortTime(a) - eventSortTime(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
