/**
 * core/v1 Events reduced to FluxEvent (what `flux events` prints and the UI shows). Events about every kind are
 * kept (object pages show a Pod's or Deployment's Events too); `flux events` itself filters to Flux kinds.
 */
import { EVENT_KINDS, FLUX_KINDS, type ClusterObject, type FluxEvent } from '@fluxscope/shared';

const FLUX_EVENT_KINDS = new Set([...EVENT_KINDS, ...FLUX_KINDS.map(k => k.kind)].map(k => k.toLowerCase()));

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

/** Events about Flux kinds: the ones kept first when the cap is reached. */
export function isFluxEvent(event: FluxEvent): boolean {
  return FLUX_EVENT_KINDS.has(event.involvedObject.kind.toLowerCase());
}

/** The FluxEvent for an Event, or undefined when the Event names no involved object. */
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
