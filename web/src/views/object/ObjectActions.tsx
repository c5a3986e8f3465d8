/**
 * Reconcile / Reconcile with source / Suspend / Resume on a Flux object's page. Shown only when the server
 * runs with --enable-actions and its identity may patch this kind here (the connection state says so).
 * After the server patched, progress shows until the live object (from the SSE stream) has handled the
 * request (status.lastHandledReconcileAt) and Ready settled, as `flux reconcile` waits; errors are toasts.
 */
import {
  type ActionResponse,
  type ClusterObject,
  type ConnectionState,
  type FluxAction,
  type ObjRef,
  conditionOf,
  formatObjRef,
  isStaticObject,
  isSuspended,
  reconcileRefusal,
  takesForceAndReset,
  takesWithSource,
} from '@fluxscope/shared';
import { useEffect, useState } from 'react';
import { useToast } from '../../components/toast';
import { ACTION_HEADERS, ApiError, apiPaths, postJson } from '../../data/api';
import { useApiPath, useCluster, useTransport } from '../../data/cluster-context';
import {
  HelmActionButtons,
  type HelmActionKind,
  helmActionNote,
  isRetriesExceeded,
} from './helm/HelmActionButtons';
import { SuspendConfirm } from './impact/SuspendConfirm';
import './object-actions.css';

export interface Pending {
  action: FluxAction;
  label: string;
  /** The requestedAt the server set; undefined for suspend (and resume of a static object). */
  requestedAt?: string;
  /** True once the server answered (until then the request is in flight). */
  accepted: boolean;
  /** A HelmRelease reconcile with force or reset: the outcome says whether it was handled. */
  helm?: HelmActionKind;
  startedAt: number;
}

const GIVE_UP_MS = 5 * 60_000;

export function permitted(connection: ConnectionState, ref: ObjRef): boolean {
  if (!connection.actionsEnabled) return false;
  const kind = connection.actionKinds?.find(k => k.group === ref.group && k.kind === ref.kind);
  return kind !== undefined && (!kind.namespaces || kind.namespaces.includes(ref.namespace));
}

/** Has the live object followed through on `pending`? Undefined while still waiting. */
export function outcome(obj: ClusterObject, pending: Pending): { ok: boolean; message: string } | undefined {
  const suspended = isSuspended(obj);
  if (pending.action === 'suspend') return suspended ? { ok: true, message: 'suspended' } : undefined;
  if (pending.action === 'resume' && suspended) return undefined;
  if (!pending.requestedAt) return { ok: true, message: 'resumed' };
  if (obj.status?.['lastHandledReconcileAt'] !== pending.requestedAt) return undefined;
  const ready = conditionOf(obj, 'Ready');
  const note = pending.helm ? ` (${helmActionNote(obj, pending.helm, pending.requestedAt)})` : '';
  if (!ready) return { ok: true, message: `reconciled${note}` };
  if (ready.status !== 'True' && ready.status !== 'False') return undefined;
  return ready.status === 'True'
    ? { ok: true, message: `reconciled${note}: ${ready.message ?? ''}` }
    : { ok: false, message: `reconciliation failed${note}: '${ready.message ?? ''}'` };
}

export function ObjectActions({ objRef, obj }: { objRef: ObjRef; obj: ClusterObject }) {
  const { state } = useCluster();
  const notify = useToast();
  const transport = useTransport();
  const api = useApiPath();
  const [pending, setPending] = useState<Pending | undefined>();
  const [confirmSuspend, setConfirmSuspend] = useState(false);
  const name = formatObjRef(objRef);

  useEffect(() => {
    if (!pending?.accepted) return;
    const done = outcome(obj, pending);
    if (done) {
      notify(`${name} ${done.message}`, done.ok ? 'info' : 'error');
      setPending(undefined);
      return;
    }
    const timer = setTimeout(
      () => {
        notify(`${name}: no reconciliation seen after 5 minutes; is its controller running?`, 'error');
        setPending(undefined);
      },
      Math.max(0, pending.startedAt + GIVE_UP_MS - Date.now()),
    );
    return () => clearTimeout(timer);
  }, [obj, pending, name, notify]);

  if (!permitted(state.connection, objRef)) return null;

  const run = async (
    action: FluxAction,
    label: string,
    body: Record<string, unknown> = {},
    helm?: HelmActionKind,
  ) => {
    setPending({ action, label, accepted: false, startedAt: Date.now(), ...(helm ? { helm } : {}) });
    try {
      const answer = await postJson<ActionResponse>(api(apiPaths.action(action, objRef)), body, {
        headers: ACTION_HEADERS,
      });
      setPending(p => p && { ...p, accepted: true, requestedAt: answer.requestedAt });
    } catch (err) {
      const message = err instanceof ApiError ? err.message : String(err);
      notify(`${label} ${name} failed: ${message}`, 'error');
      setPending(undefined);
    }
  };

  const suspended = isSuspended(obj);
  const refusal = reconcileRefusal(obj);
  // While the stream reconnects (or the server cannot reach the cluster) the page shows old data: acting on
  // it waits until the data is live again.
  const connection = state.connection.state;
  const offline =
    transport.state === 'reconnecting' || connection === 'unreachable' || connection === 'misconfigured';
  const busy = pending !== undefined || offline;
  const helmButtons = takesForceAndReset(objRef) && (
    <HelmActionButtons
      obj={obj}
      disabled={busy}
      refusal={refusal}
      onRun={(kind, label) => void run('reconcile', label, { [kind]: true }, kind)}
    />
  );
  // A release out of retries: Reset (and Force) come first, a plain reconcile would stop again at once.
  const stalledHelm = helmButtons && isRetriesExceeded(obj);
  return (
    <div className="object-actions" role="group" aria-label="Flux actions">
      {pending && (
        <span className="object-actions__progress faint" role="status" aria-live="polite">
          <span className="dot st-progressing" aria-hidden="true" /> {pending.label}…
        </span>
      )}
      {offline && (
        <span className="object-actions__progress faint" role="status">
          Actions wait for live data
        </span>
      )}
      {stalledHelm && helmButtons}
      {!isStaticObject(obj) && (
        <button
          type="button"
          className="btn btn--sm"
          disabled={busy || refusal !== undefined}
          title={refusal ?? 'flux reconcile: ask the controller to reconcile now'}
          onClick={() => void run('reconcile', 'Reconciling')}
        >
          Reconcile
        </button>
      )}
      {takesWithSource(objRef) && (
        <button
          type="button"
          className="btn btn--sm"
          disabled={busy || refusal !== undefined}
          title={refusal ?? 'flux reconcile --with-source: the source first, then this object'}
          onClick={() => void run('reconcile', 'Reconciling with source', { withSource: true })}
        >
          Reconcile with source
        </button>
      )}
      {!stalledHelm && helmButtons}
      {suspended ? (
        <button
          type="button"
          className="btn btn--sm"
          disabled={busy}
          title="flux resume: clear spec.suspend and reconcile"
          onClick={() => void run('resume', 'Resuming')}
        >
          Resume
        </button>
      ) : (
        <button
          type="button"
          className="btn btn--sm"
          disabled={busy}
          title="flux suspend: set spec.suspend, the controller stops reconciling it"
          onClick={() => setConfirmSuspend(true)}
        >
          Suspend
        </button>
      )}
      {confirmSuspend && (
        <SuspendConfirm
          objRef={objRef}
          onCancel={() => setConfirmSuspend(false)}
          onConfirm={() => {
            setConfirmSuspend(false);
            void run('suspend', 'Suspending');
          }}
        />
      )}
    </div>
  );
}
