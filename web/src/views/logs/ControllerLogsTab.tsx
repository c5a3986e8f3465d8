/**
 * A Flux object's lines in its controller's log (the server reads the controller Pod's log and keeps the
 * lines controller-runtime wrote for this object): newest first, errors stand out, a filter and an
 * "errors only" switch, refreshed on demand.
 */
import type { ControllerLogs, ObjRef } from '@fluxscope/shared';
import { isEmptyFilter, matchesFilter, parseLineFilter } from '@fluxscope/shared';
import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { EmptyState } from '../../components/EmptyState';
import { formatTime } from '../../components/time';
import { getJson } from '../../data/api';
import { useApiPath, useCluster } from '../../data/cluster-context';
import { LogsOff } from './LogsTab';
import './logs.css';

const path = (ref: ObjRef) =>
  `/api/v1/controller-logs/${encodeURIComponent(ref.group || 'core')}/${encodeURIComponent(ref.kind)}/${encodeURIComponent(
    ref.namespace || '_',
  )}/${encodeURIComponent(ref.name)}`;

export function ControllerLogsTab({ objRef }: { objRef: ObjRef }) {
  const { state } = useCluster();
  const enabled = state.connection.logsEnabled !== false;
  const [filter, setFilter] = useState('');
  const [errorsOnly, setErrorsOnly] = useState(false);
  const url = useApiPath()(path(objRef));
  const logs = useQuery({
    queryKey: ['controller-logs', url],
    queryFn: ({ signal }) => getJson<ControllerLogs>(url, { signal }),
    enabled,
    staleTime: 30_000,
    retry: 1,
  });
  const parsed = useMemo(() => parseLineFilter(filter), [filter]);
  const lines = useMemo(() => {
    const all = logs.data?.lines ?? [];
    return all
      .filter(l => !errorsOnly || l.level === 'error' || l.error !== undefined)
      .filter(
        l =>
          isEmptyFilter(parsed) ||
          matchesFilter(
            `${l.level} ${l.msg} ${l.error ?? ''} ${l.fields.map(f => `${f.key}=${f.value}`).join(' ')}`,
            parsed,
          ),
      )
      .reverse();
  }, [logs.data, errorsOnly, parsed]);

  if (!enabled) return <LogsOff />;
  if (logs.isPending) return <p className="faint">Reading the controller's log…</p>;
  if (logs.isError)
    return <p className="st-failed">Could not read the controller's log: {logs.error.message}</p>;
  const data = logs.data;
  return (
    <section className="card logs" aria-label="Controller logs">
      <div className="card__head">
        <h2>
          {data.controller || 'Controller'} <span className="faint">lines about this {objRef.kind}</span>
        </h2>
        <button
          type="button"
          className="btn btn--sm"
          onClick={() => void logs.refetch()}
          disabled={logs.isFetching}
        >
          {logs.isFetching ? 'Refreshing…' : 'Refresh'}
        </button>
      </div>
      <div className="toolbar logs__toolbar" role="toolbar" aria-label="Controller log filters">
        <label className="check">
          <input type="checkbox" checked={errorsOnly} onChange={e => setErrorsOnly(e.target.checked)} />
          Errors only
        </label>
        <input
          className="input logs__filter"
          type="search"
          aria-label="Filter controller lines"
          placeholder="Filter: revision -unchanged"
          value={filter}
          onChange={e => setFilter(e.target.value)}
        />
      </div>
      <div className="logs__status">
        <span role="status" className="count">
          {lines.length.toLocaleString()} of {data.lines.length.toLocaleString()} lines naming it, in the last{' '}
          {data.scanned.toLocaleString()} lines of {data.pods.join(', ') || 'no Pod'}
        </span>
      </div>
      {data.message && <p className="card__body st-failed">{data.message}</p>}
      {lines.length === 0 ? (
        <EmptyState title="No lines about this object">
          <p>The controller logs an object when it reconciles it; older lines may have rotated away.</p>
        </EmptyState>
      ) : (
        <ol className="ctl-lines">
          {lines.map((l, i) => (
            <li
              key={`${l.ts ?? ''}-${i}`}
              className={l.level === 'error' ? 'ctl-line ctl-line--error' : 'ctl-line'}
            >
              <time className="ctl-line__ts mono" dateTime={l.ts}>
                {formatTime(l.ts)}
              </time>
              <span className={`ctl-line__level ctl-line__level--${l.level}`}>{l.level}</span>
              <div className="ctl-line__body">
                <div className="ctl-line__msg">{l.msg}</div>
                {l.error && <div className="ctl-line__error mono">{l.error}</div>}
                {l.fields.length > 0 && (
                  <div className="ctl-line__fields mono">
                    {l.fields.map(f => `${f.key}=${f.value}`).join('  ')}
                  </div>
                )}
              </div>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
