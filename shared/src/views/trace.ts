/**
 * `flux trace` (cmd/flux/trace.go) over the index, and further: the Kustomizations above the reconciler up
 * to the root. O(length of the chain): keyed lookups only. Referenced objects that are absent become links
 * with `missing: true`; only an absent traced object throws (NotFoundError), unless an inventory lists it
 * (Secrets and unwatched kinds are never cached, yet Flux applied them): then it traces through that inventory.
 */
import type { ObjRef } from '../inventory/ids.js';
import { formatObjRef, refKey } from '../inventory/ids.js';
import { HELM_GROUP, KUSTOMIZE_GROUP, isFluxKind } from '../kinds/registry.js';
import type { ClusterIndex } from '../index/cluster-index.js';
import { refOf } from '../index/cluster-index.js';
import type { ClusterObject } from '../kube/types.js';
import { conditionOf, splitApiVersion } from '../kube/types.js';
import { fluxStatus } from '../status/flux-status.js';
import { healthOf } from '../status/health.js';
import { NotFoundError } from './errors.js';
import type { Json } from './refs.js';
import {
  appliedBy, chartRefOf, chartSourceRefOf, field, fluxOwnerLabel, helmChartRefOf, helmReleaseRef,
  kustomizationRef, rec, sourceRefOf, str,
} from './refs.js'; // prettier-ignore
import type { TraceLink, TraceResult } from './types.js';

type Details = TraceLink['details'];

const OCI_REVISION = 'org.opencontainers.image.revision';
const OCI_SOURCE = 'org.opencontainers.image.source';

function refLine(spec: Json | undefined, kind: string): Details {
  const ref = rec(spec?.['ref']);
  if (!ref) return [];
  if (str(ref['tag'])) return [{ label: 'Tag', value: str(ref['tag']) }];
  if (str(ref['semver'])) return [{ label: 'Tag', value: str(ref['semver']) }];
  if (kind === 'GitRepository' && str(ref['branch'])) return [{ label: 'Branch', value: str(ref['branch']) }];
  if (kind === 'OCIRepository' && str(ref['digest'])) return [{ label: 'Digest', value: str(ref['digest']) }];
  return [];
}

/** The facts of a card, in flux trace's line order (flux prints Path, Revision, URL, Chart, Version even if empty). */
function detailsOf(obj: ClusterObject): Details {
  const spec = obj.spec;
  const artifact = rec(obj.status?.['artifact']);
  const revision: Details = artifact ? [{ label: 'Revision', value: str(artifact['revision']) }] : [];
  const target: Details = str(spec?.['targetNamespace'])
    ? [{ label: 'Target', value: str(spec?.['targetNamespace']) }]
    : [];
  switch (obj.kind) {
    case 'Kustomization': {
      const source = sourceRefOf(obj);
      return [
        ...target,
        { label: 'Path', value: str(spec?.['path']) },
        { label: 'Revision', value: str(obj.status?.['lastAppliedRevision']) },
        ...(source ? [{ label: 'Source', value: formatObjRef(source) }] : []),
      ];
    }
    case 'HelmRelease': {
      const chart = str(field(spec, 'chart', 'spec', 'chart'));
      const version = str(field(spec, 'chart', 'spec', 'version'));
      const source = chartSourceRefOf(obj) ?? chartRefOf(obj);
      return [
        ...target,
        { label: 'Revision', value: str(obj.status?.['lastAttemptedRevision']) },
        ...(chart ? [{ label: 'Chart', value: version ? `${chart}@${version}` : chart }] : []),
        ...(source ? [{ label: 'Source', value: formatObjRef(source) }] : []),
      ];
    }
    case 'HelmChart':
      return [
        { label: 'Chart', value: str(spec?.['chart']) },
        { label: 'Version', value: str(spec?.['version']) },
        ...revision,
      ];
    case 'GitRepository':
    case 'OCIRepository': {
      const out: Details = [
        { label: 'URL', value: str(spec?.['url']) },
        ...refLine(spec, obj.kind),
        ...revision,
      ];
      const metadata = rec(artifact?.['metadata']);
      if (obj.kind === 'OCIRepository' && metadata) {
        out.push({ label: 'Origin Revision', value: str(metadata[OCI_REVISION]) });
        out.push({ label: 'Origin Source', value: str(metadata[OCI_SOURCE]) });
      }
      return out;
    }
    case 'HelmRepository':
    case 'Bucket':
      return [
        {
          label: obj.kind === 'Bucket' ? 'Endpoint' : 'URL',
          value: str(spec?.['url'] ?? spec?.['endpoint']),
        },
        ...revision,
      ];
    case 'ExternalArtifact': {
      const source = rec(spec?.['sourceRef']);
      const value = source
        ? `${str(source['kind'])}/${str(source['namespace']) || (obj.metadata.namespace ?? '')}/${str(source['name'])}`
        : '';
      return [{ label: 'Source', value }, ...revision];
    }
    default:
      return [];
  }
}

function link(index: ClusterIndex, ref: ObjRef, role: TraceLink['role'], extra = false): TraceLink {
  const obj = index.get(ref);
  const out: TraceLink = { ref, role, details: [] };
  if (extra) out.extra = true;
  if (!obj) {
    out.missing = true;
    return out;
  }
  if (isFluxKind(ref.group, ref.kind)) {
    out.status = fluxStatus(obj);
    const ready = conditionOf(obj, 'Ready');
    if (ready) out.readyCondition = ready;
  } else out.health = healthOf(obj);
  out.details = detailsOf(obj);
  return out;
}

interface OwnerHit {
  owner: { namespace: string; name: string };
  /** ownerReferences walked to reach the labelled object (nearest first). */
  path: ClusterObject[];
}

/** flux's isOwnerManagedByFlux: the object's labels, else each owner's (a failed GET ends the search). */
function ownerManagedBy(
  index: ClusterIndex,
  obj: ClusterObject,
  group: string,
  seen = new Set<string>(),
): OwnerHit | undefined {
  const own = fluxOwnerLabel(obj, group);
  if (own) return { owner: own, path: [] };
  seen.add(refKey(refOf(obj)));
  for (const reference of obj.metadata.ownerReferences ?? []) {
    const ref = {
      group: splitApiVersion(reference.apiVersion ?? '').group,
      kind: reference.kind,
      name: reference.name,
    };
    const owner =
      (reference.uid ? index.getByUid(reference.uid) : undefined) ??
      index.get({ ...ref, namespace: obj.metadata.namespace ?? '' }) ??
      index.get({ ...ref, namespace: '' });
    if (!owner || seen.has(refKey(refOf(owner)))) return undefined;
    const label = fluxOwnerLabel(owner, group);
    if (label) return { owner: label, path: [owner] };
    if (owner.metadata.ownerReferences?.length) {
      const deeper = ownerManagedBy(index, owner, group, seen);
      return deeper ? { owner: deeper.owner, path: [owner, ...deeper.path] } : undefined;
    }
  }
  return undefined;
}

function helmChain(index: ClusterIndex, hr: ClusterObject): TraceLink[] {
  const chain: TraceLink[] = [];
  const chart = helmChartRefOf(hr);
  const chartRef = chartRefOf(hr);
  if (chart && !chartRef) chain.push(link(index, chart.ref, 'chart', !chart.fromStatus));
  const source = chartSourceRefOf(hr);
  if (source) chain.push(link(index, source, 'source', source.kind === 'Bucket'));
  else if (chartRef?.kind === 'HelmChart') {
    chain.push(link(index, chartRef, 'chart', true));
    const chartObj = index.get(chartRef);
    const chartSource = chartObj && sourceRefOf(chartObj);
    if (chartSource) chain.push(link(index, chartSource, 'source', true));
  } else if (chartRef) chain.push(link(index, chartRef, 'source'));
  return chain;
}

function kustomizationSource(index: ClusterIndex, ks: ClusterObject): TraceLink[] {
  const source = sourceRefOf(ks);
  return source ? [link(index, source, 'source', source.kind === 'Bucket')] : [];
}

/** Parent Kustomizations from the one that applied `start` up to the root, each followed by nothing but its facts. */
function ancestorsOf(index: ClusterIndex, start: ObjRef): TraceLink[] {
  const out: TraceLink[] = [];
  const seen = new Set([refKey(start)]);
  let current = start;
  let currentObj = index.get(start);
  for (;;) {
    const parent = appliedBy(index, current, currentObj);
    if (
      !parent ||
      seen.has(refKey(parent)) ||
      (parent.kind === current.kind && parent.name === current.name && parent.namespace === current.namespace)
    )
      break;
    seen.add(refKey(parent));
    out.push(link(index, parent, 'parent'));
    currentObj = index.get(parent);
    if (!currentObj) break;
    current = parent;
  }
  // The root's source: where everything above the reconciler comes from.
  const root = out.at(-1);
  const rootObj = root && !root.missing ? index.get(root.ref) : undefined;
  if (rootObj) out.push(...kustomizationSource(index, rootObj));
  return out;
}

/** Who applied an object absent from the cache: a Kustomization or HelmRelease whose inventory lists it. */
function inventoryOwner(
  index: ClusterIndex,
  ref: ObjRef,
): { group: string; owner: { namespace: string; name: string } } | undefined {
  const parents = index.inventoryParentsOf(ref);
  const parent = parents.find(p => p.group === KUSTOMIZE_GROUP) ?? parents.find(p => p.group === HELM_GROUP);
  return parent && { group: parent.group, owner: { namespace: parent.namespace, name: parent.name } };
}

export function buildTrace(index: ClusterIndex, ref: ObjRef): TraceResult {
  const obj = index.get(ref);
  let group: string | undefined;
  let hit: OwnerHit | undefined;
  if (obj) {
    for (const g of [KUSTOMIZE_GROUP, HELM_GROUP]) {
      hit = ownerManagedBy(index, obj, g);
      if (hit) {
        group = g;
        break;
      }
    }
  } else {
    const viaInventory = inventoryOwner(index, ref);
    if (!viaInventory) throw new NotFoundError(ref);
    group = viaInventory.group;
    hit = { owner: viaInventory.owner, path: [] };
  }
  const chain: TraceLink[] = [link(index, ref, 'object')];
  if (!hit || !group) return { object: ref, managed: false, chain, ancestors: [] };
  for (const owner of hit.path) chain.push(link(index, refOf(owner), 'owner', true));
  const reconcilerRef =
    group === KUSTOMIZE_GROUP
      ? kustomizationRef(hit.owner.namespace, hit.owner.name)
      : helmReleaseRef(hit.owner.namespace, hit.owner.name);
  chain.push(link(index, reconcilerRef, 'reconciler'));
  const reconciler = index.get(reconcilerRef);
  if (reconciler)
    chain.push(
      ...(group === KUSTOMIZE_GROUP ? kustomizationSource(index, reconciler) : helmChain(index, reconciler)),
    );
  return {
    object: ref,
    managed: true,
    chain,
    ancestors: reconciler ? ancestorsOf(index, reconcilerRef) : [],
  };
}
