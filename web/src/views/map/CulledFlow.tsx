/**
 * <ReactFlow> given only the nodes in a window around the screen (model/cull.ts), chosen again when the
 * screen leaves it: a pan frame renders nothing here. Zoomed far out, most of those become blocks on a
 * canvas (model/blocks.ts, NodeBlocks) and a click on one selects its node. Only this component re-renders
 * on a new window.
 */
import { ReactFlow, type ReactFlowProps, useReactFlow, useStore } from '@xyflow/react';
import { type MouseEvent, useCallback, useMemo } from 'react';
import { type Block, blockAt, isFar, splitFar } from './model/blocks';
import { cullNodes, sameNodeWindow } from './model/cull';
import type { MapFlowNode } from './model/flow';
import { SHARPEN_AT, type Screen, selectScreen } from './FlowCanvas';
import { NodeBlocks } from './NodeBlocks';

const sameScreen = (previous: Screen, next: Screen): boolean =>
  sameNodeWindow(previous, next) &&
  isFar(previous.zoom) === isFar(next.zoom) &&
  (!isFar(next.zoom) || next.zoom < previous.zoom * SHARPEN_AT);

const NO_BLOCKS: Block[] = [];

type Props = ReactFlowProps<MapFlowNode> & {
  nodes: MapFlowNode[];
  /** Render only the window's nodes, and blocks at far zoom (a big map). */
  cull: boolean;
  /** A node is hovered or selected: blocks outside its chain are dimmed. */
  highlighted: boolean;
  /** A click on a block: its node's id. */
  onBlockClick: (id: string) => void;
};

export function CulledFlow({
  nodes,
  cull,
  highlighted,
  onBlockClick,
  onPaneClick,
  children,
  ...props
}: Props) {
  const screen = useStore(selectScreen, sameScreen);
  const flow = useReactFlow();
  const far = cull && isFar(screen.zoom);
  const shown = useMemo(() => (cull ? cullNodes(nodes, screen) : nodes), [nodes, screen, cull]);
  const { dom, blocks } = useMemo(
    () => (far ? splitFar(shown, highlighted) : { dom: shown, blocks: NO_BLOCKS }),
    [shown, far, highlighted],
  );
  const paneClick = useCallback(
    (event: MouseEvent) => {
      const id = blocks.length
        ? blockAt(blocks, flow.screenToFlowPosition({ x: event.clientX, y: event.clientY }))
        : undefined;
      if (id) onBlockClick(id);
      else onPaneClick?.(event);
    },
    [blocks, flow, onBlockClick, onPaneClick],
  );
  return (
    <ReactFlow nodes={dom} onPaneClick={paneClick} {...props}>
      {far && <NodeBlocks blocks={blocks} screen={screen} />}
      {children}
    </ReactFlow>
  );
}
