/**
 * "Why is this blocked?": shared rootCause follows dependsOn and source references down to the first object
 * that is failing itself (or missing) and names it, with the chain that leads there; below a failing
 * Kustomization/HelmRelease it names the unhealthy workload and its failing Pod in one line.
 */
import type { ClusterIndex, ObjRef, RootCause } from '@fluxscope/shared';
import { STATE_LABELS, formatObjRef, rootCause, sameRef } from '@fluxscope/shared';
import { Fragment } from 'react';
import { ObjectLink } from './ObjectLink';
import { useNow } from './time';

function WorkloadLine({ cause }: { cause: NonNullable<RootCause['workload']> }) {
  return (
    <div className="rootcause__workload" aria-label="Failing workload">
      <div className="rootcause__head">
        <span className="faint">workload</span>
        <ObjectLink objRef={cause.workload} />
        <span className="faint">{cause.workloadMessage}</span>
      </div>
      {cause.pod && (
        <div className="rootcause__head">
          <span className="faint">pod</span>
          <ObjectLink objRef={cause.pod} />
        </div>
      )}
      <p className="rootcause__why mono">{cause.line}</p>
    </div>
  );
}

export function RootCauseCallout({
  index,
  objRef,
  compact = false,
}: {
  index: ClusterIndex;
  objRef: ObjRef;
  compact?: boolean;
}) {
  // Ticks the "2m ago" of the Pod's last exit; the cause itself follows the index.
  const now = useNow(15_000);
  const cause = rootCause(index, objRef, new Date(now));
  if (!cause) return null;
  const self = sameRef(cause.culprit, objRef);
  if (self && !cause.workload) return null;
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
        {self ? (
          <span className="faint">its workload is failing</span>
        ) : (
          <>
            <span className="faint">blocked by</span>
            <ObjectLink objRef={cause.culprit} />
            <span className="badge">{word}</span>
          </>
        )}
      </div>
      {cause.message && !self && <p className="rootcause__msg">{cause.message}</p>}
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
      {cause.workload && <WorkloadLine cause={cause.workload} />}
    </section>
  );
}
