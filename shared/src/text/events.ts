/** `flux events` output: LAST SEEN as getLastSeen prints it with apimachinery's HumanDuration. */
import type { FluxEvent } from '../kube/types.js';
import { renderTable } from './table.js';

/** k8s.io/apimachinery/pkg/util/duration.HumanDuration. */
export function humanDuration(ms: number): string {
  const seconds = Math.trunc(ms / 1000);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 60 * 2) return `${seconds}s`;
  const minutes = Math.trunc(ms / 60_000);
  if (minutes < 10) {
    const s = seconds % 60;
    return s === 0 ? `${minutes}m` : `${minutes}m${s}s`;
  }
  if (minutes < 60 * 3) return `${minutes}m`;
  const hours = Math.trunc(ms / 3_600_000);
  if (hours < 8) {
    const m = minutes % 60;
    return m === 0 ? `${hours}h` : `${hours}h${m}m`;
  }
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8) {
    const h = hours % 24;
    return h === 0 ? `${Math.trunc(hours / 24)}d` : `${Math.trunc(hours / 24)}d${h}h`;
  }
  if (hours < 24 * 365 * 2) return `${Math.trunc(hours / 24)}d`;
  if (hours < 24 * 365 * 8) {
    const dy = Math.trunc(hours / 24) % 365;
    const years = Math.trunc(hours / 24 / 365);
    return dy === 0 ? `${years}y` : `${years}y${dy}d`;
  }
  return `${Math.trunc(hours / 24 / 365)}y`;
}

function since(iso: string | undefined, now: Date): string {
  const t = iso ? Date.parse(iso) : NaN;
  if (Number.isNaN(t) || t <= Date.parse('0001-01-01T00:00:00Z')) return '<unknown>';
  return humanDuration(now.getTime() - t);
}

/** flux's getLastSeen. */
export function lastSeen(e: FluxEvent, now: Date): string {
  const first = e.eventTime ? since(e.eventTime, now) : since(e.firstTimestamp, now);
  if (e.series) return `${since(e.series.lastObservedTime, now)} (x${e.series.count} over ${first})`;
  if ((e.count ?? 0) > 1) return `${since(e.lastTimestamp, now)} (x${e.count} over ${first})`;
  return first;
}

export interface EventsTextOptions {
  now: Date;
  /** `-A`: NAMESPACE column first. */
  allNamespaces?: boolean;
  /** The `-n` namespace: NAMESPACE is also shown when an event (of a referenced object) is elsewhere. */
  namespace?: string;
}

export function renderEventsText(events: FluxEvent[], opts: EventsTextOptions): string {
  const showNamespace =
    opts.allNamespaces === true ||
    (opts.namespace !== undefined && events.some(e => e.namespace !== opts.namespace));
  const header = ['Last seen', 'Type', 'Reason', 'Object', 'Message'];
  const rows = events.map(e => {
    const row = [
      lastSeen(e, opts.now),
      e.type,
      e.reason,
      `${e.involvedObject.kind}/${e.involvedObject.name}`,
      e.message,
    ];
    return showNamespace ? [e.namespace, ...row] : row;
  });
  return renderTable(showNamespace ? ['Namespace', ...header] : header, rows);
}
