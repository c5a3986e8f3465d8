/**
 * The confirmation before Suspend: what stops (this object's reconciliation, what it applies no longer
 * updated) and what depends on it, counted, so nobody suspends a source under forty releases by accident.
 */
import type { ObjRef } from '@fluxscope/shared';
import { formatObjRef, impactOf, impactSummary } from '@fluxscope/shared';
import { useEffect, useRef } from 'react';
import { useFluxMemo } from '../../../data/cluster-context';
import { ImpactCounts, ImpactList } from './ImpactCard';
import './impact.css';

export function SuspendConfirm({
  objRef,
  onConfirm,
  onCancel,
}: {
  objRef: ObjRef;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const impact = useFluxMemo(idx => impactOf(idx, objRef), [objRef]);
  const cancel = useRef<HTMLButtonElement>(null);
  useEffect(() => cancel.current?.focus(), []);
  const name = formatObjRef(objRef);
  return (
    <div className="confirm-backdrop" onMouseDown={onCancel}>
      <div
        className="confirm"
        role="alertdialog"
        aria-modal="true"
        aria-labelledby="suspend-title"
        aria-describedby="suspend-what"
        onMouseDown={e => e.stopPropagation()}
        onKeyDown={e => {
          if (e.key === 'Escape') onCancel();
        }}
      >
        <h2 id="suspend-title">Suspend {name}?</h2>
        <p id="suspend-what">
          Its controller stops reconciling it (<code>spec.suspend: true</code>): new revisions and drift are
          no longer applied until it is resumed.{' '}
          {impact.dependents.length > 0
            ? `Depending on it: ${impactSummary(impact)}; they keep what they have but get nothing new through it.`
            : 'Nothing else depends on it.'}
        </p>
        {impact.dependents.length > 0 && (
          <>
            <ImpactCounts impact={impact} />
            <ImpactList impact={impact} limit={8} />
          </>
        )}
        <div className="confirm__buttons">
          <button ref={cancel} type="button" className="btn btn--sm" onClick={onCancel}>
            Cancel
          </button>
          <button type="button" className="btn btn--sm btn--primary" onClick={onConfirm}>
            Suspend
          </button>
        </div>
      </div>
    </div>
  );
}
