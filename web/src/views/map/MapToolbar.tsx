/**
 * Map filters: search, namespace, kind, status chips, grouping. They live in the URL (shareable,
 * back/forward).
 */
import { FLUX_STATES, STATE_LABELS, type FluxState } from '@fluxscope/shared';
import type { MapFilter } from './model/filter';
import { GROUP_BY, GROUP_BY_LABELS, type GroupBy, SUMMARY_ABOVE } from './model/groups';
import { isFilterEmpty } from './model/filter';
import { MapFind } from './MapFind';

interface Props {
  filter: MapFilter;
  onChange: (filter: MapFilter) => void;
  namespaces: Map<string, number>;
  kinds: Map<string, number>;
  shown: number;
  total: number;
  /** The grouping in force, and what the URL asks for ('' = automatic: summary above SUMMARY_ABOVE). */
  grouping: GroupBy | undefined;
  groupParam: string;
  onGrouping: (param: string) => void;
  /** Collapsed groups drawn, and groups opened by the user. */
  groups: number;
  openGroups: number;
  onCollapseAll: () => void;
  /** The search: "3 of 12", how many matches, stepping. */
  search: { count: string; matches: number; onStep: (direction: 1 | -1) => void };
}

/** Everything but Ready: Unknown (never reconciled yet) and Suspended included. */
export const NOT_READY: readonly FluxState[] = FLUX_STATES.filter(state => state !== 'ready');

const isNotReady = (states: ReadonlySet<FluxState> | undefined) =>
  states?.size === NOT_READY.length && NOT_READY.every(state => states.has(state));

const single = (set: ReadonlySet<string> | undefined) => (set?.size === 1 ? [...set][0]! : '');

export function MapToolbar(props: Props) {
  const { filter, onChange, namespaces, kinds, shown, total } = props;
  const toggleState = (state: FluxState) => {
    const states = new Set(filter.states ?? []);
    if (states.has(state)) states.delete(state);
    else states.add(state);
    onChange({ ...filter, states });
  };
  const sorted = (map: Map<string, number>) => [...map.entries()].sort((a, b) => a[0].localeCompare(b[0]));
  return (
    <div className="map__toolbar toolbar" role="toolbar" aria-label="Map filters">
      <MapFind
        text={filter.text ?? ''}
        onText={text => onChange({ ...filter, text })}
        only={filter.only ?? false}
        onOnly={only => onChange({ ...filter, only })}
        {...props.search}
      />
      {/* One row that scrolls sideways by itself on a phone, under a full-width search; part of the
          toolbar's own wrapping row on wider screens (map.css). */}
      <div className="map__filters">
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
        <GroupControls {...props} />
        <div className="chips" role="group" aria-label="Status">
          <button
            type="button"
            className="chip st-failed"
            aria-pressed={isNotReady(filter.states)}
            onClick={() =>
              onChange({ ...filter, states: new Set(isNotReady(filter.states) ? [] : NOT_READY) })
            }
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
          {props.grouping && props.groups > 0 ? ` · ${props.groups} groups` : ''}
        </span>
      </div>
    </div>
  );
}

/** Group by namespace or applying Kustomization; "automatic" groups only above SUMMARY_ABOVE objects. */
function GroupControls({ grouping, groupParam, onGrouping, openGroups, onCollapseAll, shown }: Props) {
  return (
    <>
      <select
        className="select"
        aria-label="Group by"
        value={groupParam}
        onChange={e => onGrouping(e.target.value)}
        title={`Automatic: grouped when more than ${SUMMARY_ABOVE} objects are shown (${shown} now)`}
      >
        <option value="">
          {groupParam === '' && grouping
            ? `Grouped: ${GROUP_BY_LABELS[grouping].toLowerCase()}`
            : 'Groups: auto'}
        </option>
        {GROUP_BY.map(by => (
          <option key={by} value={by}>
            Group: {GROUP_BY_LABELS[by].toLowerCase()}
          </option>
        ))}
        <option value="none">No groups</option>
      </select>
      {grouping && openGroups > 0 && (
        <button type="button" className="btn btn--ghost btn--sm" onClick={onCollapseAll}>
          Collapse all
        </button>
      )}
    </>
  );
}
