/**
 * What a workload is doing, from the status summary its slim object carries (shared workloadStatusOf):
 * replicas, rollout and images of Deployments/StatefulSets/DaemonSets/ReplicaSets; phase, node and every
 * container's state, restarts and last termination of a Pod; the last run of a Job or CronJob. The Pods of a
 * workload are listed worst first, live from the index.
 */
import type { ClusterIndex, ClusterObject, ContainerState, WorkloadStatus } from '@fluxscope/shared';
import { podsOf, refOf, workloadStatusOf, worstContainer, objectState } from '@fluxscope/shared';
import type { ReactNode } from 'react';
import { ObjectLink } from '../../components/ObjectLink';
import { StatusBadge } from '../../components/Status';
import { age, formatTime, useNow } from '../../components/time';

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="facts__row">
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

function When({ iso, now }: { iso: string | undefined; now: number }) {
  if (!iso) return <>—</>;
  return <span title={formatTime(iso)}>{age(iso, now)} ago</span>;
}

function Replicas({ r }: { r: NonNullable<WorkloadStatus['replicas']> }) {
  const cells: Array<[string, number]> = [
    ['Desired', r.desired],
    ['Ready', r.ready],
    ['Updated', r.updated],
    ['Available', r.available],
  ];
  return (
    <dl className="replicas" aria-label="Replicas">
      {cells.map(([label, n]) => (
        <div
          key={label}
          className={`replicas__cell${label !== 'Desired' && n < r.desired ? ' st-failed' : ''}`}
        >
          <dt>{label}</dt>
          <dd>{n}</dd>
        </div>
      ))}
    </dl>
  );
}

function containerTone(c: ContainerState): string {
  if (c.state === 'waiting' && c.reason && !['ContainerCreating', 'PodInitializing'].includes(c.reason))
    return 'st-failed';
  if (c.state === 'terminated') return (c.exitCode ?? 0) === 0 ? 'st-ready' : 'st-failed';
  if (c.state === 'running') return c.ready ? 'st-ready' : 'st-progressing';
  return 'st-unknown';
}

export function ContainerTable({ containers, now }: { containers: ContainerState[]; now: number }) {
  return (
    <div className="table-wrap">
      <table className="table" aria-label="Containers">
        <thead>
          <tr>
            <th>Container</th>
            <th>State</th>
            <th className="num">Restarts</th>
            <th>Last termination</th>
            <th>Image</th>
          </tr>
        </thead>
        <tbody>
          {containers.map(c => (
            <tr key={`${c.init ? 'init:' : ''}${c.name}`}>
              <td className="cell-nowrap">
                <span className="mono">{c.name}</span>
                {c.init && <span className="tag">init</span>}
                {!c.init && (
                  <span className={`faint container-ready`}>{c.ready ? ' ready' : ' not ready'}</span>
                )}
              </td>
              <td>
                <span className={`cstate ${containerTone(c)}`}>
                  <span className="dot" aria-hidden="true" />
                  {c.reason ?? c.state}
                  {c.state === 'terminated' && c.exitCode !== undefined ? ` (exit ${c.exitCode})` : ''}
                </span>
                {c.since && (
                  <span className="faint" title={formatTime(c.since)}>
                    {' '}
                    {c.state === 'running' ? 'since' : 'at'} {age(c.since, now)}
                  </span>
                )}
                {c.message && <div className="cell-msg faint">{c.message}</div>}
              </td>
              <td className={`num${c.restarts > 0 ? ' restarts--bad' : ''}`}>{c.restarts}</td>
              <td className="cell-nowrap">
                {c.last ? (
                  <>
                    exit {c.last.exitCode}
                    {c.last.reason ? ` (${c.last.reason})` : ''}
                    {c.last.signal !== undefined ? `, signal ${c.last.signal}` : ''}
                    {c.last.finishedAt && (
                      <span className="faint" title={formatTime(c.last.finishedAt)}>
                        {' '}
                        {age(c.last.finishedAt, now)} ago
                      </span>
                    )}
                  </>
                ) : (
                  <span className="faint">—</span>
                )}
              </td>
              <td className="mono cell-image">{c.image}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function restartsOf(pod: ClusterObject): number {
  return (workloadStatusOf(pod)?.pod?.containers ?? []).reduce((n, c) => n + c.restarts, 0);
}

const POD_ORDER: Record<string, number> = { failed: 0, stalled: 0, progressing: 1, unknown: 2, ready: 3 };

/** The workload's Pods, unhealthy first, with the worst container's state. */
function PodList({ pods, now }: { pods: ClusterObject[]; now: number }) {
  const sorted = [...pods].sort(
    (a, b) =>
      (POD_ORDER[objectState(a).state] ?? 2) - (POD_ORDER[objectState(b).state] ?? 2) ||
      restartsOf(b) - restartsOf(a) ||
      a.metadata.name.localeCompare(b.metadata.name),
  );
  return (
    <div className="table-wrap">
      <table className="table" aria-label="Pods">
        <thead>
          <tr>
            <th>Pod</th>
            <th>Status</th>
            <th className="num">Restarts</th>
            <th>Node</th>
            <th className="num">Age</th>
          </tr>
        </thead>
        <tbody>
          {sorted.map(pod => {
            const st = objectState(pod);
            const worst = worstContainer(pod);
            return (
              <tr key={pod.metadata.uid ?? pod.metadata.name}>
                <td>
                  <ObjectLink objRef={refOf(pod)} />
                </td>
                <td>
                  <StatusBadge
                    state={st.state}
                    label={worst?.reason ?? workloadStatusOf(pod)?.pod?.phase ?? st.label}
                  />
                </td>
                <td className={`num${restartsOf(pod) > 0 ? ' restarts--bad' : ''}`}>{restartsOf(pod)}</td>
                <td className="mono cell-nowrap">{workloadStatusOf(pod)?.pod?.node ?? '—'}</td>
                <td className="num faint" title={formatTime(pod.metadata.creationTimestamp)}>
                  {age(pod.metadata.creationTimestamp, now)}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** A CronJob's Jobs, newest first: its last run and how it ended. */
function jobsOf(index: ClusterIndex, obj: ClusterObject): ClusterObject[] {
  const uid = obj.metadata.uid;
  if (!uid) return [];
  return index
    .ownedBy(uid)
    .filter(o => o.kind === 'Job')
    .sort((a, b) => (b.metadata.creationTimestamp ?? '').localeCompare(a.metadata.creationTimestamp ?? ''));
}

export function WorkloadCard({ index, obj }: { index: ClusterIndex; obj: ClusterObject }) {
  const now = useNow(5000);
  const w = workloadStatusOf(obj);
  if (!w) return null;
  const pods = obj.kind === 'Pod' || obj.kind === 'CronJob' ? [] : podsOf(index, obj);
  const jobs = obj.kind === 'CronJob' ? jobsOf(index, obj) : [];
  const lastJob = jobs[0] ? workloadStatusOf(jobs[0])?.job : undefined;
  return (
    <section className="card span-2" aria-label="Workload">
      <div className="card__head">
        <h2>{obj.kind === 'Pod' ? 'Pod' : 'Workload'}</h2>
      </div>
      <div className="card__body">
        {w.replicas && <Replicas r={w.replicas} />}
        <dl className="facts">
          {w.rollout && (
            <Fact label="Rollout">
              <span className={`cond-${w.rollout.status}`}>{w.rollout.reason ?? w.rollout.status}</span>
              {w.rollout.message && <span className="faint"> · {w.rollout.message}</span>}
            </Fact>
          )}
          {w.pod && (
            <>
              <Fact label="Phase">
                {w.pod.phase}
                {w.pod.reason && <span className="faint"> · {w.pod.reason}</span>}
              </Fact>
              <Fact label="Ready">{w.pod.ready ? 'Yes' : 'No'}</Fact>
              <Fact label="Node">
                <span className="mono">{w.pod.node ?? 'not scheduled'}</span>
              </Fact>
              <Fact label="Started">
                <When iso={w.pod.startTime} now={now} />
              </Fact>
              {w.pod.message && <Fact label="Message">{w.pod.message}</Fact>}
            </>
          )}
          {w.job && (
            <>
              <Fact label="Result">
                <span
                  className={`cond-${w.job.result === 'Complete' ? 'True' : w.job.result === 'Failed' ? 'False' : 'Unknown'}`}
                >
                  {w.job.result}
                </span>
                {w.job.message && <span className="faint"> · {w.job.message}</span>}
              </Fact>
              <Fact label="Pods">
                {w.job.active} active · {w.job.succeeded} succeeded · {w.job.failed} failed
              </Fact>
              <Fact label="Started">
                <When iso={w.job.startTime} now={now} />
              </Fact>
              <Fact label="Completed">
                <When iso={w.job.completionTime} now={now} />
              </Fact>
            </>
          )}
          {w.cronJob && (
            <>
              <Fact label="Schedule">
                <span className="mono">{w.cronJob.schedule}</span>
                {w.cronJob.suspended && <span className="tag">suspended</span>}
              </Fact>
              <Fact label="Last run">
                <When iso={w.cronJob.lastScheduleTime} now={now} />
                {jobs[0] && (
                  <>
                    {' · '}
                    <ObjectLink objRef={refOf(jobs[0])} />
                    {lastJob && (
                      <span
                        className={`cond-${lastJob.result === 'Complete' ? 'True' : lastJob.result === 'Failed' ? 'False' : 'Unknown'}`}
                      >
                        {' '}
                        {lastJob.result}
                      </span>
                    )}
                  </>
                )}
              </Fact>
              <Fact label="Last success">
                <When iso={w.cronJob.lastSuccessfulTime} now={now} />
              </Fact>
              <Fact label="Active jobs">{w.cronJob.active}</Fact>
            </>
          )}
          {w.images.length > 0 && (
            <Fact label={w.images.length === 1 ? 'Image' : 'Images'}>
              <ul className="plain-list mono">
                {w.images.map(i => (
                  <li key={i}>{i}</li>
                ))}
              </ul>
            </Fact>
          )}
        </dl>
      </div>
      {w.pod && w.pod.containers.length > 0 && <ContainerTable containers={w.pod.containers} now={now} />}
      {pods.length > 0 && <PodList pods={pods} now={now} />}
    </section>
  );
}
