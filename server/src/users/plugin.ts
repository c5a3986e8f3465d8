/**
 * The users plugin ('users'): which cluster view and which Kubernetes client a request gets.
 *
 * Without --impersonate every request reads the shared cache of its cluster (`request.cluster`) and reaches
 * that cluster's API server as the server's identity. With it, a signed-in user's requests that touch a
 * cluster go to that cluster's API server as the user (kube/impersonation.ts, built from that cluster's
 * KubeClient), and the views from the cluster's cache show only what the user may list there
 * (users/access.ts, users/filtered-view.ts); users who may see everything read the shared cache itself.
 * Rights, clients and filtered views are kept per cluster and user: RBAC differs between clusters.
 * The fleet routes count only what the user may see in each cluster (`fleetFilter`).
 */
import { type UserAccess as UserAccessWire, type Visibility, fluxKindByName } from '@fluxscope/shared';
import { type FastifyInstance, type FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { KubeConfig } from '@kubernetes/client-node';
import { WATCHED_KINDS } from '../cache/cluster-cache.js';
import type { LocalCluster } from '../fleet/backend.js';
import type { SummaryFilter } from '../fleet/registry.js';
import { routeAccess } from '../http/access.js';
import { type Impersonated, UserClients } from '../kube/impersonation.js';
import type { RawKubeApi } from '../kube/raw-api.js';
import { UserAccess } from './access.js';
import { type ClusterView, FilteredView, SharedUserView } from './filtered-view.js';

/** Filtered views unused this long are closed (they follow every change while open). */
const IDLE_VIEW_MS = 10 * 60_000;

export interface Users {
  /** The cluster (the request's, else the default one) as this request's user may see it. */
  view(request: FastifyRequest): ClusterView;
  /** The client to reach the request's cluster with: as the user with --impersonate. */
  kube(request: FastifyRequest): { api: RawKubeApi; kc: KubeConfig } | undefined;
  /** What the user may see in the request's cluster (for /api/v1/me); undefined without --impersonate. */
  access(request: FastifyRequest): UserAccessWire | undefined;
  /** A live request as this user was refused (403): review their rights again on the next request. */
  refused(request: FastifyRequest): void;
  /** Which objects of each cluster the fleet routes may count for this user; undefined: all. */
  fleetFilter(request: FastifyRequest): Promise<SummaryFilter | undefined>;
}

declare module 'fastify' {
  interface FastifyInstance {
    users: Users;
  }
  interface FastifyRequest {
    clusterView?: ClusterView;
  }
}

/** The user to act as; with --impersonate-groups, only the groups the server may impersonate. */
const impersonatedAs = (request: FastifyRequest, allowed: string[] | undefined): Impersonated | undefined => {
  const p = request.principal;
  if (!p || p.via === 'local') return undefined;
  return { user: p.user, groups: allowed ? p.groups.filter(g => allowed.includes(g)) : p.groups };
};

/** One cluster's users: its shared view, and with --impersonate the users' clients, rights and views. */
class ClusterUsers {
  readonly shared: ClusterView;
  readonly clients: UserClients | undefined;
  readonly access: UserAccess | undefined;
  readonly views = new Map<string, FilteredView>();

  constructor(
    readonly cluster: LocalCluster,
    impersonate: boolean,
    namespacesFlag: string[] | undefined,
  ) {
    const cache = cluster.cache;
    this.shared = {
      index: cache.index,
      viewCache: cluster.viewCache,
      snapshot: () => cache.snapshot(),
      kindStates: () => cache.kindStates(),
      frame: batch => batch.frame,
    };
    const kc = cluster.k8s.kc;
    if (!impersonate || !kc) return;
    this.clients = new UserClients(kc);
    const namespaces = () =>
      namespacesFlag ?? [
        ...new Set([...cache.index.all()].map(o => o.metadata.namespace ?? '').filter(ns => ns !== '')),
      ];
    this.access = new UserAccess(this.clients, WATCHED_KINDS, namespaces);
  }

  own(): { api: RawKubeApi; kc: KubeConfig } | undefined {
    const { api, kc } = this.cluster.k8s;
    return api && kc ? { api, kc } : undefined;
  }

  /** The user's view of this cluster: the shared cache when they may see everything. */
  viewFor(visibility: Visibility): ClusterView {
    if (visibility.everything)
      return new SharedUserView(this.cluster.cache, this.cluster.viewCache, visibility);
    let view = this.views.get(visibility.key);
    if (!view) {
      view = new FilteredView(this.cluster.cache, visibility);
      this.views.set(visibility.key, view);
    }
    view.visibility = visibility; // same key: the same listing and patch rights, from a newer review
    view.lastUsed = Date.now();
    return view;
  }

  sweep(now: number): void {
    for (const [key, view] of this.views)
      if (now - view.lastUsed > IDLE_VIEW_MS) {
        view.close();
        this.views.delete(key);
      }
  }

  close(): void {
    for (const view of this.views.values()) view.close();
    this.views.clear();
  }
}

function clusterOf(fastify: FastifyInstance, request: FastifyRequest): LocalCluster | undefined {
  return (request.cluster as LocalCluster | null) ?? fastify.clusters.default?.local;
}

export default fp(
  async fastify => {
    const config = fastify.config;
    const byCluster = new Map<LocalCluster, ClusterUsers>();
    const usersOf = (cluster: LocalCluster): ClusterUsers => {
      let users = byCluster.get(cluster);
      if (!users) {
        users = new ClusterUsers(cluster, config.impersonate === true, config.namespaces);
        byCluster.set(cluster, users);
      }
      return users;
    };
    const impersonated = (request: FastifyRequest) => impersonatedAs(request, config.impersonateGroups);

    if (config.impersonate) {
      const sweep = setInterval(() => {
        for (const users of byCluster.values()) users.sweep(Date.now());
      }, 60_000);
      sweep.unref();
      fastify.addHook('onClose', async () => {
        clearInterval(sweep);
        for (const users of byCluster.values()) users.close();
      });

      // After the guard (onRequest) set the principal and the cluster scope set `request.cluster`: pick the
      // user's view of that cluster before the handler runs.
      fastify.addHook('preHandler', async request => {
        if (routeAccess(request) !== 'authenticated') return;
        const as = impersonated(request);
        // Only per-cluster routes read a view: sign-out or the fleet must not wait on one cluster's reviews.
        const cluster = request.cluster as LocalCluster | null;
        if (!as || !cluster) return;
        const users = usersOf(cluster);
        if (!users.access) return;
        request.clusterView = users.viewFor(await users.access.visibilityFor(as));
      });
    }

    fastify.decorate('users', {
      view: request => {
        if (request.clusterView) return request.clusterView;
        const cluster = clusterOf(fastify, request);
        if (!cluster) throw new Error('no cluster to read');
        return usersOf(cluster).shared;
      },
      kube: request => {
        const cluster = clusterOf(fastify, request);
        if (!cluster) return undefined;
        const users = usersOf(cluster);
        const as = impersonated(request);
        if (!as || !users.clients) return users.own();
        if (!cluster.k8s.api) return undefined;
        return users.clients.for(as);
      },
      access: request => {
        const visibility = request.clusterView?.visibility;
        if (!visibility) return undefined;
        const user = request.principal?.user ?? '';
        return {
          everything: visibility.everything,
          namespaces: visibility.namespaces,
          clusterWide: visibility.clusterWide,
          ...(visibility.seesAnything
            ? {}
            : {
                message: `you (${user}) may not list any Flux object or workload in this cluster: ask an administrator for a RoleBinding (read access to the namespaces you work in)`,
              }),
        };
      },
      refused: request => {
        const as = impersonated(request);
        const cluster = clusterOf(fastify, request);
        if (as && cluster) usersOf(cluster).access?.forget(as);
      },
      fleetFilter: async request => {
        const as = impersonated(request);
        if (!config.impersonate || !as) return undefined;
        // Each cluster's rights as the user; a cluster whose rights cannot be reviewed here (reported by an
        // agent, or its API server refusing or unreachable) counts none of its objects for them.
        const rights = new Map<string, Visibility>();
        await Promise.all(
          fastify.clusters.list().map(async backend => {
            if (!backend.local) return;
            const users = usersOf(backend.local);
            if (!users.access) return;
            try {
              rights.set(backend.name, await users.access.visibilityFor(as));
            } catch (err) {
              request.log.warn({ err, cluster: backend.name }, 'fleet: cannot review the user rights');
            }
          }),
        );
        return (cluster, object) => {
          const visibility = rights.get(cluster);
          if (!visibility) return false;
          const group = object.group ?? fluxKindByName(object.kind)?.group ?? '';
          return visibility.canSee({ group, kind: object.kind, namespace: object.namespace });
        };
      },
    } satisfies Users);
  },
  { name: 'users', dependencies: ['config', 'fleet'] },
);
