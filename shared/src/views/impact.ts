/**
 * "What depends on this" for a Flux object: Kustomizations and HelmReleases whose dependsOn chain reaches
 * it, objects using it as their source, HelmReleases whose chart comes from it (through their HelmChart or
 * chartRef), the Flux objects it applies, and, recursively, what depends on those; with the workloads
 * applied under all of them counted. Pure over the index; O(Flux objects) per level of the walk.
 */
import type { ClusterIndex } from '../index/cluster-index.js';
import { refOf } from '../index/cluster-index.js';
import type { ObjRef } from '../inventory/ids.js';
import { refKey } from '../inventory/ids.js';
import { HELM_GROUP, KUSTOMIZE_GROUP, isFluxKind } from '../kinds/registry.js';
import type { Impact, ImpactEntry } from '../wire/helm.js';
import { memoOnVersion } from './memo.js';
import { chartRefOf, chartSourceRefOf, helmChartRefOf, requiredBy, sourceRefOf } from './refs.js';

const WORKLOADS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob']);

/** Who uses each object as a source or chart, built once per index version (one pass over Flux objects). */
function usersByTarget(index: ClusterIndex): Map<string, Array<[ObjRef, ImpactEntry['via']]>> {
  return memoOnVersion(index, 'impact/users', () => {
    const out = new Map<string, Array<[ObjRef, ImpactEntry['via']]>>();
    const add = (target: ObjRef | undefined, user: ObjRef, via: ImpactEntry['via']) => {
      if (!target) return;
      const key = refKey(target);
      const list = out.get(key);
      if (list) list.push([user, via]);
      else out.set(key, [[user, via]]);
    };
    for (const obj of index.fluxObjects()) {
      const r = refOf(obj);
      add(sourceRefOf(obj), r, 'source');
      if (r.group === HELM_GROUP && r.kind === 'HelmRelease') {
        // A HelmRelease's chart comes from its HelmChart (spec.chart) or its chartRef; a HelmRepository
        // reaches the release through that HelmChart, a Git or Bucket chart source directly as well.
        add(chartRefOf(obj), r, 'chart');
        add(helmChartRefOf(obj)?.ref, r, 'chart');
        const chartSource = chartSourceRefOf(obj);
        if (chartSource?.kind !== 'HelmRepository') add(chartSource, r, 'chart');
      }
    }
    return out;
  });
}

export function impactOf(index: ClusterIndex, root: ObjRef): Impact {
  const users = usersByTarget(index);
  const seen = new Set<string>([refKey(root)]);
  const dependents: ImpactEntry[] = [];
  const counted = new Set<string>();
  const counts = { kustomizations: 0, helmReleases: 0, otherFlux: 0, workloads: 0, objects: 0 };
  let frontier: Array<{ ref: ObjRef; depth: number }> = [{ ref: root, depth: 0 }];

  const countApplied = (ref: ObjRef, next: Array<{ ref: ObjRef; depth: number }>, depth: number) => {
    for (const entry of index.inventoryOf(ref) ?? []) {
      const child = entry.ref;
      if (!child) continue;
      if (isFluxKind(child.group, child.kind)) {
        if (!index.get(child) || seen.has(refKey(child))) continue;
        seen.add(refKey(child));
        dependents.push({ ref: child, via: 'applied', from: ref, depth: depth + 1 });
        next.push({ ref: child, depth: depth + 1 });
        continue;
      }
      const key = refKey(child);
      if (counted.has(key)) continue;
      counted.add(key);
      counts.objects++;
      if (WORKLOADS.has(child.kind)) counts.workloads++;
    }
  };

  while (frontier.length) {
    const next: Array<{ ref: ObjRef; depth: number }> = [];
    for (const { ref, depth } of frontier) {
      const add = (r: ObjRef, via: ImpactEntry['via']) => {
        if (seen.has(refKey(r))) return;
        seen.add(refKey(r));
        dependents.push({ ref: r, via, from: ref, depth: depth + 1 });
        next.push({ ref: r, depth: depth + 1 });
      };
      for (const r of requiredBy(index, ref)) add(r, 'dependsOn');
      for (const [r, via] of users.get(refKey(ref)) ?? []) add(r, via);
      countApplied(ref, next, depth);
    }
    frontier = next;
  }
  for (const d of dependents) {
    if (d.ref.group === KUSTOMIZE_GROUP && d.ref.kind === 'Kustomization') counts.kustomizations++;
    else if (d.ref.group === HELM_GROUP && d.ref.kind === 'HelmRelease') counts.helmReleases++;
    else counts.otherFlux++;
  }
  return { dependents, counts };
}

/** One line for a confirmation: "3 Kustomizations, 2 HelmReleases and 14 workloads depend on it". */
export function impactSummary(impact: Impact): string {
  const c = impact.counts;
  const parts: string[] = [];
  const n = (count: number, one: string, many: string) => {
    if (count) parts.push(`${count} ${count === 1 ? one : many}`);
  };
  n(c.kustomizations, 'Kustomization', 'Kustomizations');
  n(c.helmReleases, 'HelmRelease', 'HelmReleases');
  n(c.otherFlux, 'other Flux object', 'other Flux objects');
  n(c.workloads, 'workload', 'workloads');
  if (parts.length === 0)
    return c.objects ? `${c.objects} applied object(s), no workloads` : 'nothing depends on it';
  const last = parts.pop()!;
  return `${parts.length ? `${parts.join(', ')} and ` : ''}${last}${c.objects > c.workloads ? ` (${c.objects} applied objects in all)` : ''}`;
}
