/**
 * dependsOn in words, from shared's depends-on model: what a waiting object waits for (and whether that is
 * Ready now), since when, when the controller retries; and the two directions of the graph, "Depends on" and
 * "Required by", for every object (the map's panel and the object page).
 */
import type { ClusterIndex, ObjRef } from '@fluxscope/shared';
import { dependsOnOf, fluxStatus, formatObjRef, requiredBy, waitInfo } from '@fluxscope/shared';
import { ObjectLink } from './ObjectLink';
import { STATE_LABELS } from '@fluxscope/shared';
import { age, formatTime, useNow } from './time';

const seconds = (ms: number) => `${Math.max(0, Math.ceil(ms / 1000))} s`;

/** "every 30 s" with where that figure comes from. */
function cadence(everyMs: number, from: 'event' | 'default'): string {
  return from === 'event'
    ? `every ${seconds(everyMs)}, as the controller's last Event says`
    : `every ${seconds(everyMs)} (the controllers' --requeue-dependency default)`;
}

/** Waiting details: dependencies with their state now, since when, next retry. Nothing when not waiting. */
export function WaitDetails({ index, objRef }: { index: ClusterIndex; objRef: ObjRef }) {
  const now = useNow(1000);
  const info = waitInfo(index, objRef, now);
  if (!info) return null;
  const due = info.nextRetry ? Date.parse(info.nextRetry) - now : undefined;
  return (
    <section className="waits" aria-label="Waiting">
      <p className="waits__head">
        {info.dependenciesReady ? (
          <>
            <strong>Dependencies Ready now</strong>
            {due !== undefined && <> · retry due in ≤ {seconds(due)}</>}
          </>
        ) : (
          <>
            <strong>Waits for</strong> {info.waitingFor.map(r => r.name).join(', ')}
          </>
        )}
      </p>
      <ul className="waits__deps" aria-label="Dependencies now">
        {info.dependencies.map(d => (
          <li key={formatObjRef(d.ref)}>
            <ObjectLink objRef={d.ref} showNamespace={d.ref.namespace !== objRef.namespace} />
            <span className={`badge st-${d.state === 'missing' ? 'failed' : d.state}`}>
              {d.state === 'missing' ? 'Missing' : d.ready ? 'Ready now' : STATE_LABELS[d.state]}
            </span>
          </li>
        ))}
      </ul>
      <dl className="facts facts--compact">
        {info.since && (
          <div className="facts__row">
            <dt>Not ready since</dt>
            <dd title={formatTime(info.since)}>{age(info.since, now)} ago</dd>
          </div>
        )}
        {due !== undefined && (
          <div className="facts__row">
            <dt>Next retry</dt>
            <dd>
              in ≤ {seconds(due)}{' '}
              <span className="faint">({cadence(info.retryEveryMs, info.retryEveryFrom)})</span>
            </dd>
          </div>
        )}
      </dl>
    </section>
  );
}

/** "Depends on" (with states now) and "Required by": both directions of dependsOn. */
export function DependencyLists({ index, objRef }: { index: ClusterIndex; objRef: ObjRef }) {
  const obj = index.get(objRef);
  const deps = obj ? dependsOnOf(obj) : [];
  const users = [...requiredBy(index, objRef)].sort(
    (a, b) => a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name),
  );
  const row = (ref: ObjRef) => {
    const dep = index.get(ref);
    const state = dep ? fluxStatus(dep).state : undefined;
    return (
      <li key={formatObjRef(ref)}>
        <ObjectLink objRef={ref} showNamespace={ref.namespace !== objRef.namespace} />
        <span className={`badge st-${state ?? 'failed'}`}>{state ? STATE_LABELS[state] : 'Missing'}</span>
      </li>
    );
  };
  return (
    <dl className="deps" aria-label="dependsOn">
      <dt>Depends on</dt>
      <dd>{deps.length ? <ul>{deps.map(row)}</ul> : <span className="faint">nothing</span>}</dd>
      <dt>Required by</dt>
      <dd>{users.length ? <ul>{users.map(row)}</ul> : <span className="faint">nothing</span>}</dd>
    </dl>
  );
}
