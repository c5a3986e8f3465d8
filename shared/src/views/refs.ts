/**
 * How Flux objects point at each other (sourceRef, chartRef, dependsOn, status.helmChart, owner labels),
 * read defensively: specs come straight from the API server and may be incomplete or odd.
 */
import type { ObjRef } from '../inventory/ids.js';
import { refKey } from '../inventory/ids.js';
import { HELM_GROUP, KUSTOMIZE_GROUP, SOURCE_GROUP, fluxKindByName } from '../kinds/registry.js';
import type { ClusterIndex } from '../index/cluster-index.js';
import { refOf } from '../index/cluster-index.js';
import type { ClusterObject } from '../kube/types.js';
import { memoOnVersion } from './memo.js';

export type Json = Record<string, unknown>;

export const str = (v: unknown): string => (typeof v === 'string' ? v : '');
export const rec = (v: unknown): Json | undefined =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined;

/** A nested field, or undefined when any step is missing or not an object. */
export function field(obj: unknown, ...path: string[]): unknown {
  let cur: unknown = obj;
  for (const key of path) {
    const r = rec(cur);
    if (!r) return undefined;
    cur = r[key];
  }
  return cur;
}

/** The group of a Flux kind by its bare name; source.toolkit.fluxcd.io for unknown source-like kinds. */
export function groupOfKind(kind: string): string {
  return fluxKindByName(kind)?.group ?? SOURCE_GROUP;
}

/** A `{kind, name, namespace?}` reference, namespace defaulting to the referrer's (Flux's rule everywhere). */
export function crossRef(raw: unknown, defaultNamespace: string, defaultKind?: string): ObjRef | undefined {
  const r = rec(raw);
  if (!r) return undefined;
  const kind = str(r['kind']) || defaultKind || '';
  const name = str(r['name']);
  if (!kind || !name) return undefined;
  return { group: groupOfKind(kind), kind, namespace: str(r['namespace']) || defaultNamespace, name };
}

export function namespaceOf(obj: ClusterObject): string {
  return obj.metadata.namespace ?? '';
}

/** Kustomization / Terraform / ImageUpdateAutomation / HelmChart `spec.sourceRef`. */
export function sourceRefOf(obj: ClusterObject): ObjRef | undefined {
  return crossRef(obj.spec?.['sourceRef'], namespaceOf(obj));
}

/** HelmRelease `spec.chart.spec.sourceRef` (HelmRepository, GitRepository, Bucket). */
export function chartSourceRefOf(hr: ClusterObject): ObjRef | undefined {
  return crossRef(field(hr.spec, 'chart', 'spec', 'sourceRef'), namespaceOf(hr));
}

/** HelmRelease `spec.chartRef` (OCIRepository, HelmChart, ExternalArtifact), only when `spec.chart` is absent. */
export function chartRefOf(hr: ClusterObject): ObjRef | undefined {
  if (rec(hr.spec?.['chart'])) return undefined;
  return crossRef(hr.spec?.['chartRef'], namespaceOf(hr));
}

/** `"<ns>/<name>"` as in HelmRelease status.helmChart. */
function parseNamespacedName(value: string, defaultNamespace: string): { namespace: string; name: string } {
  const slash = value.indexOf('/');
  return slash < 0
    ? { namespace: defaultNamespace, name: value }
    : { namespace: value.slice(0, slash), name: value.slice(slash + 1) };
}

/**
 * The HelmChart a HelmRelease uses: `status.helmChart` when set, else the name helm-controller gives it
 * (`<sourceNs>/<hrNs>-<hrName>`). `fromStatus` tells whether flux trace would print it (it reads only status).
 */
export function helmChartRefOf(hr: ClusterObject): { ref: ObjRef; fromStatus: boolean } | undefined {
  const status = str(hr.status?.['helmChart']);
  if (status) {
    const { namespace, name } = parseNamespacedName(status, namespaceOf(hr));
    if (name) return { ref: { group: SOURCE_GROUP, kind: 'HelmChart', namespace, name }, fromStatus: true };
  }
  const source = chartSourceRefOf(hr);
  if (!source) return undefined;
  const name = `${namespaceOf(hr)}-${hr.metadata.name}`;
  return {
    ref: { group: SOURCE_GROUP, kind: 'HelmChart', namespace: source.namespace, name },
    fromStatus: false,
  };
}

/** `spec.dependsOn[]` as refs of the same kind (namespace defaults to the object's). */
export function dependsOnOf(obj: ClusterObject): ObjRef[] {
  const raw = obj.spec?.['dependsOn'];
  if (!Array.isArray(raw)) return [];
  const ref = refOf(obj);
  const out: ObjRef[] = [];
  for (const dep of raw) {
    const name = str(rec(dep)?.['name']);
    if (name)
      out.push({
        group: ref.group,
        kind: ref.kind,
        namespace: str(rec(dep)?.['namespace']) || ref.namespace,
        name,
      });
  }
  return out;
}

export const kustomizationRef = (namespace: string, name: string): ObjRef => ({
  group: KUSTOMIZE_GROUP,
  kind: 'Kustomization',
  namespace,
  name,
});

export const helmReleaseRef = (namespace: string, name: string): ObjRef => ({
  group: HELM_GROUP,
  kind: 'HelmRelease',
  namespace,
  name,
});

/** flux's isManagedByFlux: `<group>/name` must be non-empty; `<group>/namespace` may be absent (then ''). */
export function fluxOwnerLabel(
  obj: ClusterObject,
  group: string,
): { namespace: string; name: string } | undefined {
  const labels = obj.metadata.labels;
  const name = labels?.[`${group}/name`];
  if (!name) return undefined;
  return { name, namespace: labels?.[`${group}/namespace`] ?? '' };
}

/**
 * The Kustomization that applied an object: its kustomize-controller owner labels, else the first
 * Kustomization whose inventory lists it. O(1) per call through the index.
 */
export function appliedBy(index: ClusterIndex, ref: ObjRef, obj?: ClusterObject): ObjRef | undefined {
  const label = obj ? fluxOwnerLabel(obj, KUSTOMIZE_GROUP) : undefined;
  if (label) return kustomizationRef(label.namespace, label.name);
  return index.inventoryParentsOf(ref).find(p => p.group === KUSTOMIZE_GROUP && p.kind === 'Kustomization');
}

/** `main@sha1:0123456789…` -> `main@0123456`; `sha256:abcd…` -> `abcd…` (7 hex); plain revisions unchanged. */
export function shortRevision(revision: string): string {
  return revision.replace(/(?:sha1|sha256|sha384|sha512):([a-f0-9]{7})[a-f0-9]*/g, '$1');
}

/** Each object's `dependsOn` turned around, built once per index version (one pass over both kinds). */
function dependedOnBy(index: ClusterIndex): Map<string, ObjRef[]> {
  return memoOnVersion(index, 'refs/dependedOnBy', () => {
    const out = new Map<string, ObjRef[]>();
    for (const [group, kind] of [
      [KUSTOMIZE_GROUP, 'Kustomization'],
      [HELM_GROUP, 'HelmRelease'],
    ] as const) {
      for (const obj of index.ofKind(group, kind)) {
        const by = refOf(obj);
        for (const dep of dependsOnOf(obj)) {
          const key = refKey(dep);
          const list = out.get(key);
          if (list) list.push(by);
          else out.set(key, [by]);
        }
      }
    }
    return out;
  });
}

/**
 * The objects whose `spec.dependsOn` names `ref` directly (the reverse of `dependsOnOf`): Kustomizations
 * for a Kustomization, HelmReleases for a HelmRelease. O(1) after one O(objects) pass per index version.
 */
export function requiredBy(index: ClusterIndex, ref: ObjRef): ObjRef[] {
  return dependedOnBy(index).get(refKey(ref)) ?? [];
}
