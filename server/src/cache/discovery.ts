/**
 * Which of the kinds we know does this API server serve, and at which version (the registry's preference
 * order wins)? Missing CRDs are normal (an install without the image controllers, Terraform...): they come
 * back as not served, and the cache runs discovery again periodically to notice CRDs that appear or go.
 */
import type { KindInfo } from '@fluxscope/shared';
import type { RawKubeApi } from '../kube/raw-api.js';
import { classifyError } from '../kube/raw-api.js';

export type Discovered =
  | { status: 'served'; version: string; plural: string; namespaced: boolean }
  | { status: 'not-served' }
  | { status: 'forbidden'; message: string };

interface APIGroupList {
  groups?: Array<{ name: string; versions?: Array<{ version: string }> }>;
}

interface APIResourceList {
  resources?: Array<{ name: string; kind: string; namespaced?: boolean; verbs?: string[] }>;
}

export function kindKey(k: { group: string; kind: string }): string {
  return `${k.group}/${k.kind}`;
}

/**
 * Throws when the API server cannot be reached at all (the caller marks the connection); per-group
 * failures (403 on a group's resource list) become per-kind results.
 */
export async function discoverKinds(
  api: RawKubeApi,
  kinds: readonly KindInfo[],
): Promise<Map<string, Discovered>> {
  const groupList = await api.getJson<APIGroupList>('/apis');
  const servedVersions = new Map<string, string[]>([['', ['v1']]]);
  for (const g of groupList.groups ?? [])
    servedVersions.set(
      g.name,
      (g.versions ?? []).map(v => v.version),
    );

  const resourceLists = new Map<string, Promise<APIResourceList | { forbidden: string } | undefined>>();
  const resourcesOf = (group: string, version: string) => {
    const gv = group === '' ? version : `${group}/${version}`;
    let pending = resourceLists.get(gv);
    if (!pending) {
      const path = group === '' ? `/api/${version}` : `/apis/${group}/${version}`;
      pending = api.getJson<APIResourceList>(path).catch((err: unknown) => {
        const { failure, message } = classifyError(err);
        if (failure === 'forbidden') return { forbidden: message };
        if (failure === 'not-found') return undefined;
        throw err;
      });
      resourceLists.set(gv, pending);
    }
    return pending;
  };

  const result = new Map<string, Discovered>();
  for (const info of kinds) {
    const served = servedVersions.get(info.group) ?? [];
    let found: Discovered = { status: 'not-served' };
    for (const version of info.versions.filter(v => served.includes(v))) {
      const list = await resourcesOf(info.group, version);
      if (!list) continue;
      if ('forbidden' in list) {
        found = { status: 'forbidden', message: list.forbidden };
        continue;
      }
      const resource = list.resources?.find(r => r.kind === info.kind && !r.name.includes('/'));
      if (!resource) continue;
      const verbs = resource.verbs ?? ['list', 'watch'];
      if (!verbs.includes('list') || !verbs.includes('watch')) continue;
      found = {
        status: 'served',
        version,
        plural: resource.name,
        namespaced: resource.namespaced ?? info.namespaced,
      };
      break;
    }
    result.set(kindKey(info), found);
  }
  return result;
}
