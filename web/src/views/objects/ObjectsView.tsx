/** All Flux objects, as `flux get all -A`: one sortable, filterable table; filters and sort live in the URL. */
import { STATE_LABELS } from '@fluxscope/shared';
import { useMemo, useState } from 'react';
import { CopyTextButton } from '../../components/CopyTextButton';
import {
  FilterToolbar,
  KindFilter,
  NamespaceFilter,
  SearchFilter,
  SelectFilter,
} from '../../components/FilterToolbar';
import { ObjectLink } from '../../components/ObjectLink';
import { StatusBadge } from '../../components/Status';
import { age, formatTime, useNow } from '../../components/time';
import { apiPaths } from '../../data/api';
import { useFluxMemo } from '../../data/cluster-context';
import { useQueryParam } from '../../router/router';
import { FILTER_PARAMS } from '../../router/routes';
import { type SortKey, filterRows, objectRows, sortRows } from './rows';

const COLUMNS: Array<{ key: SortKey; label: string; className?: string; title?: string }> = [
  { key: 'kind', label: 'Kind' },
  { key: 'namespace', label: 'Namespace' },
  { key: 'name', label: 'Name' },
  { key: 'revision', label: 'Revision' },
  { key: 'suspended', label: 'Suspended' },
  { key: 'ready', label: 'Ready' },
  { key: 'age', label: 'Since', className: 'num', title: 'Time since the Ready condition last changed' },
  { key: 'message', label: 'Message' },
];

const STATUS_OPTIONS = [
  { value: 'failed,stalled,waiting', label: 'Not ready' },
  ...Object.entries(STATE_LABELS).map(([value, label]) => ({ value, label })),
];

/** Rendering 10k rows at once would block; show pages of this many. */
const PAGE = 400;

export default function ObjectsView() {
  const now = useNow(5000);
  const [text] = useQueryParam(FILTER_PARAMS.text);
  const [kind] = useQueryParam(FILTER_PARAMS.kind);
  const [namespace] = useQueryParam(FILTER_PARAMS.namespace);
  const [state] = useQueryParam(FILTER_PARAMS.status);
  const [sortParam, setSort] = useQueryParam('sort');
  const [limit, setLimit] = useState(PAGE);

  const [sortKey, sortDir] = (sortParam || 'ready:asc').split(':') as [SortKey, 'asc' | 'desc'];
  const all = useFluxMemo(objectRows, []);
  const rows = useMemo(
    () => sortRows(filterRows(all, { text, kind, namespace, state }), { key: sortKey, dir: sortDir }),
    [all, text, kind, namespace, state, sortKey, sortDir],
  );
  const kinds = useMemo(() => [...new Set(all.map(r => r.kind))], [all]);
  const namespaces = useMemo(() => [...new Set(all.map(r => r.namespace))].sort(), [all]);

  const sortBy = (key: SortKey) => setSort(`${key}:${key === sortKey && sortDir === 'asc' ? 'desc' : 'asc'}`);

  return (
    <div className="page">
      <div className="page__head">
        <h1>Objects</h1>
        <CopyTextButton path={apiPaths.objectsText} what="flux get all -A" />
      </div>
      <FilterToolbar
        label="Object filters"
        count={
          rows.length === all.length ? `${all.length} objects` : `${rows.length} of ${all.length} objects`
        }
      >
        <SearchFilter label="Filter objects" placeholder="Filter name, revision, message…" />
        <KindFilter kinds={kinds} />
        <NamespaceFilter namespaces={namespaces} />
        <SelectFilter
          param={FILTER_PARAMS.status}
          label="Status"
          allLabel="Any status"
          options={STATUS_OPTIONS}
        />
      </FilterToolbar>
      <div className="card table-wrap">
        <table className="table" aria-label="Flux objects">
          <thead>
            <tr>
              {COLUMNS.map(col => (
                <th
                  key={col.key}
                  aria-sort={
                    col.key === sortKey ? (sortDir === 'asc' ? 'ascending' : 'descending') : undefined
                  }
                  className={`col-${col.key}${col.className ? ` ${col.className}` : ''}`}
                  title={col.title}
                >
                  <button type="button" className="sort" onClick={() => sortBy(col.key)}>
                    {col.label}
                    <span aria-hidden="true">
                      {col.key === sortKey ? (sortDir === 'asc' ? '▲' : '▼') : ''}
                    </span>
                  </button>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.slice(0, limit).map(row => (
              <tr key={row.key} className={`st-${row.state}`}>
                <td className="col-kind cell-nowrap muted">{row.kind}</td>
                <td className="col-namespace cell-nowrap">{row.namespace}</td>
                <td className="col-name cell-nowrap">
                  <ObjectLink objRef={row.ref} showKind={false} showNamespace={false} />
                </td>
                <td className="col-revision mono cell-nowrap">{row.revision}</td>
                <td className={`col-suspended cell-nowrap${row.suspended ? '' : ' faint'}`}>
                  {row.suspended ? 'True' : 'False'}
                </td>
                <td className="col-ready cell-nowrap">
                  <StatusBadge
                    state={row.state}
                    label={
                      row.state === 'ready' || row.state === 'suspended'
                        ? row.ready
                        : `${row.ready} · ${STATE_LABELS[row.state]}`
                    }
                  />
                </td>
                <td
                  className="col-age num cell-nowrap faint"
                  title={row.since ? formatTime(new Date(row.since).toISOString()) : ''}
                >
                  {age(row.since, now)}
                </td>
                <td className="col-message cell-msg">{row.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {rows.length === 0 && <p className="table-empty">No objects match these filters.</p>}
        {rows.length > limit && (
          <div className="table-more">
            <button type="button" className="btn" onClick={() => setLimit(l => l + PAGE)}>
              Show {Math.min(PAGE, rows.length - limit)} more of {rows.length - limit}
            </button>
          </div>
        )}
      </div>
    </div>
  );
}
