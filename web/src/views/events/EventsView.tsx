/**
 * `flux events -A`, live: filters by type, kind, namespace and name in the URL; new rows flash in. Beyond flux,
 * "All objects" (or a non-Flux kind) also lists Events about Pods, Deployments and every other kind.
 */
import { EVENT_KINDS, listEvents } from '@fluxscope/shared';
import { CopyTextButton } from '../../components/CopyTextButton';
import { FilterToolbar, KindFilter, NamespaceFilter, SearchFilter } from '../../components/FilterToolbar';
import { apiPaths } from '../../data/api';
import { useClusterMemo } from '../../data/cluster-context';
import { useQueryParam } from '../../router/router';
import { FILTER_PARAMS } from '../../router/routes';
import { EventTable } from './EventTable';

const LIMIT = 500;

export default function EventsView() {
  const [type, setType] = useQueryParam('type');
  const [kind, setKind] = useQueryParam(FILTER_PARAMS.kind);
  const [namespace] = useQueryParam(FILTER_PARAMS.namespace);
  const [name, setName] = useQueryParam('name');
  const [text] = useQueryParam(FILTER_PARAMS.text);
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
      [...new Set([...index.events()].map(e => e.involvedObject.kind))]
        .filter(k => !EVENT_KINDS.some(f => f === k))
        .sort(),
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
      <FilterToolbar
        label="Event filters"
        count={`${events.length} events${warnings ? ` · ${warnings} warnings` : ''}${
          events.length > LIMIT ? ` · newest ${LIMIT} shown` : ''
        }`}
      >
        <SearchFilter label="Search events" placeholder="Search reason, message…" />
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
        <KindFilter kinds={[...EVENT_KINDS, ...otherKinds]} />
        <NamespaceFilter namespaces={namespaces} />
        {kind && (
          <input
            className="input"
            placeholder={`${kind} name`}
            aria-label="Object name"
            value={name}
            onChange={e => setName(e.target.value)}
          />
        )}
      </FilterToolbar>
      <div className="card table-wrap">
        <EventTable events={events} limit={LIMIT} />
      </div>
    </div>
  );
}
