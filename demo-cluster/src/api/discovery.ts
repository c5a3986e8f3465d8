/** Discovery documents (/api, /apis, /apis/{group}/{version}, /version), the legacy unaggregated form. */
import { RESOURCES, servedGroups } from './resources.js';
import type { Resource } from './resources.js';

const VERBS = ['delete', 'deletecollection', 'get', 'list', 'patch', 'create', 'update', 'watch'];

export function versionInfo(): Record<string, string> {
  return {
    major: '1',
    minor: '33',
    gitVersion: 'v1.33.1-eks-demo',
    gitCommit: '0000000000000000000000000000000000000000',
    gitTreeState: 'clean',
    buildDate: '2025-05-15T00:00:00Z',
    goVersion: 'go1.24.2',
    compiler: 'gc',
    platform: 'linux/amd64',
  };
}

export function coreVersions(): unknown {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: '127.0.0.1:443' }],
  };
}

function groupDoc(group: string, versions: string[]): unknown {
  const gv = versions.map(version => ({ groupVersion: `${group}/${version}`, version }));
  return { name: group, versions: gv, preferredVersion: gv[0] };
}

export function groupList(): unknown {
  return {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: servedGroups()
      .filter(g => g.group !== '')
      .map(g => groupDoc(g.group, g.versions)),
  };
}

export function groupInfo(group: string): unknown | undefined {
  const g = servedGroups().find(x => x.group === group && group !== '');
  return g ? { kind: 'APIGroup', apiVersion: 'v1', ...(groupDoc(g.group, g.versions) as object) } : undefined;
}

function resourceEntries(r: Resource): unknown[] {
  const main = {
    name: r.plural,
    singularName: r.singular,
    namespaced: r.namespaced,
    kind: r.kind,
    verbs: VERBS,
    ...(r.shortNames ? { shortNames: r.shortNames } : {}),
    ...(r.categories ? { categories: r.categories } : {}),
    storageVersionHash: Buffer.from(`${r.group}/${r.version}/${r.kind}`).toString('base64').slice(0, 11),
  };
  if (!r.status) return [main];
  return [
    main,
    {
      name: `${r.plural}/status`,
      singularName: '',
      namespaced: r.namespaced,
      kind: r.kind,
      verbs: ['get', 'patch', 'update'],
    },
  ];
}

export function resourceList(group: string, version: string): unknown | undefined {
  const served = RESOURCES.filter(r => r.group === group && r.version === version);
  if (served.length === 0) return undefined;
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: group ? `${group}/${version}` : version,
    resources: served.flatMap(resourceEntries),
  };
}
