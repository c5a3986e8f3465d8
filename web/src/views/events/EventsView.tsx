/**
 * `flux events -A`, live: filters by type, kind, namespace and name in the URL; new rows flash in. Beyond flux,
 * "All objects" (or a non-Flux kind) also lists Events about Pods, Deployments and every other kind.
 */
import { EVENT_KINDS, listEvents } from '@fluxscope/shared';
import { CopyTextButton } from '../../components/CopyTextButton';
import { apiPaths } from '../../data/api';
import { useClusterMemo } from '../../data/cluster-context';
import { useQueryParam } from '../../router/router';
import { EventTable } from './EventTable';

const LIMIT = 500;

export default function EventsView() {
  const [type, setType] = useQueryParam('type');
  const [kind, setKind] = useQueryParam('kind');
  const [namespace, setNamespace] = useQueryParam('namespace');
  const [name, setName] = useQueryParam('name');
  const [text, setText] = useQueryParam('q');
  const [scope, setScope] = useQueryParam('objects');
  const fluxKinds = new Set<string>(EVENT_KINDS);
  // A kind flux events does not know (Pod, Deployment...) only makes sense over every object's Events.
  const all = scope === 'all' || (kind !== '' && !fluxKinds.has(kind));

  const events = useClusterMemo(
    index => {
      const listed = listEvents(index, {
        ...(all ? { all } : {}),
        ...(type ? { type } : {}),
        ...(kind ? { kind } : {}),
        ...(namespace ? { namespace } : {}),
        ...(kind && name ? { name } : {}),
      });
      const needle = text.toLowerCase();
      return needle
        ? listed.filter(e =>
            `${e.reason} ${e.message} ${e.involvedObject.name}`.toLowerCase().includes(needle),
          )
        : listed;
    },
    [type, kind, namespace, name, text, all],
  );
  const namespaces = useClusterMemo(
    index => [...new Set([...index.events()].map(e => e.namespace))].sort(),
    [],
  );
  const otherKinds = useClusterMemo(
    index =>
      [...new Set([...index.events()].map(e => e.involvedObject.kind))].filter(k => !fluxKinds.has(k)).sort(),
    [],
  );
  const warnings = events.filter(e => e.type === 'Warning').length;

  return (
    <div className="page">
      <div className="page__head">
        <h1>Events</h1>
        <CopyTextButton
          path={apiPaths.eventsText({
            type,
            kind,
            namespace,
            name: kind ? name : undefined,
            all: all ? 'true' : undefined,
          })}
          what="flux events"
        />
      </div>
      <div className="toolbar" role="toolbar" aria-label="Event filters">
        <div className="segmented" role="group" aria-label="Type">
          {[
            ['', 'All'],
            ['Warning', 'Warnings'],
            ['Normal', 'Normal'],
          ].map(([value, label]) => (
            <button
              key={label}
              type="button"
              className="btn btn--sm"
              aria-pressed={type === value}
              onClick={() => setType(value)}
            >
              {label}
            </button>
          ))}
        </div>
        <div className="segmented" role="group" aria-label="Objects">
          {[
            ['', 'Flux objects'],
            ['all', 'All objects'],
          ].map(([value, label]) => (
            <button
              key={label}
              type="button"
              className="btn btn--sm"
              aria-pressed={value === 'all' ? all : !all}
              onClick={() => {
                setScope(value);
                if (!value && kind && !fluxKinds.has(kind)) setKind('');
              }}
            >
              {label}
            </button>
          ))}
        </div>
        <select className="select" aria-label="Kind" value={kind} onChange={e => setKind(e.target.value)}>
          <option value="">All kinds</option>
          <optgroup label="Flux">
            {EVENT_KINDS.map(k => (
              <option key={k}>{k}</option>
            ))}
          </optgroup>
          {otherKinds.length > 0 && (
            <optgroup label="Other objects">
              {otherKinds.map(k => (
                <option key={k}>{k}</option>
              ))}
            </optgroup>
          )}
        </select>
        <select
          className="select"
          aria-label="Namespace"
          value={namespace}
          onChange={e => setNamespace(e.target.value)}
        >
          <option value="">All namespaces</option>
          {namespaces.map(ns => (
            <option key={ns}>{ns}</option>
          ))}
        </select>
        {kind && (
          <input
            className="input"
            placeholder={`${kind} name`}
            aria-label="Object name"
            value={name}
            onChange={e => setName(e.target.value)}
          />
        )}
        <input
          className="input"
          type="search"
          placeholder="Search reason, message…"
          aria-label="Search events"
          value={text}
          onChange={e => setText(e.target.value)}
        />
        <span className="count">
          {events.length} events{warnings ? ` · ${warnings} warnings` : ''}
          {events.length > LIMIT ? ` · newest ${LIMIT} shown` : ''}
        </span>
      </div>
      <div className="card table-wrap">
        <EventTable events={events} limit={LIMIT} />
      </div>
    </div>
  );
}
