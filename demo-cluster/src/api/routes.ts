/** Parses a Kubernetes API path into what it addresses: discovery, or a resource (and object, subresource). */
import { resourceByPlural } from './resources.js';
import type { Resource } from './resources.js';

export type Route =
  | { type: 'version' }
  | { type: 'health' }
  | { type: 'coreVersions' }
  | { type: 'groupList' }
  | { type: 'group'; group: string }
  | { type: 'resourceList'; group: string; version: string }
  | {
      type: 'resource';
      resource: Resource;
      namespace?: string;
      name?: string;
      subresource?: string;
      legacyWatch: boolean;
    }
  | { type: 'unknown' };

function resourceRoute(group: string, version: string, rest: string[], legacyWatch: boolean): Route {
  if (rest.length === 0) return { type: 'resourceList', group, version };
  let namespace: string | undefined;
  let parts = rest;
  if (parts[0] === 'namespaces' && parts.length >= 3) {
    const inner = resourceByPlural(group, version, parts[2] as string);
    if (inner?.namespaced) {
      namespace = parts[1];
      parts = parts.slice(2);
    }
  }
  const [plural = '', name, subresource, ...extra] = parts;
  const resource = resourceByPlural(group, version, plural);
  if (!resource || extra.length > 0) return { type: 'unknown' };
  if (namespace !== undefined && !resource.namespaced) return { type: 'unknown' };
  const served =
    (subresource === 'status' && resource.status) ||
    (subresource === 'log' && resource.group === '' && resource.kind === 'Pod');
  if (subresource !== undefined && !served) return { type: 'unknown' };
  return {
    type: 'resource',
    resource,
    ...(namespace !== undefined ? { namespace } : {}),
    ...(name !== undefined ? { name } : {}),
    ...(subresource !== undefined ? { subresource } : {}),
    legacyWatch,
  };
}

export function route(pathname: string): Route {
  const segs = pathname
    .split('/')
    .filter(s => s !== '')
    .map(decodeURIComponent);
  if (segs.length === 1 && segs[0] === 'version') return { type: 'version' };
  if (segs.length === 1 && ['healthz', 'livez', 'readyz'].includes(segs[0] as string))
    return { type: 'health' };
  if (segs[0] === 'api') {
    if (segs.length === 1) return { type: 'coreVersions' };
    if (segs[1] !== 'v1') return { type: 'unknown' };
    const legacyWatch = segs[2] === 'watch';
    return resourceRoute('', 'v1', segs.slice(legacyWatch ? 3 : 2), legacyWatch);
  }
  if (segs[0] === 'apis') {
    if (segs.length === 1) return { type: 'groupList' };
    if (segs.length === 2) return { type: 'group', group: segs[1] as string };
    const legacyWatch = segs[3] === 'watch';
    return resourceRoute(segs[1] as string, segs[2] as string, segs.slice(legacyWatch ? 4 : 3), legacyWatch);
  }
  return { type: 'unknown' };
}
