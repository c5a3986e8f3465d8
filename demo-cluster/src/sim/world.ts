/**
 * What the simulated controllers share: the store, the target (the reconciled seed) indexed by object and by
 * who applies what, the current run's clock, and small status helpers that behave like the controllers'
 * (conditions keep lastTransitionTime unless their status changes; observedGeneration follows generation).
 */
import { recordEvent } from '../events.js';
import type { EventType } from '../events.js';
import { gkOf } from '../store/store.js';
import type { KubeObject, ObjectStore } from '../store/store.js';
import type { Run } from './run.js';

export const keyOf = (o: KubeObject): string => `${gkOf(o)}/${o.metadata.namespace ?? ''}/${o.metadata.name}`;
export const KS = 'kustomize.toolkit.fluxcd.io/Kustomization';
export const HR = 'helm.toolkit.fluxcd.io/HelmRelease';
export const FLUX_NS = 'flux-system';

type Status = Record<string, unknown>;
type Condition = {
  type: string;
  status: string;
  reason: string;
  message: string;
  lastTransitionTime: string;
  observedGeneration?: number;
};

export interface WorldOptions {
  /** HelmReleases whose install fails (the `failure` scenario). */
  failing: ReadonlySet<string>;
}

export class World {
  readonly target = new Map<string, KubeObject>();
  /** Objects each Kustomization (`ks/<name>`) or HelmRelease (`hr/<name>`) applies, in inventory order. */
  readonly applied = new Map<string, KubeObject[]>();
  /** Objects owned through ownerReferences, by the owner's uid (ReplicaSets, Pods). */
  readonly dependents = new Map<string, KubeObject[]>();

  constructor(
    readonly store: ObjectStore,
    objects: KubeObject[],
    readonly run: Run,
    readonly opts: WorldOptions,
  ) {
    for (const o of objects) {
      this.target.set(keyOf(o), o);
      const labels = o.metadata.labels ?? {};
      // A HelmChart carries its HelmRelease's labels (helm-controller sets them) but is not part of the release.
      const owner =
        o.kind === 'HelmChart'
          ? undefined
          : labels['kustomize.toolkit.fluxcd.io/name']
            ? `ks/${labels['kustomize.toolkit.fluxcd.io/name']}`
            : labels['helm.toolkit.fluxcd.io/name']
              ? `hr/${labels['helm.toolkit.fluxcd.io/name']}`
              : undefined;
      if (owner) this.push(this.applied, owner, o);
      const ref = o.metadata.ownerReferences?.[0];
      if (ref?.uid) this.push(this.dependents, ref.uid, o);
    }
  }

  private push(map: Map<string, KubeObject[]>, key: string, o: KubeObject): void {
    if (!map.has(key)) map.set(key, []);
    map.get(key)?.push(o);
  }

  now(): string {
    return this.store.timestamp();
  }

  get(gk: string, name: string, namespace: string | undefined = FLUX_NS): KubeObject | undefined {
    return this.store.get(gk, namespace, name);
  }

  targetOf(gk: string, name: string, namespace: string | undefined = FLUX_NS): KubeObject | undefined {
    return this.target.get(`${gk}/${namespace ?? ''}/${name}`);
  }

  suspended(gk: string, name: string): boolean {
    return this.get(gk, name)?.spec?.['suspend'] === true;
  }

  isReady(gk: string, name: string, namespace = FLUX_NS): boolean {
    const o = this.get(gk, name, namespace);
    const conditions = (o?.status?.['conditions'] as Condition[] | undefined) ?? [];
    return (
      conditions.some(c => c.type === 'Ready' && c.status === 'True') &&
      o?.status?.['observedGeneration'] === o?.metadata.generation
    );
  }

  /** Waits (in scenario time) while the object is suspended; `flux resume` lets it go on. */
  async whileSuspended(gk: string, name: string): Promise<void> {
    while (this.suspended(gk, name)) await this.run.sleep(1);
  }

  /** Read-modify-write of status; observedGeneration catches up with generation unless told otherwise. */
  status(
    o: KubeObject | undefined,
    fn: (s: Status, obj: KubeObject) => void,
    observe = true,
  ): KubeObject | undefined {
    if (!o) return undefined;
    return this.store.update(gkOf(o), o.metadata.namespace, o.metadata.name, draft => {
      const s = (draft.status ??= {});
      fn(s, draft);
      if (observe) s['observedGeneration'] = draft.metadata.generation ?? 1;
    });
  }

  /** meta.SetStatusCondition: lastTransitionTime changes only with the status. */
  condition(
    s: Status,
    obj: KubeObject,
    type: string,
    status: 'True' | 'False' | 'Unknown',
    reason: string,
    message: string,
  ): void {
    const list = ((s['conditions'] as Condition[] | undefined) ?? []).slice();
    const i = list.findIndex(c => c.type === type);
    const prev = list[i];
    const next: Condition = {
      type,
      status,
      reason,
      message,
      lastTransitionTime: prev && prev.status === status ? prev.lastTransitionTime : this.now(),
      observedGeneration: obj.metadata.generation ?? 1,
    };
    if (i >= 0) list[i] = next;
    else if (type === 'Ready') list.unshift(next);
    else list.push(next);
    s['conditions'] = list;
  }

  dropCondition(s: Status, type: string): void {
    s['conditions'] = ((s['conditions'] as Condition[] | undefined) ?? []).filter(c => c.type !== type);
  }

  event(
    o: KubeObject | undefined,
    type: EventType,
    reason: string,
    message: string,
    component: string,
    revision?: string,
  ): void {
    if (!o) return;
    recordEvent(this.store, {
      involved: o,
      type,
      reason,
      message,
      component,
      ...(revision ? { revision } : {}),
    });
  }
}
