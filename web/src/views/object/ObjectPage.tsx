/**
 * The page of one object. Flux objects: status, root cause, spec, inventory tree, events, YAML, trace.
 * Anything else (a Deployment clicked in a tree): health, owner chain, workload status (replicas, containers,
 * Pods, job runs), events, trace, YAML. Live from the index;
 * only the spec summary and YAML come from the server (refetched when the resourceVersion changes).
 */
import type { ClusterIndex, ClusterObject, ObjRef } from '@fluxscope/shared';
import {
  buildTrace,
  buildTree,
  controllerOf,
  formatObjRef,
  hasPodLogs,
  impactOf,
  listEvents,
  HELM_GROUP,
  isBlocked,
  isTreeRootKind,
  objectState,
  refKey,
  refOf,
} from '@fluxscope/shared';
import type { ReactNode } from 'react';
import { Icon } from '../../components/Icon';
import { rovingIndex } from '../../components/keyboard';
import { CopyTextButton } from '../../components/CopyTextButton';
import { DependencyLists, WaitDetails } from '../../components/DependsOn';
import { EmptyState } from '../../components/EmptyState';
import { ObjectLink } from '../../components/ObjectLink';
import { RootCauseCallout } from '../../components/RootCause';
import { KindMark, StatusBadge } from '../../components/Status';
import { apiPaths } from '../../data/api';
import { useCluster, useClusterMemo, useFluxMemo } from '../../data/cluster-context';
import { Link, useQueryParam } from '../../router/router';
import { hrefs } from '../../router/routes';
import { EventTable } from '../events/EventTable';
import { ControllerLogsTab } from '../logs/ControllerLogsTab';
import { LogsTab } from '../logs/LogsTab';
import { TraceChain } from '../trace/TraceChain';
import { traceTextPath } from '../trace/TracePage';
import { HistoryPanel } from './helm/HistoryPanel';
import { ReleaseStateCard } from './helm/ReleaseStateCard';
import { ImpactCard } from './impact/ImpactCard';
import { ReconcileCard } from '../reconciles/ReconcileCard';
import { ValuesPanel } from './helm/ValuesPanel';
import { InventoryTree, treeCounts } from './InventoryTree';
import { ObjectActions } from './ObjectActions';
import { SpecCard } from './SpecCard';
import { StatusCard } from './StatusCard';
import { WorkloadCard } from './WorkloadCard';
import { YamlView } from './YamlView';

export default function ObjectPage({ objRef }: { objRef: ObjRef }) {
  const { index } = useCluster();
  const obj = index.get(objRef);
  if (!obj) {
    return (
      <EmptyState title="Object not found" icon="?" level={1}>
        <p>
          <code>{formatObjRef(objRef)}</code> is not in the cluster, or Fluxscope does not watch its kind.
          This page updates by itself if it appears.
        </p>
        <Link href={hrefs.trace(objRef)}>Try its trace</Link>
      </EmptyState>
    );
  }
  return <ObjectPageBody objRef={objRef} obj={obj} />;
}

function ObjectPageBody({ objRef, obj }: { objRef: ObjRef; obj: ClusterObject }) {
  const { index } = useCluster();
  const [tab, setTab] = useQueryParam('tab');
  const st = objectState(obj);
  const hasTree = st.flux && isTreeRootKind(objRef.kind);
  const isHelmRelease = objRef.group === HELM_GROUP && objRef.kind === 'HelmRelease';
  const blocked = isBlocked(st.state);

  const tree = useClusterMemo(
    idx => (hasTree && tab === 'inventory' ? buildTree(idx, objRef, { owned: true }) : undefined),
    [hasTree, tab, objRef],
  );
  // Flux objects: `flux events --for` (with the objects they reference); any other object: its own Events.
  const events = useClusterMemo(
    idx =>
      listEvents(idx, {
        kind: objRef.kind,
        name: objRef.name,
        ...(st.flux ? { namespace: objRef.namespace } : { all: true }),
        ...(!st.flux && objRef.namespace ? { namespace: objRef.namespace } : {}),
      }),
    [st.flux, objRef],
  );
  const impact = useFluxMemo(
    idx => (st.flux && (tab ?? '') === '' ? impactOf(idx, objRef) : undefined),
    [st.flux, tab, objRef],
  );
  const trace = useClusterMemo(
    idx => (tab === 'trace' || !st.flux ? buildTrace(idx, objRef) : undefined),
    [tab, st.flux, objRef],
  );

  const tabs: Array<{ id: string; label: ReactNode }> = [
    { id: '', label: 'Overview' },
    ...(hasTree ? [{ id: 'inventory', label: 'Inventory' }] : []),
    ...(isHelmRelease
      ? [
          { id: 'history', label: 'History' },
          { id: 'values', label: 'Values' },
        ]
      : []),
    {
      id: 'events',
      label: <>Events{events.length ? <span className="tab-count">{events.length}</span> : null}</>,
    },
    ...(hasPodLogs(objRef) ? [{ id: 'logs', label: 'Logs' }] : []),
    ...(st.flux && controllerOf(objRef.group, objRef.kind)
      ? [{ id: 'controller-logs', label: 'Controller logs' }]
      : []),
    { id: 'trace', label: 'Trace' },
    { id: 'yaml', label: 'YAML' },
  ];
  const current = tabs.some(t => t.id === tab) ? tab : '';

  return (
    <div className="page">
      <header className="objhead">
        <KindMark kind={objRef.kind} />
        <div className="objhead__title">
          <h1>{objRef.name}</h1>
          <div className="faint">
            {objRef.kind}
            {objRef.namespace ? ` · ${objRef.namespace}` : ' · cluster-scoped'} · {obj.apiVersion}
          </div>
        </div>
        <StatusBadge state={st.state} label={st.label} />
        <div className="objhead__actions">
          {st.flux && <ObjectActions objRef={objRef} obj={obj} />}
          {st.flux && (
            <Link className="btn btn--sm" href={hrefs.map({ focus: refKey(objRef) })}>
              <Icon name="target" size={12} /> Highlight on map
            </Link>
          )}
          <Link className="btn btn--sm" href={hrefs.trace(objRef)}>
            Trace
          </Link>
        </div>
      </header>

      {blocked && <RootCauseCallout index={index} objRef={objRef} />}
      {st.flux && (
        <section className="card dep-card" aria-label="Dependencies">
          <WaitDetails index={index} objRef={objRef} />
          <DependencyLists index={index} objRef={objRef} />
        </section>
      )}

      <div
        className="tabs"
        role="tablist"
        aria-label="Object sections"
        onKeyDown={event => {
          // Arrow keys, Home and End move between tabs and open the one reached (one Tab stop for the row).
          const at = rovingIndex(
            event.key,
            tabs.findIndex(t => t.id === current),
            tabs.length,
          );
          if (at === undefined) return;
          event.preventDefault();
          const next = tabs[at]!;
          setTab(next.id || undefined);
          document.getElementById(`tab-${next.id || 'overview'}`)?.focus();
        }}
      >
        {tabs.map(t => (
          <button
            key={t.id}
            type="button"
            role="tab"
            id={`tab-${t.id || 'overview'}`}
            aria-selected={current === t.id}
            tabIndex={current === t.id ? 0 : -1}
            aria-controls="tabpanel"
            className="tab"
            onClick={() => setTab(t.id || undefined)}
          >
            {t.label}
          </button>
        ))}
      </div>

      <div
        id="tabpanel"
        role="tabpanel"
        aria-labelledby={`tab-${current || 'overview'}`}
        className="tabpanel"
      >
        {current === '' &&
          (st.flux ? (
            <div className="grid-2">
              <StatusCard obj={obj} />
              <SpecCard objRef={objRef} obj={obj} />
              {isHelmRelease && <ReleaseStateCard obj={obj} events={events} />}
              {hasTree && <ReconcileCard objRef={objRef} />}
              {impact && <ImpactCard impact={impact} />}
              <section className="card span-2" aria-label="Recent events">
                <div className="card__head">
                  <h2>Recent events</h2>
                  {events.length > 5 && (
                    <button type="button" className="btn btn--sm btn--ghost" onClick={() => setTab('events')}>
                      All {events.length}
                    </button>
                  )}
                </div>
                <EventTable
                  events={events}
                  showObject={events.some(e => e.involvedObject.name !== objRef.name)}
                  limit={5}
                />
              </section>
            </div>
          ) : (
            <div className="grid-2">
              <StatusCard obj={obj} />
              <OwnerChain index={index} obj={obj} />
              <WorkloadCard index={index} obj={obj} />
              {events.length > 0 && (
                <section className="card span-2" aria-label="Recent events">
                  <div className="card__head">
                    <h2>Recent events</h2>
                    {events.length > 5 && (
                      <button
                        type="button"
                        className="btn btn--sm btn--ghost"
                        onClick={() => setTab('events')}
                      >
                        All {events.length}
                      </button>
                    )}
                  </div>
                  <EventTable events={events} showObject={false} limit={5} />
                </section>
              )}
              {trace && (
                <section className="card span-2" aria-label="Managed by">
                  <div className="card__head">
                    <h2>Where it comes from</h2>
                  </div>
                  <div className="card__body">
                    <TraceChain trace={trace} />
                  </div>
                </section>
              )}
            </div>
          ))}
        {current === 'inventory' && tree && (
          <section className="card" aria-label="Inventory">
            <div className="card__head">
              <h2>Inventory</h2>
              <span className="count">
                {treeCounts(tree).total} objects
                {treeCounts(tree).bad ? ` · ${treeCounts(tree).bad} failing` : ''}
              </span>
              <CopyTextButton path={apiPaths.treeText(objRef)} what="flux tree" />
            </div>
            <InventoryTree tree={tree} />
          </section>
        )}
        {current === 'history' && <HistoryPanel objRef={objRef} obj={obj} />}
        {current === 'values' && <ValuesPanel objRef={objRef} obj={obj} />}
        {current === 'events' && (
          <section className="card table-wrap" aria-label="Events">
            <EventTable events={events} />
          </section>
        )}
        {current === 'trace' && trace && (
          <div className="page--narrow">
            <div className="toolbar toolbar--end">
              <CopyTextButton path={traceTextPath(objRef, obj.apiVersion)} what="flux trace" />
            </div>
            <TraceChain trace={trace} />
          </div>
        )}
        {current === 'yaml' && <YamlView objRef={objRef} obj={obj} />}
        {current === 'logs' && <LogsTab objRef={objRef} />}
        {current === 'controller-logs' && <ControllerLogsTab objRef={objRef} />}
      </div>
    </div>
  );
}

/** ownerReferences followed up by uid: Pod -> ReplicaSet -> Deployment. */
function OwnerChain({ index, obj }: { index: ClusterIndex; obj: ClusterObject }) {
  const chain: ClusterObject[] = [];
  const seen = new Set<string>();
  let current: ClusterObject | undefined = obj;
  while (current) {
    const owner: { uid: string } | undefined =
      current.metadata.ownerReferences?.find(o => o.controller) ?? current.metadata.ownerReferences?.[0];
    const next: ClusterObject | undefined = owner ? index.getByUid(owner.uid) : undefined;
    if (!next || seen.has(owner!.uid)) break;
    seen.add(owner!.uid);
    chain.push(next);
    current = next;
  }
  const labels = Object.entries(obj.metadata.labels ?? {});
  return (
    <section className="card" aria-label="Owners">
      <div className="card__head">
        <h2>Owner chain</h2>
      </div>
      <div className="card__body">
        {chain.length === 0 ? (
          <p className="faint">No owner references.</p>
        ) : (
          <ol className="owner-chain">
            {chain.map(o => (
              <li key={o.metadata.uid ?? o.metadata.name}>
                <ObjectLink objRef={refOf(o)} />
                <StatusBadge state={objectState(o).state} label={objectState(o).label} />
              </li>
            ))}
          </ol>
        )}
        {labels.length > 0 && (
          <dl className="facts">
            {labels.map(([k, v]) => (
              <div key={k} className="facts__row">
                <dt className="mono">{k}</dt>
                <dd className="mono">{v}</dd>
              </div>
            ))}
          </dl>
        )}
      </div>
    </section>
  );
}
