/**
 * What `flux reconcile|suspend|resume` do, as pure rules over an object: which kinds take actions, which
 * objects refuse a reconcile, the exact merge patches, and the source `--with-source` reconciles first
 * (flux2 cmd/flux reconcile.go, reconcile_with_source.go, suspend.go, resume.go). The server applies them;
 * the web uses the same rules to decide which buttons to offer.
 */
import { FLUX_KINDS, HELM_GROUP, KUSTOMIZE_GROUP, SOURCE_GROUP, type KindInfo } from '../kinds/registry.js';
import { CHART_REF_KINDS, KUSTOMIZATION_SOURCE_KINDS } from '../kinds/roles.js';
import type { ClusterObject } from '../kube/types.js';
import type { ObjRef } from '../inventory/ids.js';
import type { ReconcileOptions } from '../wire/actions.js';

export const FLUX_ACTIONS = ['reconcile', 'suspend', 'resume'] as const;
export type FluxAction = (typeof FLUX_ACTIONS)[number];

export const REQUESTED_AT_ANNOTATION = 'reconcile.fluxcd.io/requestedAt';
export const FORCE_AT_ANNOTATION = 'reconcile.fluxcd.io/forceAt';
export const RESET_AT_ANNOTATION = 'reconcile.fluxcd.io/resetAt';

export const SUSPENDED_MESSAGE = 'resource is suspended';
export const STATIC_MESSAGE = 'reconciliation not supported by the object';

/**
 * Kinds actions apply to: every Flux kind but ExternalArtifact (produced by other controllers; nothing to
 * reconcile or suspend, and the chart grants no patch on it).
 */
export const ACTION_KINDS: readonly KindInfo[] = FLUX_KINDS.filter(k => k.kind !== 'ExternalArtifact');

export function actionKindInfo(group: string, kind: string): KindInfo | undefined {
  return ACTION_KINDS.find(k => k.group === group && k.kind === kind);
}

/** Objects without a reconciler loop: Alert and Provider (no status), HelmRepository of type oci. */
export function isStaticObject(obj: ClusterObject): boolean {
  if (obj.kind === 'Alert' || obj.kind === 'Provider') return true;
  return obj.kind === 'HelmRepository' && obj.spec?.['type'] === 'oci';
}

/** Why `flux reconcile` would refuse this object, or undefined when it would request a reconcile. */
export function reconcileRefusal(obj: ClusterObject): string | undefined {
  if (obj.spec?.['suspend'] === true) return SUSPENDED_MESSAGE;
  if (isStaticObject(obj)) return STATIC_MESSAGE;
  return undefined;
}

/** Whether force/reset apply (only `flux reconcile helmrelease` has those flags). */
export function takesForceAndReset(ref: { group: string; kind: string }): boolean {
  return ref.group === HELM_GROUP && ref.kind === 'HelmRelease';
}

export type MergePatch = Record<string, unknown>;

/** `flux reconcile`: requestedAt (and for a HelmRelease forceAt/resetAt) set to the same timestamp. */
export function reconcilePatch(requestedAt: string, options: ReconcileOptions = {}): MergePatch {
  const annotations: Record<string, string> = { [REQUESTED_AT_ANNOTATION]: requestedAt };
  if (options.force) annotations[FORCE_AT_ANNOTATION] = requestedAt;
  if (options.reset) annotations[RESET_AT_ANNOTATION] = requestedAt;
  return { metadata: { annotations } };
}

/** `flux suspend`. */
export function suspendPatch(): MergePatch {
  return { spec: { suspend: true } };
}

/**
 * `flux resume`: suspend=false is omitted by `omitempty`, so the merge patch removes the field; a
 * reconcile is requested in the same patch so the controller acts at once (static objects have no loop).
 */
export function resumePatch(obj: ClusterObject, requestedAt: string): MergePatch {
  if (isStaticObject(obj)) return { spec: { suspend: null } };
  return { metadata: { annotations: { [REQUESTED_AT_ANNOTATION]: requestedAt } }, spec: { suspend: null } };
}

interface SourceRefSpec {
  kind?: unknown;
  name?: unknown;
  namespace?: unknown;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/**
 * The source `--with-source` reconciles first: a Kustomization's Git/OCI/Bucket source; a HelmRelease's
 * HelmChart `<hrNs>-<hrName>` in the chart's sourceRef namespace, or its chartRef OCIRepository/HelmChart.
 * Undefined when there is none flux would reconcile (e.g. an ExternalArtifact).
 */
export function withSourceTarget(obj: ClusterObject): ObjRef | undefined {
  const namespace = obj.metadata.namespace ?? '';
  const spec = obj.spec ?? {};
  if (obj.kind === 'Kustomization') {
    const ref = spec['sourceRef'] as SourceRefSpec | undefined;
    const kind = str(ref?.kind);
    const name = str(ref?.name);
    if (!kind || !name || !KUSTOMIZATION_SOURCE_KINDS.includes(kind)) return undefined;
    return { group: SOURCE_GROUP, kind, namespace: str(ref?.namespace) ?? namespace, name };
  }
  if (obj.kind === 'HelmRelease') {
    const chartRef = spec['chartRef'] as SourceRefSpec | undefined;
    if (chartRef) {
      const kind = str(chartRef.kind);
      const name = str(chartRef.name);
      if (!kind || !name || !CHART_REF_KINDS.includes(kind)) return undefined;
      return { group: SOURCE_GROUP, kind, namespace: str(chartRef.namespace) ?? namespace, name };
    }
    const chart = spec['chart'] as { spec?: { sourceRef?: SourceRefSpec } } | undefined;
    const sourceNamespace = str(chart?.spec?.sourceRef?.namespace) ?? namespace;
    return {
      group: SOURCE_GROUP,
      kind: 'HelmChart',
      namespace: sourceNamespace,
      name: `${namespace}-${obj.metadata.name}`,
    };
  }
  return undefined;
}

/** Kinds `--with-source` means something for. */
export function takesWithSource(ref: { group: string; kind: string }): boolean {
  return (
    (ref.group === KUSTOMIZE_GROUP && ref.kind === 'Kustomization') ||
    (ref.group === HELM_GROUP && ref.kind === 'HelmRelease')
  );
}

/**
 * Go's `time.Now().Format(time.RFC3339Nano)` for a UTC time given in nanoseconds since the epoch: the
 * fraction has trailing zeros trimmed and disappears when zero (2026-11-27T15:13:51.1234Z, ...:51Z).
 */
export function formatRFC3339Nano(epochNs: bigint): string {
  const ms = epochNs / 1_000_000n;
  const nanos = Number(epochNs % 1_000_000_000n);
  const whole = new Date(Number(ms)).toISOString().slice(0, 19);
  const fraction = nanos === 0 ? '' : `.${String(nanos).padStart(9, '0').replace(/0+$/, '')}`;
  return `${whole}${fraction}Z`;
}
