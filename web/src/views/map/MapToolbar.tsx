/** Map filters: namespace, kind, status chips, text. They live in the URL (shareable, back/forward). */
import { FLUX_STATES, STATE_LABELS, type FluxState } from '@fluxscope/shared';
import type { MapFilter } from './model/filter';
import { isFilterEmpty } from './model/filter';

interface Props {
  filter: MapFilter;
  onChange: (filter: MapFilter) => void;
  namespaces: Map<string, number>;
  kinds: Map<string, number>;
  shown: number;
  total: number;
}

/** Everything but Ready: Unknown (never reconciled yet) and Suspended included. */
export const NOT_READY: readonly FluxState[] = FLUX_STATES.filter(state => state !== 'ready');

const isNotReady = (states: ReadonlySet<FluxState> | undefined) =>
  states?.size === NOT_READY.length && NOT_READY.every(state => states.has(state));

const single = (set: ReadonlySet<string> | undefined) => (set?.size === 1 ? [...set][0]! : '');

export function MapToolbar({ filter, onChange, namespaces, kinds, shown, total }: Props) {
  const toggleState = (state: FluxState) => {
    const states = new Set(filter.states ?? []);
    if (states.has(state)) states.delete(state);
    else states.add(state);
    onChange({ ...filter, states });
  };
  const sorted = (map: Map<string, number>) => [...map.entries()].sort((a, b) => a[0].localeCompare(b[0]));
  return (
    <div className="map__toolbar toolbar" role="toolbar" aria-label="Map filters">
      <input
        className="input"
        type="search"
        placeholder="Filter by name…"
        aria-label="Filter by name"
        value={filter.text ?? ''}
        onChange={e => onChange({ ...filter, text: e.target.value })}
      />
      <select
        className="select"
        aria-label="Namespace"
        value={single(filter.namespaces)}
        onChange={e => onChange({ ...filter, namespaces: new Set(e.target.value ? [e.target.value] : []) })}
      >
        <option value="">All namespaces</option>
        {sorted(namespaces).map(([ns, count]) => (
          <option key={ns} value={ns}>
            {ns || '(cluster)'} · {count}
          </option>
        ))}
      </select>
      <select
        className="select"
        aria-label="Kind"
        value={single(filter.kinds)}
        onChange={e => onChange({ ...filter, kinds: new Set(e.target.value ? [e.target.value] : []) })}
      >
        <option value="">All kinds</option>
        {sorted(kinds).map(([kind, count]) => (
          <option key={kind} value={kind}>
            {kind} · {count}
          </option>
        ))}
      </select>
      <div className="chips" role="group" aria-label="Status">
        <button
          type="button"
          className="chip st-failed"
          aria-pressed={isNotReady(filter.states)}
          onClick={() => onChange({ ...filter, states: new Set(isNotReady(filter.states) ? [] : NOT_READY) })}
          title="Every object that is not Ready, Unknown and Suspended included"
        >
          <span className="dot" aria-hidden="true" />
          Not ready
        </button>
        {FLUX_STATES.map(state => (
          <button
            key={state}
            type="button"
            className={`chip st-${state}`}
            aria-pressed={filter.states?.has(state) ?? false}
            onClick={() => toggleState(state)}
          >
            <span className="dot" aria-hidden="true" />
            {STATE_LABELS[state]}
          </button>
        ))}
      </div>
      {!isFilterEmpty(filter) && (
        <button
          type="button"
          className="btn btn--ghost btn--sm"
          onClick={() => onChange({})}
          aria-label="Clear filters"
        >
          ✕ Clear
        </button>
      )}
      <span className="count" aria-live="polite">
        {shown === total ? `${total} objects` : `${shown} / ${total} objects`}
      </span>
    </div>
  );
}
