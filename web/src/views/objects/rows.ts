/**
 * The Objects table's rows: `flux get all -A` (shared getAll) flattened into one table with the same cells,
 * plus the object's state and when it last turned ready/not ready, for sorting by age. Flux kinds that
 * `flux get all` does not list (Terraform from tf-controller) get rows of their own from their status.
 */
import type { ClusterIndex, FluxState, ObjRef } from '@fluxscope/shared';
import {
  FLUX_KINDS,
  FLUX_STATES,
  field,
  fluxStatus,
  getAll,
  refOf,
  str,
  STATES_WORST_FIRST,
} from '@fluxscope/shared';

export interface ObjectRow {
  key: string;
  ref: ObjRef;
  kind: string;
  namespace: string;
  name: string;
  /** REVISION, or the kind's stand-in (LAST SCAN, TAG, LAST RUN, SOURCE). */
  revision: string;
  suspended: boolean;
  ready: string;
  state: FluxState;
  message: string;
  /** ms since epoch of the Ready condition's last transition; undefined when never reconciled. */
  since: number | undefined;
}

const REVISION_COLUMNS = ['REVISION', 'TAG', 'LAST SCAN', 'LAST RUN'];

export function objectRows(index: ClusterIndex): ObjectRow[] {
  const rows: ObjectRow[] = [];
  for (const table of getAll(index)) {
    const col = (name: string) => table.columns.indexOf(name);
    const revisionCol = REVISION_COLUMNS.map(col).find(i => i >= 0) ?? -1;
    const suspendedCol = col('SUSPENDED');
    const readyCol = col('READY');
    const messageCol = col('MESSAGE');
    for (const row of table.rows) {
      const obj = index.get(row.ref);
      const status = obj ? fluxStatus(obj) : undefined;
      const since = status?.since ? Date.parse(status.since) : NaN;
      rows.push({
        key: `${row.ref.group}/${row.ref.kind}/${row.ref.namespace}/${row.ref.name}`,
        ref: row.ref,
        kind: table.kind,
        namespace: row.ref.namespace,
        name: row.ref.name,
        revision: revisionCol >= 0 ? (row.cells[revisionCol] ?? '') : '',
        suspended: suspendedCol >= 0 ? row.cells[suspendedCol] === 'True' : (status?.suspended ?? false),
        ready: readyCol >= 0 ? (row.cells[readyCol] ?? '') : (status?.ready ?? ''),
        state: row.state,
        message: messageCol >= 0 ? (row.cells[messageCol] ?? '') : '',
        since: Number.isNaN(since) ? undefined : since,
      });
    }
  }
  const listed = new Set(rows.map(r => r.kind));
  for (const info of FLUX_KINDS) {
    if (listed.has(info.kind)) continue;
    for (const obj of index.ofKind(info.group, info.kind)) {
      const ref = refOf(obj);
      const status = fluxStatus(obj);
      const since = status.since ? Date.parse(status.since) : NaN;
      rows.push({
        key: `${ref.group}/${ref.kind}/${ref.namespace}/${ref.name}`,
        ref,
        kind: info.kind,
        namespace: ref.namespace,
        name: ref.name,
        revision: str(obj.status?.['lastAppliedRevision']) || str(field(obj.status, 'artifact', 'revision')),
        suspended: status.suspended,
        ready: status.ready,
        state: status.state,
        message: status.message,
        since: Number.isNaN(since) ? undefined : since,
      });
    }
  }
  return rows;
}

export type SortKey = 'kind' | 'namespace' | 'name' | 'revision' | 'suspended' | 'ready' | 'message' | 'age';
export interface Sort {
  key: SortKey;
  dir: 'asc' | 'desc';
}

/** Failing first when sorting by READY: the order people scan for. */
const STATE_ORDER = new Map<FluxState, number>(STATES_WORST_FIRST.map((s, i) => [s, i]));

function compare(a: ObjectRow, b: ObjectRow, key: SortKey): number {
  switch (key) {
    case 'suspended':
      return Number(a.suspended) - Number(b.suspended);
    case 'ready':
      return (STATE_ORDER.get(a.state) ?? 0) - (STATE_ORDER.get(b.state) ?? 0);
    case 'age':
      // Newest transition first in ascending order ("age" grows downwards).
      return (b.since ?? -Infinity) - (a.since ?? -Infinity);
    default:
      return a[key].localeCompare(b[key]);
  }
}

export function sortRows(rows: readonly ObjectRow[], sort: Sort): ObjectRow[] {
  const sign = sort.dir === 'asc' ? 1 : -1;
  return [...rows].sort(
    (a, b) =>
      sign * compare(a, b, sort.key) ||
      a.kind.localeCompare(b.kind) ||
      a.namespace.localeCompare(b.namespace) ||
      a.name.localeCompare(b.name),
  );
}

export interface RowFilter {
  text?: string;
  kind?: string;
  namespace?: string;
  state?: string;
}

export function filterRows(rows: readonly ObjectRow[], filter: RowFilter): ObjectRow[] {
  const text = filter.text?.toLowerCase();
  const states = filter.state
    ? new Set(filter.state.split(',').filter(s => (FLUX_STATES as readonly string[]).includes(s)))
    : undefined;
  return rows.filter(
    row =>
      (!filter.kind || row.kind === filter.kind) &&
      (!filter.namespace || row.namespace === filter.namespace) &&
      (!states?.size || states.has(row.state)) &&
      (!text ||
        `${row.kind} ${row.namespace}/${row.name} ${row.revision} ${row.message}`
          .toLowerCase()
          .includes(text)),
  );
}
