/**
 * What each impersonated user may list and patch, asked of the API server as that user:
 * a SelfSubjectRulesReview per namespace the cache knows (one request returns all the user's rules there,
 * cluster-wide bindings included) and a SelfSubjectAccessReview `list` per cluster-scoped watched kind.
 * When the API server says its rules are incomplete (a webhook authorizer), each watched kind is asked with
 * a SelfSubjectAccessReview instead.
 *
 * Answers are kept for a short time (30 s) rather than following RBAC objects with watches: watching
 * RoleBindings, ClusterRoleBindings, Roles and ClusterRoles would need the server to read all of RBAC, and
 * group membership changes at the identity provider would still go unseen. Every live request (actions,
 * logs, values) is decided by the API server as the user anyway, so the cache only bounds how long a view
 * filtered by old rules can be shown; a 403 on a live request, or a namespace the user has not been
 * reviewed in, asks again at once.
 */
import { AuthorizationV1Api } from '@kubernetes/client-node';
import { type KindInfo, type ResourceRule, Visibility } from '@fluxscope/shared';
import { classifyError } from '../kube/raw-api.js';
import type { Impersonated, UserClients } from '../kube/impersonation.js';
import { HttpError } from '../http/errors.js';

export const ACCESS_TTL_MS = 30_000;
/** Reviews in flight at once per user: enough to be quick, few enough not to flood the API server. */
const CONCURRENCY = 8;

async function inBatches<T, R>(items: readonly T[], run: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += CONCURRENCY)
    out.push(...(await Promise.all(items.slice(i, i + CONCURRENCY).map(run))));
  return out;
}

interface Entry {
  at: number;
  namespaces: string;
  visibility: Promise<Visibility>;
}

export class UserAccess {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly clients: UserClients,
    private readonly kinds: readonly KindInfo[],
    /** The namespaces to review: those the cache holds objects in (or the --namespaces). */
    private readonly namespaces: () => string[],
    private readonly ttlMs = ACCESS_TTL_MS,
    private readonly now: () => number = Date.now,
  ) {}

  /** The user's visibility, reviewed again after the TTL or when new namespaces appeared. */
  visibilityFor(as: Impersonated): Promise<Visibility> {
    const key = JSON.stringify([as.user, [...as.groups].sort()]);
    const namespaces = this.namespaces().sort();
    const nsKey = namespaces.join(',');
    const entry = this.entries.get(key);
    if (entry && this.now() - entry.at < this.ttlMs && entry.namespaces === nsKey) return entry.visibility;
    const visibility = this.review(as, namespaces);
    const next: Entry = { at: this.now(), namespaces: nsKey, visibility };
    this.entries.set(key, next);
    // A failed review is not kept: the next request asks again.
    visibility.catch(() => {
      if (this.entries.get(key) === next) this.entries.delete(key);
    });
    if (this.entries.size > 10_000) this.entries.delete(this.entries.keys().next().value!);
    return visibility;
  }

  /** Forget a user's answer (a live request as them was refused: their rights changed). */
  forget(as: Impersonated): void {
    this.entries.delete(JSON.stringify([as.user, [...as.groups].sort()]));
  }

  private async review(as: Impersonated, namespaces: string[]): Promise<Visibility> {
    const api = this.clients.for(as).kc.makeApiClient(AuthorizationV1Api);
    const allowed = async (verb: string, info: KindInfo, namespace?: string) => {
      const review = await api.createSelfSubjectAccessReview({
        body: {
          apiVersion: 'authorization.k8s.io/v1',
          kind: 'SelfSubjectAccessReview',
          spec: {
            resourceAttributes: {
              verb,
              group: info.group,
              resource: info.plural,
              ...(namespace ? { namespace } : {}),
            },
          },
        },
      });
      return review.status?.allowed === true;
    };
    try {
      const namespaceRules = new Map<string, ResourceRule[]>();
      await inBatches(namespaces, async namespace => {
        const review = await api.createSelfSubjectRulesReview({
          body: {
            apiVersion: 'authorization.k8s.io/v1',
            kind: 'SelfSubjectRulesReview',
            spec: { namespace },
          },
        });
        let rules: ResourceRule[] = (review.status?.resourceRules ?? []).map(r => ({
          verbs: r.verbs,
          ...(r.apiGroups ? { apiGroups: r.apiGroups } : {}),
          ...(r.resources ? { resources: r.resources } : {}),
          ...(r.resourceNames ? { resourceNames: r.resourceNames } : {}),
        }));
        if (review.status?.incomplete) {
          // Rules the API server cannot list (webhook authorizers): ask per kind what the views need.
          const namespaced = this.kinds.filter(k => k.namespaced);
          const answers = await inBatches(namespaced, async info => ({
            info,
            list: await allowed('list', info, namespace),
            patch: info.flux && (await allowed('patch', info, namespace)),
          }));
          rules = [
            ...rules,
            ...answers.flatMap(({ info, list, patch }) => [
              ...(list ? [{ verbs: ['list'], apiGroups: [info.group], resources: [info.plural] }] : []),
              ...(patch ? [{ verbs: ['patch'], apiGroups: [info.group], resources: [info.plural] }] : []),
            ]),
          ];
        }
        namespaceRules.set(namespace, rules);
      });
      const clusterKinds = new Set<string>();
      await inBatches(
        this.kinds.filter(k => !k.namespaced),
        async info => {
          if (await allowed('list', info)) clusterKinds.add(`${info.group}/${info.kind}`);
        },
      );
      return new Visibility({ kinds: this.kinds, namespaceRules, clusterKinds });
    } catch (err) {
      const { failure, message } = classifyError(err);
      if (failure === 'forbidden')
        throw new HttpError(
          403,
          `the API server refused to act as ${as.user}: ${message} (the server's identity needs impersonate on this user and their groups)`,
        );
      throw new HttpError(503, `cannot check what ${as.user} may see: ${message}`);
    }
  }
}
