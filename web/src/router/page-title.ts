/**
 * The tab's title for a route: the view, or the object it shows ("HelmRelease flux-system/karpenter ·
 * Fluxscope"), so a screen reader announces where a navigation landed and tabs and history entries can be
 * told apart.
 */
import type { ObjRef } from '@fluxscope/shared';
import type { Route } from './routes';

export const APP_NAME = 'Fluxscope';

const VIEW_TITLES: Record<Exclude<Route['name'], 'object' | 'trace' | 'not-found'>, string> = {
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

export function pageTitle(route: Route): string {
  switch (route.name) {
    case 'object':
      return `${objectTitle(route.ref)} · ${APP_NAME}`;
    case 'trace':
      return `Trace of ${objectTitle(route.ref)} · ${APP_NAME}`;
    case 'not-found':
      return `Not found · ${APP_NAME}`;
    default:
      return `${VIEW_TITLES[route.name]} · ${APP_NAME}`;
  }
}
