/** Helpers over the slice of the Kubernetes object model Fluxscope reads (its types: wire/kube.ts). */

// The object model's types are the wire contract's (wire/kube.ts), re-exported where the domain reads them.
import type { Condition } from '../wire/kube.js';
export type {
  ClusterObject,
  Condition,
  FluxEvent,
  Health,
  ObjectMeta,
  OwnerReference,
} from '../wire/kube.js';
export type { HealthStatus } from '../status/states.js';

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
