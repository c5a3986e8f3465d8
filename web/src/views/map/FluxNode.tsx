/** One map node: kind mark, name, namespace, a short fact line; coloured by state. Memoized: see model/flow.ts. */
import { Handle, type NodeProps, Position } from '@xyflow/react';
import { memo } from 'react';
import { kindAbbreviation } from '../../components/kinds';
import { STATE_LABELS } from '../../components/status';
import type { MapFlowNode } from './model/flow';

function FluxNodeView({ data }: NodeProps<MapFlowNode>) {
  const { node, emphasis } = data;
  return (
    <div
      className={`fnode st-${node.state}${emphasis ? ` fnode--${emphasis}` : ''}${node.root ? ' fnode--root' : ''}`}
      title={node.message ? `${STATE_LABELS[node.state]}: ${node.message}` : STATE_LABELS[node.state]}
    >
      <Handle type="target" position={Position.Left} isConnectable={false} className="fnode__handle" />
      <span className="fnode__kind" aria-hidden="true">
        {kindAbbreviation(node.ref.kind)}
      </span>
      <span className="fnode__text">
        <span className="fnode__name">{node.ref.name}</span>
        <span className="fnode__sub">
          {node.ref.namespace}
          {node.subtitle ? ` · ${node.subtitle}` : ''}
        </span>
      </span>
      <span className="dot" aria-hidden="true" />
      <Handle type="source" position={Position.Right} isConnectable={false} className="fnode__handle" />
    </div>
  );
}

export const FluxNode = memo(FluxNodeView);

/** At module scope so React Flow never sees a new object (which would remount every node). */
export const nodeTypes = { flux: FluxNode };
