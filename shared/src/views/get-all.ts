/**
 * `flux get all` (get_all.go and the get_* commands): one table per kind in flux's order, kinds without
 * items skipped; cells exactly as flux fills them (TruncateHex, static Provider/Alert/OCI HelmRepository).
 */
import { GET_ALL_ORDER } from '../kinds/registry.js';
import type { ClusterIndex } from '../index/cluster-index.js';
import { refOf } from '../index/cluster-index.js';
import type { ClusterObject } from '../kube/types.js';
import { fluxStatus } from '../status/flux-status.js';
import { formatRfc3339 } from '../text/go-time.js';
import { field, rec, str } from './refs.js';
import type { NamespaceScope } from './scope.js';
import { fluxObjectsOfKind } from './scope.js';
import type { GetAllTable } from './types.js';

/** internal/utils.TruncateHex: every 40–128 hex run between word boundaries cut to 8 characters. */
export function truncateHex(s: string): string {
  return s.replace(/\b[a-f0-9]{40,128}\b/g, match => match.slice(0, 8));
}

const SOURCE_COLUMNS = ['NAME', 'REVISION', 'SUSPENDED', 'READY', 'MESSAGE'];

/** Column headers per kind (NAMESPACE is added by the renderer with -A). */
export const GET_ALL_COLUMNS: Record<string, string[]> = {
  OCIRepository: SOURCE_COLUMNS,
  Bucket: SOURCE_COLUMNS,
  GitRepository: SOURCE_COLUMNS,
  HelmRepository: SOURCE_COLUMNS,
  HelmChart: SOURCE_COLUMNS,
  ExternalArtifact: ['NAME', 'REVISION', 'SOURCE', 'READY', 'MESSAGE'],
  ImageRepository: ['NAME', 'LAST SCAN', 'SUSPENDED', 'READY', 'MESSAGE'],
  ImagePolicy: ['NAME', 'IMAGE', 'TAG', 'READY', 'MESSAGE'],
  ImageUpdateAutomation: ['NAME', 'LAST RUN', 'SUSPENDED', 'READY', 'MESSAGE'],
  HelmRelease: SOURCE_COLUMNS,
  Kustomization: SOURCE_COLUMNS,
  Receiver: ['NAME', 'SUSPENDED', 'READY', 'MESSAGE'],
  Provider: ['NAME', 'READY', 'MESSAGE'],
  Alert: ['NAME', 'SUSPENDED', 'READY', 'MESSAGE'],
};

const title = (b: boolean) => (b ? 'True' : 'False');

function helmReleaseRevision(obj: ClusterObject): string {
  const history = obj.status?.['history'];
  const latest = Array.isArray(history) ? rec(history[0]) : undefined;
  return str(latest?.['chartVersion']) || str(obj.status?.['lastAttemptedRevision']);
}

function cells(obj: ClusterObject, name: string): string[] {
  const st = fluxStatus(obj);
  const suspended = title(st.suspended);
  const revision = str(field(obj.status, 'artifact', 'revision'));
  switch (obj.kind) {
    case 'HelmChart':
      return [name, revision, suspended, st.ready, truncateHex(st.message)];
    case 'ExternalArtifact': {
      const src = rec(obj.spec?.['sourceRef']);
      const source = src
        ? `${str(src['kind'])}/${str(src['namespace']) || (obj.metadata.namespace ?? '')}/${str(src['name'])}`
        : '';
      return [name, truncateHex(revision), source, st.ready, truncateHex(st.message)];
    }
    case 'ImageRepository':
      return [
        name,
        formatRfc3339(str(field(obj.status, 'lastScanResult', 'scanTime'))),
        suspended,
        st.ready,
        st.message,
      ];
    case 'ImagePolicy':
      return [
        name,
        str(field(obj.status, 'latestRef', 'name')),
        str(field(obj.status, 'latestRef', 'tag')),
        st.ready,
        st.message,
      ];
    case 'ImageUpdateAutomation':
      return [
        name,
        formatRfc3339(str(obj.status?.['lastAutomationRunTime'])),
        suspended,
        st.ready,
        st.message,
      ];
    case 'HelmRelease':
      return [name, helmReleaseRevision(obj), suspended, st.ready, st.message];
    case 'Kustomization':
      return [
        name,
        truncateHex(str(obj.status?.['lastAppliedRevision'])),
        suspended,
        st.ready,
        truncateHex(st.message),
      ];
    case 'Receiver':
      return [name, suspended, st.ready, st.message];
    case 'Provider':
      return [name, st.ready, st.message];
    case 'Alert':
      return [name, suspended, st.ready, st.message];
    default:
      return [name, truncateHex(revision), suspended, st.ready, truncateHex(st.message)];
  }
}

function table(items: ClusterObject[], kind: string, prefixed: boolean): GetAllTable {
  return {
    kind,
    columns: GET_ALL_COLUMNS[kind] ?? SOURCE_COLUMNS,
    rows: items.map(obj => ({
      ref: refOf(obj),
      cells: cells(obj, prefixed ? `${kind.toLowerCase()}/${obj.metadata.name}` : obj.metadata.name),
      state: fluxStatus(obj).state,
    })),
  };
}

export function getAll(index: ClusterIndex, scope: NamespaceScope = {}): GetAllTable[] {
  const tables: GetAllTable[] = [];
  for (const kind of GET_ALL_ORDER) {
    const items = fluxObjectsOfKind(index, kind, scope);
    if (items.length > 0) tables.push(table(items, kind, true));
  }
  return tables;
}

/**
 * `flux get <kind>` (one of the get-all kinds): its one table with plain names, or none when it has no
 * objects in scope (flux then prints "no <Kind> objects found" on stderr and nothing on stdout).
 */
export function getKind(index: ClusterIndex, kind: string, scope: NamespaceScope = {}): GetAllTable[] {
  const items = fluxObjectsOfKind(index, kind, scope);
  return items.length > 0 ? [table(items, kind, false)] : [];
}
