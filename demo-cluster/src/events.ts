/**
 * core/v1 Events as the Flux controllers record them through client-go's recorder: one Event per
 * (object, reason, message), named `<object>.<hex nanos>`, in the object's namespace; repeats of the same
 * event bump `count` and `lastTimestamp` (the correlator's aggregation) instead of making a new object.
 */
import type { KubeObject, ObjectStore } from './store/store.js';

export type EventType = 'Normal' | 'Warning';

export interface EventSpec {
  involved: KubeObject;
  type: EventType;
  reason: string;
  message: string;
  /** source.component / reportingComponent: kustomize-controller, helm-controller, source-controller... */
  component: string;
  /** The revision annotation Flux adds (`<group>/revision`). */
  revision?: string;
}

const ANNOTATION_GROUP: Record<string, string> = {
  'kustomize-controller': 'kustomize.toolkit.fluxcd.io',
  'helm-controller': 'helm.toolkit.fluxcd.io',
  'source-controller': 'source.toolkit.fluxcd.io',
};

let nanoCounter = 0;

export function eventObject(spec: EventSpec, at: string, count = 1, firstAt = at): KubeObject {
  const inv = spec.involved;
  const namespace = inv.metadata.namespace ?? 'default';
  const nanos = BigInt(Date.parse(firstAt)) * 1_000_000n + BigInt(++nanoCounter % 1_000_000);
  const group = ANNOTATION_GROUP[spec.component];
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: {
      name: `${inv.metadata.name}.${nanos.toString(16)}`,
      namespace,
      creationTimestamp: firstAt,
      ...(spec.revision && group ? { annotations: { [`${group}/revision`]: spec.revision } } : {}),
    },
    involvedObject: {
      apiVersion: inv.apiVersion,
      kind: inv.kind,
      name: inv.metadata.name,
      namespace,
      ...(inv.metadata.uid ? { uid: inv.metadata.uid } : {}),
      ...(inv.metadata.resourceVersion ? { resourceVersion: inv.metadata.resourceVersion } : {}),
    },
    reason: spec.reason,
    message: spec.message,
    type: spec.type,
    count,
    firstTimestamp: firstAt,
    lastTimestamp: at,
    eventTime: null,
    source: { component: spec.component },
    reportingComponent: spec.component,
    reportingInstance: `${spec.component}-${'7f8d9c6b5d'}-x2k4p`,
  };
}

/** Records an event in the store, aggregating with an identical earlier one as client-go does. */
export function recordEvent(store: ObjectStore, spec: EventSpec): KubeObject {
  const ns = spec.involved.metadata.namespace ?? 'default';
  const now = store.timestamp();
  for (const existing of store.list('/Event', ns)) {
    const io = existing['involvedObject'] as { kind?: string; name?: string } | undefined;
    if (
      io?.kind === spec.involved.kind &&
      io.name === spec.involved.metadata.name &&
      existing['reason'] === spec.reason &&
      existing['message'] === spec.message
    ) {
      return store.update('/Event', ns, existing.metadata.name, e => {
        e['count'] = ((e['count'] as number | undefined) ?? 1) + 1;
        e['lastTimestamp'] = now;
      }) as KubeObject;
    }
  }
  return store.put(eventObject(spec, now));
}
