/**
 * The tab's title for a route: the view, or the object it shows ("HelmRelease flux-system/karpenter ·
 * Fluxscope"), so a screen reader announces where a navigation landed and tabs and history entries can be
 * told apart.
 */
import type { ObjRef } from '@fluxscope/shared';
import type { Route } from './routes';

export const APP_NAME = 'Fluxscope';

const VIEW_TITLES: Record<Exclude<Route['name'], 'object' | 'trace' | 'not-found'>, string> = {
  fleet: 'Fleet',
  map: 'Map',
  objects: 'Objects',
  events: 'Events',
  timeline: 'Timeline',
  flux: 'Flux runtime',
  reconciles: 'Slowest reconciles',
};

/** "HelmRelease flux-system/karpenter", "Namespace argo-events" (cluster-scoped: no namespace). */
export function objectTitle(ref: ObjRef): string {
  return `${ref.kind} ${ref.namespace ? `${ref.namespace}/` : ''}${ref.name}`;
}

/** `cluster`: the cluster in the URL (`/c/{cluster}/...`), named so two clusters' tabs can be told apart. */
export function pageTitle(route: Route, cluster?: string): string {
  const app = cluster ? `${cluster} · ${APP_NAME}` : APP_NAME;
  switch (route.name) {
    case 'object':
      return `${objectTitle(route.ref)} · ${app}`;
    case 'trace':
      return `Trace of ${objectTitle(route.ref)} · ${app}`;
    case 'not-found':
      return `Not found · ${app}`;
    default:
      return `${VIEW_TITLES[route.name]} · ${app}`;
  }
}
