/**
 * The fleet page: one row per cluster (connection, Flux version, objects by state, failing objects, last
 * change, stale since), the failing objects across the fleet, and fleet search ("where does chart X / image
 * Y / source URL Z run"). Every object links into its own cluster's page (`/c/{cluster}/object/...`).
 */
import type { FleetCluster, FleetObject, FleetSearchHit } from '@fluxscope/shared';
import { STATE_LABELS, summaryRef } from '@fluxscope/shared';
import { useEffect, useState } from 'react';
import { EmptyState } from '../../components/EmptyState';
import { ObjectLink } from '../../components/ObjectLink';
import { StatusBadge } from '../../components/Status';
import { age, formatTime, useNow } from '../../components/time';
import { useFleet, useFleetFailing, useFleetSearch } from '../../data/fleet';
import { Link, useQueryParam } from '../../router/router';
import { FILTER_PARAMS, hrefs, inCluster } from '../../router/routes';
import { connectionLook, fleetHeadline, stateBreakdown } from './fleet-model';
import './fleet.css';

/** Typing settles for this long before a search goes out (and the URL changes). */
const SEARCH_DEBOUNCE_MS = 250;

export default function FleetView() {
  const fleet = useFleet({ live: true });
  const [q, setQ] = useQueryParam(FILTER_PARAMS.text);
  const now = useNow(5000);

  if (!fleet.data) {
    if (fleet.error)
      return (
        <EmptyState title="Could not load the fleet" state="failed" icon="!">
          <p>{fleet.error.message}</p>
          <p className="faint">Retrying every few seconds.</p>
        </EmptyState>
      );
    return (
      <div className="loading" role="status" aria-live="polite">
        <span className="dot st-progressing" aria-hidden="true" /> Loading the fleet…
      </div>
    );
  }
  const rows = fleet.data.clusters;
  return (
    <div className="page fleet">
      <div className="page__head">
        <h1>Fleet</h1>
        <span className="count">{fleetHeadline(rows)}</span>
      </div>
      <FleetSearchBox value={q} onChange={setQ} />
      {q.trim() && <SearchResults q={q} now={now} />}
      <section className="card" aria-labelledby="fleet-clusters">
        <div className="card__head">
          <h2 id="fleet-clusters">Clusters</h2>
          {fleet.isRefetchError && <span className="fleet__warn">Not updating: {fleet.error?.message}</span>}
        </div>
        <ClusterTable rows={rows} defaultCluster={fleet.data.defaultCluster} now={now} />
      </section>
      <FailingAcrossFleet clusters={rows.length} now={now} />
    </div>
  );
}

function FleetSearchBox({ value, onChange }: { value: string; onChange: (q: string) => void }) {
  const [text, setText] = useState(value);
  useEffect(() => setText(value), [value]);
  useEffect(() => {
    if (text === value) return;
    const timer = setTimeout(() => onChange(text), SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [text, value, onChange]);
  return (
    <form
      className="toolbar fleet__search"
      role="search"
      onSubmit={e => (e.preventDefault(), onChange(text))}
    >
      <input
        className="input"
        type="search"
        aria-label="Search the fleet"
        placeholder="Where does it run? A chart (podinfo, podinfo@6.5), an image, a Git or OCI URL, a name…"
        value={text}
        onChange={e => setText(e.target.value)}
      />
    </form>
  );
}

function ClusterLink({ name }: { name: string }) {
  return (
    <Link href={inCluster(name, '/')} className="fleet__cluster">
      {name}
    </Link>
  );
}

function ClusterTable({
  rows,
  defaultCluster,
  now,
}: {
  rows: FleetCluster[];
  defaultCluster: string;
  now: number;
}) {
  return (
    <div className="table-wrap">
      <table className="table fleet-table" aria-label="Clusters">
        <thead>
          <tr>
            <th>Cluster</th>
            <th>Connection</th>
            <th>Flux</th>
            <th className="num">Objects</th>
            <th>States</th>
            <th>Failing</th>
            <th className="num">Last change</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(row => {
            const look = connectionLook(row.connection);
            return (
              <tr key={row.name} className={row.failing ? 'fleet-row--failing' : undefined}>
                <td className="cell-nowrap">
                  <ClusterLink name={row.name} />
                  {row.name === defaultCluster && <span className="faint"> default</span>}
                  {row.demo && <span className="fleet__tag">demo</span>}
                </td>
                <td>
                  <StatusBadge state={look.state} label={look.label} />
                  {row.connection.staleSince && (
                    <div className="fleet__sub" title={formatTime(row.connection.staleSince)}>
                      since {age(row.connection.staleSince, now)} ago
                    </div>
                  )}
                  {row.connection.message && look.state === 'failed' && (
                    <div className="fleet__sub fleet__msg">{row.connection.message}</div>
                  )}
                </td>
                <td className="cell-nowrap mono">{row.fluxVersion ?? '–'}</td>
                <td className="num">{row.objects}</td>
                <td>
                  <ul className="fleet__states" aria-label={`${row.name}: objects by state`}>
                    {stateBreakdown(row).map(s => (
                      <li
                        key={s.state}
                        className={`st-${s.state}`}
                        title={`${s.count} ${STATE_LABELS[s.state]}`}
                      >
                        <span className="dot" aria-hidden="true" />
                        {s.count} {s.label}
                      </li>
                    ))}
                  </ul>
                </td>
                <td>
                  {row.failing === 0 ? (
                    <span className="faint">none</span>
                  ) : (
                    <ul className="fleet__failing">
                      {row.topFailing.map(o => (
                        <li key={`${o.kind}/${o.namespace}/${o.name}`}>
                          <ObjectLink objRef={summaryRef(o)} cluster={row.name} />
                        </li>
                      ))}
                      {row.failing > row.topFailing.length && (
                        <li className="faint">and {row.failing - row.topFailing.length} more</li>
                      )}
                    </ul>
                  )}
                </td>
                <td className="num cell-nowrap" title={formatTime(row.lastChange)}>
                  {row.lastChange ? age(row.lastChange, now) : '–'}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function FailingAcrossFleet({ clusters, now }: { clusters: number; now: number }) {
  const failing = useFleetFailing();
  const items = failing.data?.items ?? [];
  const total = failing.data?.total ?? 0;
  return (
    <section className="card" aria-labelledby="fleet-failing">
      <div className="card__head">
        <h2 id="fleet-failing">Failing across the fleet</h2>
        <span className="count">
          {total > items.length ? `${items.length} of ${total}` : total} failed or stalled
        </span>
      </div>
      {failing.isPending ? (
        <p className="table-empty">Loading…</p>
      ) : items.length === 0 ? (
        <p className="table-empty">Nothing failed or stalled in {clusters} clusters.</p>
      ) : (
        <div className="table-wrap">
          <ObjectsTable items={items} now={now} label="Failing objects" />
        </div>
      )}
    </section>
  );
}

function ObjectsTable({
  items,
  now,
  label,
  matched,
}: {
  items: Array<FleetObject | FleetSearchHit>;
  now: number;
  label: string;
  matched?: boolean;
}) {
  return (
    <table className="table fleet-table" aria-label={label}>
      <thead>
        <tr>
          <th>State</th>
          <th>Cluster</th>
          <th>Object</th>
          {matched ? <th>Matched</th> : <th>Message</th>}
          <th className="num">Since</th>
        </tr>
      </thead>
      <tbody>
        {items.map(item => {
          const o = item.object;
          const hit = 'field' in item ? item : undefined;
          return (
            <tr key={`${item.cluster}/${o.kind}/${o.namespace}/${o.name}`}>
              <td className="cell-nowrap">
                <StatusBadge state={o.state} />
              </td>
              <td className="cell-nowrap">
                <ClusterLink name={item.cluster} />
              </td>
              <td className="cell-nowrap">
                <ObjectLink objRef={summaryRef(o)} cluster={item.cluster} />
              </td>
              {hit ? (
                <td className="mono fleet__match">
                  <span className="faint">{hit.field}</span> {hit.value}
                  {hit.exact && <span className="fleet__tag">exact</span>}
                </td>
              ) : (
                <td className="cell-msg">{o.message ?? ''}</td>
              )}
              <td className="num cell-nowrap" title={formatTime(o.since)}>
                {age(o.since, now)}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function SearchResults({ q, now }: { q: string; now: number }) {
  const search = useFleetSearch(q);
  const data = search.data;
  return (
    <section className="card" aria-labelledby="fleet-search-results" aria-busy={search.isFetching}>
      <div className="card__head">
        <h2 id="fleet-search-results">Where “{q.trim()}” runs</h2>
        <span className="count" aria-live="polite">
          {data
            ? `${data.total} object${data.total === 1 ? '' : 's'} in ${data.clusters.length} cluster${
                data.clusters.length === 1 ? '' : 's'
              }${data.total > data.hits.length ? ` · first ${data.hits.length} shown` : ''}`
            : 'Searching…'}
        </span>
      </div>
      {search.error ? (
        <p className="table-empty">Search failed: {search.error.message}</p>
      ) : data && data.hits.length === 0 ? (
        <p className="table-empty">
          No cluster runs a chart, image, source or object matching “{q.trim()}”.{' '}
          <Link href={hrefs.fleet()}>Clear the search</Link>
        </p>
      ) : data ? (
        <div className="table-wrap">
          <ObjectsTable items={data.hits} now={now} label="Search results" matched />
        </div>
      ) : null}
    </section>
  );
}
