/** Band titles and faint band backgrounds, drawn in flow coordinates so they pan and zoom with the nodes. */
import { ViewportPortal } from '@xyflow/react';
import type { Band } from './model/layout';
import { LAYER_LABELS } from './model/layout';

const PAD = 20;

export function BandHeaders({ bands }: { bands: Band[] }) {
  return (
    <ViewportPortal>
      {bands.map(band => (
        <div
          key={band.layer}
          className="map-band"
          style={{
            transform: `translate(${band.x - PAD}px, ${-52}px)`,
            width: band.width + PAD * 2,
            height: band.height + 52 + PAD - 8,
          }}
        >
          <div className="map-band__title">{LAYER_LABELS[band.layer]}</div>
        </div>
      ))}
    </ViewportPortal>
  );
}
