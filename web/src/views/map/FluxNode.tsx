/**
 * One map node: kind mark, name, namespace, a short fact line; coloured by state. Memoized (model/flow.ts),
 * and subscribed to its own object, so a status change repaints it without waiting for a graph rebuild.
 */
import { Handle, type NodeProps, Position } from '@xyflow/react';
import { memo, useMemo } from 'react';
import { useClusterObject } from '../../data/cluster-context';
import { STATE_LABELS, kindShortName } from '@fluxscope/shared';
import type { MapFlowNode } from './model/flow';
import { liveNode } from './model/live';

/** A search match's ring (model/find.ts): `fnode--match`, and `fnode--match-current` for the one stepped to. */
const matchClass = (match: MapFlowNode['data']['match']) =>
  match === 'current' ? ' fnode--match fnode--match-current' : match === 'match' ? ' fnode--match' : '';

function FluxNodeView({ data }: NodeProps<MapFlowNode>) {
  const { emphasis, group, groupMatches } = data;
  if (group) {
    // A collapsed group (model/groups.ts): its member count where a kind mark goes, what it holds below.
    return (
      <div
        aria-hidden="true"
        className={`fnode fnode--group st-${data.node.state}${emphasis ? ` fnode--${emphasis}` : ''}${matchClass(data.match)}`}
        title={`${group.label}: ${data.node.subtitle ?? ''} (click to expand)`}
      >
        <Handle type="target" position={Position.Left} isConnectable={false} className="fnode__handle" />
        <span className="fnode__kind" data-text={`${group.members.length}`} />
        <span className="fnode__text">
          <span className="fnode__name">{group.name}</span>
          <span
            className="fnode__sub"
            data-text={
              groupMatches
                ? `${groupMatches} ${groupMatches === 1 ? 'match' : 'matches'} · ${data.node.subtitle ?? ''}`
                : (data.node.subtitle ?? '')
            }
          />
        </span>
        <span className="fnode__expand" data-text="+" />
        <Handle type="source" position={Position.Right} isConnectable={false} className="fnode__handle" />
      </div>
    );
  }
  return <ObjectNode data={data} />;
}

function ObjectNode({ data }: Pick<NodeProps<MapFlowNode>, 'data'>) {
  const { emphasis, waits, via } = data;
  const obj = useClusterObject(data.node.id);
  const node = useMemo(() => liveNode(data.node, obj), [data.node, obj]);
  return (
    // Read through the node's aria-label and aria-description (model/flow.ts). Only the name is text: the
    // badge and the line under it are drawn from data attributes (map.css), so what the node shows as text
    // is part of its accessible name (WCAG 2.5.3, "label in name").
    <div
      aria-hidden="true"
      className={`fnode st-${node.state}${emphasis ? ` fnode--${emphasis}` : ''}${node.root ? ' fnode--root' : ''}${matchClass(data.match)}`}
      title={`${via ? `Search match ${via}\n` : ''}${STATE_LABELS[node.state]}${waits && node.state === 'waiting' ? ` (${waits})` : ''}${node.message ? `: ${node.message}` : ''}`}
    >
      <Handle type="target" position={Position.Left} isConnectable={false} className="fnode__handle" />
      <span className="fnode__kind" data-text={kindShortName(node.ref.kind)} />
      <span className="fnode__text">
        <span className="fnode__name">{node.ref.name}</span>
        {via ? (
          <span className="fnode__sub fnode__via" data-text={via} />
        ) : waits && node.state === 'waiting' ? (
          <span className="fnode__sub fnode__waits" data-text={waits} />
        ) : (
          <span
            className="fnode__sub"
            data-text={`${node.ref.namespace}${node.subtitle ? ` · ${node.subtitle}` : ''}`}
          />
        )}
      </span>
      <span className="dot" aria-hidden="true" />
      <Handle type="source" position={Position.Right} isConnectable={false} className="fnode__handle" />
    </div>
  );
}

export const FluxNode = memo(FluxNodeView);

/** At module scope so React Flow never sees a new object (which would remount every node). */
export const nodeTypes = { flux: FluxNode };
