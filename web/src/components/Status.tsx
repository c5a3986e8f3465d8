import type { FluxState } from '@fluxscope/shared';
import { STATE_HINTS, STATE_LABELS, kindShortName } from '@fluxscope/shared';

/** Coloured dot; progressing pulses, stalled is squared so it reads without colour too. */
export function StatusDot({ state, title }: { state: FluxState; title?: string }) {
  return <span className={`dot st-${state}`} title={title ?? STATE_HINTS[state]} aria-hidden="true" />;
}

/** Dot plus word: the state is never conveyed by colour alone. */
export function StatusBadge({ state, label }: { state: FluxState; label?: string }) {
  return (
    <span className={`badge st-${state}`} title={STATE_HINTS[state]}>
      <span className="dot" aria-hidden="true" />
      {label ?? STATE_LABELS[state]}
    </span>
  );
}

export function KindMark({ kind }: { kind: string }) {
  return (
    <span className="kind" title={kind} aria-hidden="true">
      {kindShortName(kind)}
    </span>
  );
}
