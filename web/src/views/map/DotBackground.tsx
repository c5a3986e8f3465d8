/**
 * The canvas's dot grid, in place of React Flow's <Background>: that one moves its SVG pattern on every pan
 * frame, which repaints (and, with software rendering, re-rasterizes) the whole screen each frame. Here the
 * dots are one CSS gradient on a layer of their own that a pan only translates (by the transform modulo the
 * grid step), set on the DOM from the store, so a pan neither renders React nor repaints; a zoom changes the
 * step and repaints once.
 */
import { type ReactFlowState, useStoreApi } from '@xyflow/react';
import { useLayoutEffect, useRef } from 'react';

/** Grid step and dot diameter in flow units (what React Flow's Background drew: gap 20, size 1.2). */
const GAP = 20;
const DOT = 1.2;
/** Below this step on screen the dots would be a grey haze: none are drawn. */
const MIN_STEP = 6;

const modulo = (value: number, step: number): number => ((value % step) + step) % step;

export function DotBackground() {
  const store = useStoreApi();
  const element = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    let zoom = -1;
    const apply = ({ transform: [x, y, k] }: ReactFlowState) => {
      const style = element.current?.style;
      if (!style) return;
      const step = GAP * k;
      if (k !== zoom) {
        zoom = k;
        const radius = (DOT * k) / 2;
        style.backgroundSize = `${step}px ${step}px`;
        style.backgroundImage =
          step < MIN_STEP
            ? 'none'
            : `radial-gradient(circle at ${radius}px ${radius}px, var(--canvas-dot) ${radius}px, transparent ${radius + 0.6}px)`;
      }
      const dx = modulo(x, step) - step;
      const dy = modulo(y, step) - step;
      const transform = `translate(${dx}px, ${dy}px)`;
      if (style.transform !== transform) style.transform = transform;
    };
    apply(store.getState());
    return store.subscribe(apply);
  }, [store]);
  return <div ref={element} className="map-dots" aria-hidden="true" />;
}
