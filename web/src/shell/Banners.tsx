/** Cluster-wide conditions worth a line above every view: API server unreachable, Flux missing, no permission. */
import { useClusterMaybe } from '../data/cluster-context';
import { age, useNow } from '../components/time';
import { useMe } from './UserMenu';

export function Banners() {
  const view = useClusterMaybe();
  const now = useNow(1000);
  const access = useMe().data?.access;
  if (!view) return null;
  const { connection, kinds } = view.state;
  const forbidden = kinds.filter(k => k.errorCode === 'forbidden');
  // Kinds failing only because the API server is unreachable are said once, by the connection banner.
  const failing = kinds.filter(
    k =>
      k.errorCode &&
      k.errorCode !== 'forbidden' &&
      k.errorCode !== 'not-served' &&
      k.errorCode !== 'unreachable',
  );
  return (
    <>
      {access?.message && (
        <div className="banner st-waiting" role="alert">
          <span className="dot" aria-hidden="true" />
          <strong>Nothing here is yours to see.</strong>
          <span>{sentence(access.message)}</span>
        </div>
      )}
      {(connection.state === 'unreachable' || connection.state === 'misconfigured') && (
        <div className="banner st-failed" role="alert">
          <span className="dot" aria-hidden="true" />
          <strong>
            {connection.state === 'unreachable'
              ? 'Kubernetes API server unreachable.'
              : 'Cluster access misconfigured.'}
          </strong>
          <span>
            {connection.message ?? ''} {connection.server ? `(${connection.server})` : ''} Since{' '}
            {new Date(connection.since).toLocaleTimeString()} ({age(connection.since, now)} ago). Showing the
            last known state
            {connection.lastUpdate ? `, last updated ${age(connection.lastUpdate, now)} ago` : ''}.
          </span>
        </div>
      )}
      {connection.fluxMissing && connection.state === 'connected' && (
        <div className="banner st-waiting" role="alert">
          <span className="dot" aria-hidden="true" />
          <strong>Flux is not installed in this cluster.</strong>
          <span>
            No Flux CRDs are served. Install Flux (<code>flux install</code> or <code>flux bootstrap</code>)
            and objects appear here live.
          </span>
        </div>
      )}
      {forbidden.length > 0 && (
        <div className="banner st-waiting" role="alert">
          <span className="dot" aria-hidden="true" />
          <strong>No permission to list {forbidden.map(k => k.kind).join(', ')}.</strong>
          <span>
            Those kinds are left out; grant get/list/watch on them to Fluxscope&apos;s service account to see
            them.
          </span>
        </div>
      )}
      {failing.length > 0 && (
        <div className="banner st-failed" role="alert">
          <span className="dot" aria-hidden="true" />
          <strong>Watching {failing.map(k => k.kind).join(', ')} failed.</strong>
          <span>{failing[0]?.error ?? ''}</span>
        </div>
      )}
    </>
  );
}

const sentence = (text: string) => text[0]!.toUpperCase() + text.slice(1) + '.';
