/**
 * What the watchers deliver, written into the ClusterIndex and, change by change, into the change log the
 * SSE stream sends: complete lists (which also delete what is gone), single watch events, and Kubernetes
 * Events (events.ts says which), of which only the newest `maxEvents` are kept.
 */
import {
  type ClusterIndex,
  type ClusterObject,
  type FluxEvent,
  type KindInfo,
  refOf,
  storedForm,
} from '@fluxscope/shared';
import type { ChangeLog } from './change-log.js';
import { eventId, eventTime, toFluxEvent } from './events.js';
import type { WatchEventType } from './kind-watcher.js';

export class EventStore {
  /** Event ids by arrival, oldest first, for keeping only the newest maxEvents. */
  private readonly eventOrder = new Map<string, true>();

  constructor(
    private readonly index: ClusterIndex,
    private readonly changes: ChangeLog,
    private readonly maxEvents: number,
  ) {}

  /**
   * A complete list of one kind (`namespace`: the list covered only that namespace), items already in stored
   * form: the kind's objects become exactly these. Returns how many objects of the kind the index now holds.
   */
  replaceObjects(info: KindInfo, items: ClusterObject[], namespace?: string): number {
    const fresh = new Map(
      items.map(item => [`${item.metadata.namespace ?? ''}/${item.metadata.name}`, item]),
    );
    let elsewhere = 0;
    for (const old of this.index.ofKind(info.group, info.kind)) {
      if (namespace !== undefined && old.metadata.namespace !== namespace) {
        elsewhere++;
        continue;
      }
      if (!fresh.has(`${old.metadata.namespace ?? ''}/${old.metadata.name}`)) {
        this.index.remove(refOf(old));
        this.changes.push({ op: 'delete', ref: refOf(old) });
      }
    }
    for (const item of items) {
      const previous = this.index.get(refOf(item));
      if (previous && previous.metadata.resourceVersion === item.metadata.resourceVersion) continue;
      this.index.upsert(item);
      this.changes.push({ op: 'upsert', object: item });
    }
    return elsewhere + fresh.size;
  }

  /** One watch event; returns by how much the kind's object count changed (-1, 0, 1), undefined if ignored. */
  applyObject(type: WatchEventType, obj: ClusterObject): number | undefined {
    if (!obj?.metadata?.name) return undefined;
    const ref = refOf(obj);
    if (type === 'DELETED') {
      if (!this.index.remove(ref)) return 0;
      this.changes.push({ op: 'delete', ref });
      return -1;
    }
    const added = this.index.get(ref) ? 0 : 1;
    const stored = storedForm(obj);
    this.index.upsert(stored);
    this.changes.push({ op: 'upsert', object: stored });
    return added;
  }

  /** A complete list of Events (of one namespace when given): they replace the old ones. */
  replaceEvents(items: ClusterObject[], namespace?: string): void {
    const fresh = items.map(toFluxEvent).filter(e => e !== undefined);
    fresh.sort((a, b) => eventTime(a).localeCompare(eventTime(b)));
    const ids = new Set(fresh.map(e => e.id));
    const inScope =
      namespace === undefined
        ? [...this.eventOrder.keys()]
        : [...this.index.events()].filter(e => e.namespace === namespace).map(e => e.id);
    for (const id of inScope) if (!ids.has(id)) this.removeEvent(id);
    for (const event of fresh) this.addEvent(event);
  }

  /** One watch event on an Event; false when toFluxEvent ignores it. */
  applyEvent(type: WatchEventType, obj: ClusterObject): boolean {
    if (!obj?.metadata?.name) return false;
    if (type === 'DELETED') {
      this.removeEvent(eventId(obj));
      return true;
    }
    const event = toFluxEvent(obj);
    if (!event) return false;
    this.addEvent(event);
    return true;
  }

  /** A kind is gone from the cluster (its CRD removed): its objects go too. */
  dropObjects(info: KindInfo): void {
    for (const obj of this.index.removeKind(info.group, info.kind))
      this.changes.push({ op: 'delete', ref: refOf(obj) });
  }

  dropEvents(): void {
    for (const id of [...this.eventOrder.keys()]) this.removeEvent(id);
  }

  private addEvent(event: FluxEvent): void {
    this.eventOrder.delete(event.id);
    this.eventOrder.set(event.id, true);
    this.index.upsertEvent(event);
    this.changes.push({ op: 'event', event });
    while (this.eventOrder.size > this.maxEvents) {
      const oldest = this.eventOrder.keys().next().value;
      if (oldest === undefined) break;
      this.removeEvent(oldest);
    }
  }

  private removeEvent(id: string): void {
    if (!this.eventOrder.delete(id)) return;
    this.index.removeEvent(id);
    this.changes.push({ op: 'event-delete', id });
  }
}
