/** The trace of any object (deep link /trace/{group}/{kind}/{ns}/{name}), with a link to highlight it on the map. */
import type { ObjRef } from '@fluxscope/shared';
import { buildTrace, formatObjRef, refKey, splitApiVersion } from '@fluxscope/shared';
import { Icon } from '../../components/Icon';
import { CopyTextButton } from '../../components/CopyTextButton';
import { EmptyState } from '../../components/EmptyState';
import { apiPaths } from '../../data/api';
import { useCluster, useClusterMemo } from '../../data/cluster-context';
import { Link } from '../../router/router';
import { hrefs } from '../../router/routes';
import { TraceChain } from './TraceChain';

export function traceTextPath(ref: ObjRef, apiVersion: string | undefined): string {
  return apiPaths.traceText(ref, apiVersion ? splitApiVersion(apiVersion).version : 'v1');
}

export default function TracePage({ objRef }: { objRef: ObjRef }) {
  const { index } = useCluster();
  const obj = index.get(objRef);
  const trace = useClusterMemo(idx => (obj ? buildTrace(idx, objRef) : undefined), [objRef, obj]);
  if (!obj || !trace) {
    return (
      <EmptyState title="Object not found" icon="?" level={1}>
        <p>
          <code>{formatObjRef(objRef)}</code> is not in the cluster (or not watched by Fluxscope).
        </p>
      </EmptyState>
    );
  }
  const onMap = [...trace.chain, ...trace.ancestors].find(l => l.status)?.ref ?? objRef;
  return (
    <div className="page page--narrow">
      <div className="page__head">
        <h1>
          Trace <span className="muted">{formatObjRef(objRef)}</span>
        </h1>
        <div className="page__actions">
          <Link className="btn btn--sm" href={hrefs.map({ focus: refKey(onMap) })}>
            <Icon name="target" size={12} /> Highlight on map
          </Link>
          <Link className="btn btn--sm" href={hrefs.object(objRef)}>
            Object details
          </Link>
          <CopyTextButton path={traceTextPath(objRef, obj.apiVersion)} what="flux trace" />
        </div>
      </div>
      <TraceChain trace={trace} />
    </div>
  );
}
