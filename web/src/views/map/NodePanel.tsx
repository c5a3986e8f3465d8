/**
 * The side panel for the selected map node: status, message, what it waits for (and when it retries), root
 * cause, both directions of dependsOn, links to its page and trace.
 */
import type { GraphNode } from '@fluxscope/shared';
import { DependencyLists, WaitDetails } from '../../components/DependsOn';
import { isBlocked } from '@fluxscope/shared';
import { Icon } from '../../components/Icon';
import { KindMark, StatusBadge } from '../../components/Status';
import { RootCauseCallout } from '../../components/RootCause';
import { useCluster } from '../../data/cluster-context';
import { Link } from '../../router/router';
import { hrefs } from '../../router/routes';
import { type MapMatch, viaText } from './model/find';

export function NodePanel({
  node,
  match,
  searchText,
  onClose,
  onShowChain,
}: {
  node: GraphNode;
  /** Set when the node is a match of the active search. */
  match?: MapMatch | undefined;
  searchText: string;
  onClose: () => void;
  onShowChain: () => void;
}) {
  const { index } = useCluster();
  const blocked = isBlocked(node.state);
  return (
    <aside
      className="map-panel card"
      aria-label={`Selected: ${node.ref.kind} ${node.ref.namespace}/${node.ref.name}`}
    >
      <div className="map-panel__head">
        <KindMark kind={node.ref.kind} />
        <div className="map-panel__title">
          <h2 className="map-panel__name">{node.ref.name}</h2>
          <div className="faint">
            {node.ref.kind} · {node.ref.namespace || 'cluster'}
          </div>
        </div>
        <button type="button" className="btn btn--ghost btn--sm" onClick={onClose} aria-label="Close panel">
          <Icon name="close" size={12} />
        </button>
      </div>
      <div className="map-panel__body">
        <StatusBadge state={node.state} />
        {match && (
          <p className="map-panel__match">
            Matches “{searchText}”
            {match.via && (
              <>
                {' '}
                via <Link href={hrefs.object(match.via)}>{viaText(match.via)}</Link>
              </>
            )}
          </p>
        )}
        {node.subtitle && <div className="mono muted">{node.subtitle}</div>}
        {node.message && <p className="map-panel__msg">{node.message}</p>}
        {!node.missing && <WaitDetails index={index} objRef={node.ref} />}
        {blocked && <RootCauseCallout index={index} objRef={node.ref} compact />}
        {!node.missing && <DependencyLists index={index} objRef={node.ref} />}
        <div className="map-panel__actions">
          <Link className="btn btn--primary btn--sm" href={hrefs.object(node.ref)}>
            Open details
          </Link>
          <Link className="btn btn--sm" href={hrefs.trace(node.ref)}>
            Trace
          </Link>
          <button type="button" className="btn btn--sm" onClick={onShowChain}>
            Show chain
          </button>
        </div>
      </div>
    </aside>
  );
}
