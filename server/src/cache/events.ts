/**
 * core/v1 Events reduced to FluxEvent (what `flux events` prints and the UI shows). Every Event is kept, not
 * only those about Flux kinds: `flux events` sorts the whole list it gets from the API before it drops the
 * others, so which of two Events with the same timestamp comes first depends on the Events between them.
 */
import type { ClusterObject, FluxEvent } from '@fluxscope/shared';

interface RawEvent {
  metadata: { name: string; namespace?: string; resourceVersion?: string };
  involvedObject?: { kind?: string; name?: string; namespace?: string; apiVersion?: string; uid?: string };
  type?: string;
  reason?: string;
  message?: string;
  count?: number;
  firstTimestamp?: string | null;
  lastTimestamp?: string | null;
  eventTime?: string | null;
  series?: { count?: number; lastObservedTime?: string };
  source?: { component?: string };
  reportingComponent?: string;
  reportingController?: string;
}

export function eventId(obj: { metadata: { name: string; namespace?: string } }): string {
  return `${obj.metadata.namespace ?? ''}/${obj.metadata.name}`;
}

/** The FluxEvent for an Event, or undefined when it names no involved object. */
export function toFluxEvent(obj: ClusterObject): FluxEvent | undefined {
  const raw = obj as unknown as RawEvent;
  const involved = raw.involvedObject;
  if (!involved?.kind) return undefined;
  const event: FluxEvent = {
    id: eventId(raw),
    namespace: raw.metadata.namespace ?? '',
    type: raw.type ?? 'Normal',
    reason: raw.reason ?? '',
    message: raw.message ?? '',
    involvedObject: {
      kind: involved.kind,
      name: involved.name ?? '',
      namespace: involved.namespace ?? raw.metadata.namespace ?? '',
      ...(involved.apiVersion ? { apiVersion: involved.apiVersion } : {}),
      ...(involved.uid ? { uid: involved.uid } : {}),
    },
  };
  if (raw.count !== undefined) event.count = raw.count;
  if (raw.firstTimestamp) event.firstTimestamp = raw.firstTimestamp;
  if (raw.lastTimestamp) event.lastTimestamp = raw.lastTimestamp;
  if (raw.eventTime) event.eventTime = raw.eventTime;
  if (raw.series?.count !== undefined && raw.series.lastObservedTime) {
    event.series = { count: raw.series.count, lastObservedTime: raw.series.lastObservedTime };
  }
  const source = raw.source?.component || raw.reportingController || raw.reportingComponent;
  if (source) event.source = source;
  if (raw.metadata.resourceVersion) event.resourceVersion = raw.metadata.resourceVersion;
  return event;
}

/** When the event last happened, for ordering (flux events' order). */
export function eventTime(e: FluxEvent): string {
  return e.series?.lastObservedTime ?? e.lastTimestamp ?? e.eventTime ?? e.firstTimestamp ?? '';
}
