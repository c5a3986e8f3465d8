/**
 * What a user may see and do, from the RBAC rules the API server reports for them (SelfSubjectRulesReview
 * per namespace, SelfSubjectAccessReview for cluster-scoped kinds). Pure: the server asks the API server
 * and keeps the answer briefly; the views from the shared cache are then filtered with `Visibility`.
 */
import type { KindInfo } from '../kinds/registry.js';
import type { ObjRef } from '../inventory/ids.js';
import type { FluxEvent } from '../kube/types.js';
import type { ActionKind } from '../wire/schemas.js';

/** A rule as SelfSubjectRulesReview returns it (status.resourceRules[]). */
export interface ResourceRule {
  verbs: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
}

const matches = (list: readonly string[] | undefined, value: string) =>
  !!list && (list.includes('*') || list.includes(value));

/** Does one of the rules allow `verb` on every object of `group`/`resource` (no resourceNames limit)? */
export function rulesAllow(
  rules: readonly ResourceRule[],
  verb: string,
  group: string,
  resource: string,
): boolean {
  return rules.some(
    rule =>
      matches(rule.verbs, verb) &&
      matches(rule.apiGroups, group) &&
      matches(rule.resources, resource) &&
      (rule.resourceNames ?? []).length === 0,
  );
}

const kindKey = (group: string, kind: string) => `${group}/${kind}`;

export interface UserAccessInput {
  /** The kinds the server watches. */
  kinds: readonly KindInfo[];
  /** Per namespace the user's rules there (cluster-wide bindings included, as the API server reports them). */
  namespaceRules: ReadonlyMap<string, readonly ResourceRule[]>;
  /** Cluster-scoped kinds the user may list (by `group/kind`). */
  clusterKinds: ReadonlySet<string>;
}

/** Which objects, events and actions a user may see; `key` is the same for users who see the same. */
export class Visibility {
  /** namespace -> kind keys the user may list there. */
  private readonly listable = new Map<string, Set<string>>();
  private readonly patchable = new Map<string, Set<string>>();
  private readonly clusterKinds: ReadonlySet<string>;
  readonly key: string;
  /** May list every watched kind everywhere: the shared views need no filtering. */
  readonly everything: boolean;

  constructor(input: UserAccessInput) {
    this.clusterKinds = new Set(input.clusterKinds);
    const namespaced = input.kinds.filter(k => k.namespaced);
    for (const [namespace, rules] of input.namespaceRules) {
      const list = new Set<string>();
      const patch = new Set<string>();
      for (const info of namespaced) {
        if (rulesAllow(rules, 'list', info.group, info.plural)) list.add(kindKey(info.group, info.kind));
        if (info.flux && rulesAllow(rules, 'patch', info.group, info.plural))
          patch.add(kindKey(info.group, info.kind));
      }
      if (list.size) this.listable.set(namespace, list);
      if (patch.size) this.patchable.set(namespace, patch);
    }
    const clusterScoped = input.kinds.filter(k => !k.namespaced);
    this.everything =
      clusterScoped.every(k => this.clusterKinds.has(kindKey(k.group, k.kind))) &&
      [...input.namespaceRules.keys()].every(ns => this.listable.get(ns)?.size === namespaced.length);
    // Users with the same key are shown the same objects and the same buttons, so they may share a view.
    const sorted = (map: Map<string, Set<string>>) =>
      [...map].map(([ns, kinds]) => [ns, [...kinds].sort()]).sort();
    this.key = JSON.stringify([[...this.clusterKinds].sort(), sorted(this.listable), sorted(this.patchable)]);
  }

  canSee(ref: Pick<ObjRef, 'group' | 'kind' | 'namespace'>): boolean {
    if (this.everything) return true;
    const key = kindKey(ref.group, ref.kind);
    if (ref.namespace === '') return this.clusterKinds.has(key);
    return this.listable.get(ref.namespace)?.has(key) ?? false;
  }

  /** An Event is shown to whoever may see the object it is about. */
  canSeeEvent(event: FluxEvent): boolean {
    const apiVersion = event.involvedObject.apiVersion ?? '';
    const group = apiVersion.includes('/') ? apiVersion.split('/')[0]! : '';
    return this.canSee({
      group,
      kind: event.involvedObject.kind,
      namespace: event.involvedObject.namespace ?? '',
    });
  }

  /** Namespaces where the user may list at least one watched kind. */
  get namespaces(): string[] {
    return [...this.listable.keys()].sort();
  }

  get seesAnything(): boolean {
    return this.listable.size > 0 || this.clusterKinds.size > 0;
  }

  get clusterWide(): boolean {
    return this.clusterKinds.size > 0;
  }

  /** The Flux kinds the user may patch, with the namespaces where they may. */
  actionKinds(): ActionKind[] {
    const byKind = new Map<string, string[]>();
    for (const [namespace, kinds] of this.patchable)
      for (const key of kinds) byKind.set(key, [...(byKind.get(key) ?? []), namespace]);
    return [...byKind]
      .map(([key, namespaces]) => {
        const slash = key.indexOf('/');
        return { group: key.slice(0, slash), kind: key.slice(slash + 1), namespaces: namespaces.sort() };
      })
      .sort((a, b) => a.kind.localeCompare(b.kind));
  }
}
