/**
 * The Logs tab of a Pod or a workload (its Pods through ownerReferences): pick a Pod and a container, read
 * or follow its log. Troubled Pods and containers come first, so a crash-looping one is the default.
 */
import type { ClusterObject, ObjRef, PodLogTargets } from '@fluxscope/shared';
import { LOG_LIMITS, matchesFilter, isEmptyFilter, parseLineFilter, podsForLogs } from '@fluxscope/shared';
import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { EmptyState } from '../../components/EmptyState';
import { objectState } from '@fluxscope/shared';
import { getJson } from '../../data/api';
import { useApiPath, useCluster, useClusterMemo } from '../../data/cluster-context';
import { LogControls, type LogOptions } from './LogControls';
import { LogViewer } from './LogViewer';
import { useLogStream, type LogStreamParams } from './useLogStream';
import { filteredIndexes } from './viewer-model';
import './logs.css';

const troubled = (pod: ClusterObject) => objectState(pod).state !== 'ready';

export function LogsOff() {
  return (
    <EmptyState title="Logs are off on this server" icon="⊘">
      <p>
        Fluxscope runs with <code>--disable-logs</code> (Helm value <code>logs.enabled=false</code>): it has
        no access to <code>pods/log</code>.
      </p>
    </EmptyState>
  );
}

export function LogsTab({ objRef }: { objRef: ObjRef }) {
  const { state } = useCluster();
  const pods = useClusterMemo(
    idx => [...podsForLogs(idx, objRef)].sort((a, b) => Number(troubled(b)) - Number(troubled(a))),
    [objRef],
  );
  const [picked, setPicked] = useState<string>();
  if (state.connection.logsEnabled === false) return <LogsOff />;
  if (pods.length === 0)
    return (
      <EmptyState title="No Pods">
        <p>This {objRef.kind} has no Pods right now. The tab updates by itself when one appears.</p>
      </EmptyState>
    );
  const pod = pods.find(p => p.metadata.name === picked) ?? pods[0]!;
  return (
    <section className="card logs" aria-label="Logs">
      {pods.length > 1 && (
        <div className="card__head logs__pods">
          <label className="logs__podpick">
            <span>Pod</span>
            <select className="select" value={pod.metadata.name} onChange={e => setPicked(e.target.value)}>
              {pods.map(p => (
                <option key={p.metadata.name} value={p.metadata.name}>
                  {p.metadata.name} · {objectState(p).label}
                </option>
              ))}
            </select>
          </label>
          <span className="count">{pods.length} Pods</span>
        </div>
      )}
      <PodLogs key={pod.metadata.name} pod={pod} />
    </section>
  );
}

function PodLogs({ pod }: { pod: ClusterObject }) {
  const namespace = pod.metadata.namespace ?? '';
  const name = pod.metadata.name;
  const path = useApiPath()(
    `/api/v1/pods/${encodeURIComponent(namespace)}/${encodeURIComponent(name)}/containers`,
  );
  const targets = useQuery({
    queryKey: ['pod-containers', path, pod.metadata.resourceVersion ?? ''],
    queryFn: ({ signal }) => getJson<PodLogTargets>(path, { signal }),
    placeholderData: previous => previous,
    retry: 1,
  });
  if (targets.isPending) return <p className="card__body faint">Loading containers…</p>;
  if (targets.isError)
    return <p className="card__body st-failed">Could not read the Pod: {targets.error.message}</p>;
  if (targets.data.containers.length === 0)
    return <p className="card__body faint">This Pod has no containers.</p>;
  return <ContainerLogs namespace={namespace} pod={name} targets={targets.data} />;
}

function ContainerLogs({
  namespace,
  pod,
  targets,
}: {
  namespace: string;
  pod: string;
  targets: PodLogTargets;
}) {
  const regular = targets.containers.filter(c => !c.init);
  const initial = regular.find(c => c.state !== 'running') ?? regular[0] ?? targets.containers[0]!;
  const [options, setOptions] = useState<LogOptions>({
    container: initial.name,
    previous: false,
    follow: true,
    timestamps: false,
    wrap: false,
    tailLines: 1000,
    filter: '',
  });
  const current = targets.containers.find(c => c.name === options.container) ?? initial;
  const readable = options.previous ? current.hasPrevious : current.started;
  const follow = options.follow && !options.previous && current.state === 'running';
  const params: LogStreamParams | undefined = readable
    ? {
        namespace,
        pod,
        container: current.name,
        previous: options.previous,
        follow,
        timestamps: options.timestamps,
        ...(options.tailLines !== undefined ? { tailLines: options.tailLines } : {}),
        ...(options.sinceSeconds !== undefined ? { sinceSeconds: options.sinceSeconds } : {}),
      }
    : undefined;
  const stream = useLogStream(params);
  const filter = useMemo(() => parseLineFilter(options.filter), [options.filter]);
  const { buffer, version } = stream;
  const shown = useMemo(
    () =>
      isEmptyFilter(filter)
        ? undefined
        : filteredIndexes(
            buffer.length,
            i => buffer.at(i),
            line => matchesFilter(line, filter),
          ),
    // version: the buffer changed in place.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [buffer, version, filter],
  );
  const count = shown ? shown.length : buffer.length;
  const lineAt = (i: number) => buffer.at(shown ? shown[i]! : i);

  const download = () => {
    const blob = new Blob([buffer.toArray().join('\n') + '\n'], { type: 'text/plain' });
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = `${pod}_${current.name}${options.previous ? '_previous' : ''}.log`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(a.href), 1000);
  };

  const statusText = !readable
    ? `Container ${current.name} has no log yet: ${current.state}`
    : stream.status === 'loading'
      ? 'Loading…'
      : stream.status === 'error'
        ? `Could not read the log: ${stream.error ?? ''}`
        : stream.status === 'streaming'
          ? follow
            ? 'Following live'
            : 'Reading…'
          : stream.capped
            ? `Stopped at the server's cap of ${LOG_LIMITS.maxBytes / 1024 / 1024} MiB per request`
            : follow
              ? 'The stream ended (the container stopped?)'
              : 'End of log';

  return (
    <>
      <LogControls
        containers={targets.containers}
        options={options}
        onChange={next => setOptions(o => ({ ...o, ...next }))}
      />
      <div className="logs__status">
        <span role="status" className={stream.status === 'error' || !readable ? 'st-failed' : undefined}>
          {statusText}
        </span>
        <span className="count">
          {shown ? `${count.toLocaleString()} of ` : ''}
          {buffer.length.toLocaleString()} lines
          {buffer.dropped > 0 &&
            ` · ${buffer.dropped.toLocaleString()} older lines dropped (the tab keeps the newest ${buffer.capacity.toLocaleString()})`}
        </span>
        <button type="button" className="btn btn--sm" onClick={download} disabled={buffer.length === 0}>
          Download
        </button>
      </div>
      {readable ? (
        <LogViewer
          count={count}
          lineAt={lineAt}
          wrap={options.wrap}
          follow={follow}
          version={version}
          label={`Log of ${pod}, container ${current.name}${options.previous ? ' (previous run)' : ''}`}
        />
      ) : (
        <p className="card__body faint">
          The kubelet has no log for a container that has not started. It appears here once the container
          runs.
        </p>
      )}
    </>
  );
}
