/**
 * The users plugin ('users'): which cluster view and which Kubernetes client a request gets.
 *
 * Without --impersonate every request reads the shared cache and reaches the API server as the server's
 * identity. With it, a signed-in user's requests that touch the cluster go to the API server as the user
 * (kube/impersonation.ts), and the views from the shared cache show only what the user may list
 * (users/access.ts, users/filtered-view.ts); users who may see everything read the shared cache itself.
 */
import type { UserAccess as UserAccessWire } from '@fluxscope/shared';
import { type FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { KubeConfig } from '@kubernetes/client-node';
import { WATCHED_KINDS } from '../cache/cluster-cache.js';
import { routeAccess } from '../http/access.js';
import { type Impersonated, UserClients } from '../kube/impersonation.js';
import type { RawKubeApi } from '../kube/raw-api.js';
import { UserAccess } from './access.js';
import { type ClusterView, FilteredView, SharedUserView } from './filtered-view.js';

/** Filtered views unused this long are closed (they follow every change while open). */
const IDLE_VIEW_MS = 10 * 60_000;

export interface Users {
  /** The cluster as this request's user may see it. */
  view(request: FastifyRequest): ClusterView;
  /** The client to reach the API server with for this request: as the user with --impersonate. */
  kube(request: FastifyRequest): { api: RawKubeApi; kc: KubeConfig } | undefined;
  /** What the user may see (for /api/v1/me); undefined without --impersonate. */
  access(request: FastifyRequest): UserAccessWire | undefined;
  /** A live request as this user was refused (403): review their rights again on the next request. */
  refused(request: FastifyRequest): void;
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

export default fp(
  async fastify => {
    const cache = fastify.cache;
    const shared: ClusterView = {
      index: cache.index,
      viewCache: fastify.viewCache,
      snapshot: () => cache.snapshot(),
      kindStates: () => cache.kindStates(),
      frame: batch => batch.frame,
    };
    const kc = fastify.k8s.kc;
    const impersonated = (request: FastifyRequest) =>
      impersonatedAs(request, fastify.config.impersonateGroups);
    const own = () => (fastify.k8s.api && kc ? { api: fastify.k8s.api, kc } : undefined);
    if (!fastify.config.impersonate || !kc) {
      fastify.decorate('users', {
        view: () => shared,
        kube: own,
        access: () => undefined,
        refused: () => {},
      } satisfies Users);
      return;
    }

    const clients = new UserClients(kc);
    const namespaces = () =>
      fastify.config.namespaces ?? [
        ...new Set([...cache.index.all()].map(o => o.metadata.namespace ?? '').filter(ns => ns !== '')),
      ];
    const access = new UserAccess(clients, WATCHED_KINDS, namespaces);
    const views = new Map<string, FilteredView>();
    const sweep = setInterval(() => {
      for (const [key, view] of views)
        if (Date.now() - view.lastUsed > IDLE_VIEW_MS) {
          view.close();
          views.delete(key);
        }
    }, 60_000);
    sweep.unref();
    fastify.addHook('onClose', async () => {
      clearInterval(sweep);
      for (const view of views.values()) view.close();
    });

    // After the guard (onRequest) set the principal: pick the user's view before the handler runs.
    fastify.addHook('preHandler', async request => {
      if (routeAccess(request) !== 'authenticated') return;
      const as = impersonated(request);
      if (!as) return;
      const visibility = await access.visibilityFor(as);
      if (visibility.everything) {
        request.clusterView = new SharedUserView(cache, fastify.viewCache, visibility);
        return;
      }
      let view = views.get(visibility.key);
      if (!view) {
        view = new FilteredView(cache, visibility);
        views.set(visibility.key, view);
      }
      view.visibility = visibility; // same key: the same listing and patch rights, from a newer review
      view.lastUsed = Date.now();
      request.clusterView = view;
    });

    fastify.decorate('users', {
      view: request => request.clusterView ?? shared,
      kube: request => {
        const as = impersonated(request);
        if (!as) return own();
        if (!fastify.k8s.api) return undefined;
        return clients.for(as);
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
        if (as) access.forget(as);
      },
    } satisfies Users);
  },
  { name: 'users', dependencies: ['config', 'k8s', 'cluster-cache'] },
);
