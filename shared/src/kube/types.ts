/**
 * The slice of the Kubernetes object model Fluxscope reads. Objects arrive as JSON from the API server
 * (through @kubernetes/client-node on the server, through our own API in the browser), so these are
 * structural types, deliberately loose where Flux's CRDs evolve (spec and status stay open records).
 */
import type { CrdSummary, WorkloadStatus } from '../wire/diagnostics.js';

export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
}

export interface ObjectMeta {
  name: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: OwnerReference[];
  finalizers?: string[];
  managedFields?: unknown[];
}

export interface Condition {
  type: string;
  status: 'True' | 'False' | 'Unknown' | string;
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
  observedGeneration?: number;
}

/** Health of an ordinary (non-Flux) object, in kstatus' vocabulary plus `Exists` for kinds without a status model. */
export type HealthStatus = 'Current' | 'InProgress' | 'Failed' | 'Terminating' | 'Unknown' | 'Exists';

export interface Health {
  status: HealthStatus;
  message: string;
}

/**
 * An object as Fluxscope stores and ships it. Flux objects keep spec and status (managedFields stripped);
 * objects that only appear in inventories are slim: metadata without annotations, no spec or status,
 * and the `health` computed from the full object before it was slimmed.
 */
export interface ClusterObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  spec?: Record<string, unknown>;
  status?: Record<string, unknown>;
  /** Only on slim objects. */
  health?: Health;
  /** Only on slim workloads (Deployment, StatefulSet, DaemonSet, ReplicaSet, Pod, Job, CronJob). */
  workload?: WorkloadStatus;
  /** Only on slim CustomResourceDefinitions. */
  crd?: CrdSummary;
  /** Any other top-level fields (data, rules, type...) are dropped for slim objects and kept for Flux objects. */
  [field: string]: unknown;
}

/** A core/v1 Event about a Flux object, reduced to what `flux events` prints and the UI shows. */
export interface FluxEvent {
  /** namespace/name of the Event object itself: its identity for updates. */
  id: string;
  namespace: string;
  type: 'Normal' | 'Warning' | string;
  reason: string;
  message: string;
  involvedObject: { kind: string; name: string; namespace: string; apiVersion?: string; uid?: string };
  count?: number;
  firstTimestamp?: string;
  lastTimestamp?: string;
  eventTime?: string;
  series?: { count: number; lastObservedTime: string };
  source?: string;
  resourceVersion?: string;
}

/** `group/version` from an apiVersion, split; core objects have the empty group. */
export function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.indexOf('/');
  return slash < 0
    ? { group: '', version: apiVersion }
    : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

export function conditionOf(obj: { status?: Record<string, unknown> }, type: string): Condition | undefined {
  const conditions = obj.status?.['conditions'];
  if (!Array.isArray(conditions)) return undefined;
  return (conditions as Condition[]).find(c => c && c.type === type);
}
