/**
 * A small bar chart of reconcile durations, oldest left: bar height is the duration (scaled to the
 * largest), failures a red tick at full height; samples without a duration a short grey tick.
 */
import type { ReconcileSample } from '@fluxscope/shared';
import { formatMs } from './format';

export function DurationBars({
  samples,
  width = 160,
  height = 28,
  label,
}: {
  samples: readonly ReconcileSample[];
  width?: number;
  height?: number;
  label: string;
}) {
  const shown = samples.slice(-40);
  const max = Math.max(1, ...shown.map(s => s.durationMs ?? 0));
  const step = shown.length ? width / Math.max(shown.length, 12) : width;
  const bar = Math.max(2, step - 2);
  return (
    <svg
      className="duration-bars"
      width={width}
      height={height}
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-label={label}
    >
      <line x1="0" y1={height - 0.5} x2={width} y2={height - 0.5} className="duration-bars__axis" />
      {shown.map((s, i) => {
        const h = s.durationMs !== undefined ? Math.max(2, (s.durationMs / max) * (height - 2)) : 4;
        return (
          <rect
            key={`${s.at}-${i}`}
            x={i * step}
            y={height - h}
            width={bar}
            height={h}
            className={
              !s.ok
                ? 'duration-bars__fail'
                : s.durationMs === undefined
                  ? 'duration-bars__none'
                  : 'duration-bars__ok'
            }
          >
            <title>
              {`${s.at} · ${s.reason} · ${s.durationMs !== undefined ? formatMs(s.durationMs) : 'no duration'}${s.ok ? '' : ' · failed'}`}
            </title>
          </rect>
        );
      })}
    </svg>
  );
}
