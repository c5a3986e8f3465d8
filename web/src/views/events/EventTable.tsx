/**
 * A table of events (about Flux objects, or any object on its own page), newest first. Rows that arrive while the table is on screen flash once; Warnings
 * are tinted. Used by the Events view and by each object's page.
 */
import type { FluxEvent, ObjRef } from '@fluxscope/shared';
import { eventSortTime, fluxKindByName, splitApiVersion } from '@fluxscope/shared';
import { useEffect, useRef } from 'react';
import { ObjectLink } from '../../components/ObjectLink';
import { age, formatTime, useNow } from '../../components/time';

function involvedRef(event: FluxEvent): ObjRef {
  const info = fluxKindByName(event.involvedObject.kind);
  return {
    // Events about other kinds (Pods, Deployments) name their group in involvedObject.apiVersion.
    group:
      info?.group ??
      (event.involvedObject.apiVersion ? splitApiVersion(event.involvedObject.apiVersion).group : ''),
    kind: info?.kind ?? event.involvedObject.kind,
    namespace: event.involvedObject.namespace,
    name: event.involvedObject.name,
  };
}

function eventTime(event: FluxEvent): string | undefined {
  return event.series?.lastObservedTime || event.lastTimestamp || event.eventTime || event.firstTimestamp;
}

export function EventTable({
  events,
  showObject = true,
  limit,
}: {
  events: readonly FluxEvent[];
  showObject?: boolean;
  limit?: number;
}) {
  const now = useNow(5000);
  const seen = useRef<Set<string> | null>(null);
  const sorted = [...events].sort((a, b) => eventSortTime(b) - eventSortTime(a)).slice(0, limit);
  const fresh = new Set<string>();
  if (seen.current)
    for (const e of sorted) if (!seen.current.has(`${e.id}@${e.resourceVersion ?? ''}`)) fresh.add(e.id);
  useEffect(() => {
    seen.current = new Set(sorted.map(e => `${e.id}@${e.resourceVersion ?? ''}`));
  });

  if (sorted.length === 0) return <p className="table-empty">No events.</p>;
  return (
    <table className="table events-table" aria-label="Events">
      <thead>
        <tr>
          <th className="num">Age</th>
          <th>Type</th>
          <th>Reason</th>
          {showObject && <th>Object</th>}
          <th>Message</th>
        </tr>
      </thead>
      <tbody>
        {sorted.map(event => (
          <tr
            key={event.id}
            className={`${event.type === 'Warning' ? 'ev-warning' : ''}${fresh.has(event.id) ? ' ev-fresh' : ''}`}
          >
            <td className="num cell-nowrap faint" title={formatTime(eventTime(event))}>
              {age(eventTime(event), now)}
              {event.count && event.count > 1 ? <span className="ev-count"> ×{event.count}</span> : null}
            </td>
            <td className="cell-nowrap">
              <span className={`ev-type ${event.type === 'Warning' ? 'st-failed' : 'st-unknown'}`}>
                {event.type}
              </span>
            </td>
            <td className="cell-nowrap">{event.reason}</td>
            {showObject && (
              <td className="cell-nowrap">
                <ObjectLink objRef={involvedRef(event)} />
              </td>
            )}
            <td className="cell-msg">
              {/* Long messages (a Kustomization's applied list) clamp to three lines; focus or click shows all. */}
              <div
                className="clamp"
                tabIndex={event.message.length > 240 ? 0 : undefined}
                title={event.message.length > 240 ? 'Click to show all' : undefined}
              >
                {event.message}
              </div>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
