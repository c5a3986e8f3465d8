/**
 * Moves keyboard focus to a map node. On a big map only what is on screen is rendered, so a node off screen
 * is first panned into view (same zoom), then focused once React Flow has drawn it. Zoomed far out, a node
 * may be a block on a canvas (model/blocks.ts): the map then zooms in until it is a node again.
 */
import type { ReactFlowInstance } from '@xyflow/react';
import { FAR_ZOOM, isFar } from './model/blocks';
import { NODE_HEIGHT, NODE_WIDTH } from './model/layout';

const WAIT_FRAMES = 30;

export function focusMapNode(
  canvas: HTMLElement,
  flow: Pick<ReactFlowInstance, 'getViewport' | 'setCenter'>,
  id: string,
  position: { x: number; y: number },
): void {
  const box = canvas.getBoundingClientRect();
  const { x, y, zoom } = flow.getViewport();
  const left = position.x * zoom + x;
  const top = position.y * zoom + y;
  const margin = 24;
  const offScreen =
    left < margin ||
    top < margin ||
    left + NODE_WIDTH * zoom > box.width - margin ||
    top + NODE_HEIGHT * zoom > box.height - margin;
  const selector = `.react-flow__node[data-id="${CSS.escape(id)}"]`;
  const block = isFar(zoom) && !canvas.querySelector(selector);
  if (offScreen || block)
    void flow.setCenter(position.x + NODE_WIDTH / 2, position.y + NODE_HEIGHT / 2, {
      zoom: block ? FAR_ZOOM : zoom,
    });
  let frames = 0;
  const look = () => {
    const element = canvas.querySelector<HTMLElement>(selector);
    if (element) element.focus({ preventScroll: true });
    else if (++frames < WAIT_FRAMES) requestAnimationFrame(look);
  };
  look();
}
