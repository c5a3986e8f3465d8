/**
 * Where the data comes from and how fresh it is: live, reconnecting (with the age of the last update),
 * stale (the API server went silent), or the API server being unreachable from the Fluxscope server; and,
 * for the built-in demo cluster, which scenario plays with a button to replay it (DemoControls, which the
 * header puts with its secondary controls: in the bar on wide screens, in its menu on phones).
 */
import { useState } from 'react';
import { postJson, apiPaths } from '../data/api';
import { useApiPath, useClusterMaybe, useClusterError, useTransport } from '../data/cluster-context';
import { Icon } from '../components/Icon';
import { useToast } from '../components/toast';
import { age, useNow } from '../components/time';

export function ConnectionIndicator() {
  const view = useClusterMaybe();
  const error = useClusterError();
  const transport = useTransport();
  const now = useNow(1000);
  const connection = view?.state.connection;
  const lastUpdate = view ? Math.max(view.state.receivedAt, transport.lastMessageAt ?? 0) : undefined;

  let state = 'progressing';
  let label = 'Connecting';
  let detail = '';
  if (!view && error) {
    state = 'failed';
    label = 'Server down';
    detail = error.message;
  } else if (transport.state === 'reconnecting') {
    state = 'waiting';
    label = 'Reconnecting';
    detail = lastUpdate ? `last update ${age(lastUpdate, now)} ago` : '';
  } else if (connection && connection.state !== 'connected') {
    state = connection.state === 'connecting' ? 'progressing' : 'failed';
    label = connection.state === 'connecting' ? 'Connecting to cluster' : 'Cluster unreachable';
    detail = connection.message ?? '';
  } else if (connection?.stale) {
    // Connected, but the API server has said nothing (not even a bookmark) for over a minute: it may hang.
    state = 'waiting';
    label = 'Stale';
    detail = connection.lastHeard
      ? `API server silent for ${age(connection.lastHeard, now)}`
      : 'API server silent';
  } else if (view && transport.state === 'live') {
    state = 'ready';
    label = 'Live';
    detail = connection?.context ? connection.context : '';
  }

  return (
    <div className="conn" role="status" aria-label={`Connection: ${label}${detail ? `, ${detail}` : ''}`}>
      <span className={`conn__pill st-${state}`} title={detail || label}>
        <span className="dot" aria-hidden="true" />
        <span>{label}</span>
        {detail && <span className="conn__detail">{detail}</span>}
      </span>
    </div>
  );
}

export function DemoControls() {
  const connection = useClusterMaybe()?.state.connection;
  if (!connection?.demo) return null;
  return <DemoReplay scenario={connection.demoScenario} />;
}

function DemoReplay({ scenario }: { scenario: string | undefined }) {
  const notify = useToast();
  const api = useApiPath();
  const [busy, setBusy] = useState(false);
  const replay = async () => {
    setBusy(true);
    try {
      await postJson(api(apiPaths.demoRestart));
      notify('Demo scenario restarted: watch the bootstrap replay');
    } catch (err) {
      notify(`Could not restart the demo: ${(err as Error).message}`, 'error');
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="demo-controls">
      <span className="tag" title={scenario ? `Demo scenario: ${scenario}` : 'Built-in demo cluster'}>
        demo cluster{scenario ? ` · ${scenario}` : ''}
      </span>
      <button type="button" className="btn btn--sm" onClick={() => void replay()} disabled={busy}>
        <Icon name="replay" size={12} /> Replay bootstrap
      </button>
    </div>
  );
}
