/**
 * "Why is this blocked?": shared rootCause follows dependsOn and source references down to the first object
 * that is failing itself (or missing) and names it, with the chain that leads there.
 */
import type { ClusterIndex, ObjRef } from '@fluxscope/shared';
import { STATE_LABELS, formatObjRef, rootCause, sameRef } from '@fluxscope/shared';
import { Fragment } from 'react';
import { ObjectLink } from './ObjectLink';

export function RootCauseCallout({
  index,
  objRef,
  compact = false,
}: {
  index: ClusterIndex;
  objRef: ObjRef;
  compact?: boolean;
}) {
  const cause = rootCause(index, objRef);
  if (!cause || sameRef(cause.culprit, objRef)) return null;
  const state = cause.culpritState === 'missing' ? 'failed' : cause.culpritState;
  const word = cause.culpritState === 'missing' ? 'Missing' : STATE_LABELS[cause.culpritState];
  return (
    <section
      className={`rootcause st-${state}${compact ? ' rootcause--compact' : ''}`}
      aria-label="Root cause"
    >
      <div className="rootcause__head">
        <span className="dot" aria-hidden="true" />
        <strong>Root cause</strong>
        <span className="faint">blocked by</span>
        <ObjectLink objRef={cause.culprit} />
        <span className="badge">{word}</span>
      </div>
      {cause.message && <p className="rootcause__msg">{cause.message}</p>}
      {cause.path.length > 2 && (
        <p className="rootcause__path faint" aria-label="Chain">
          {cause.path.map((ref, i) => (
            <Fragment key={formatObjRef(ref)}>
              {i > 0 && <span aria-hidden="true"> → </span>}
              <span>{formatObjRef(ref)}</span>
            </Fragment>
          ))}
        </p>
      )}
    </section>
  );
}
