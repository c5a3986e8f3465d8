import type { ObjRef } from '@fluxscope/shared';
import { Link } from '../router/router';
import { hrefs, inCluster } from '../router/routes';
import { KindMark } from './Status';

/** `Kind ns/name` linking to the object's page (in `cluster` when given, else the cluster of the URL). */
export function ObjectLink({
  objRef,
  showKind = true,
  showNamespace = true,
  tab,
  cluster,
}: {
  objRef: ObjRef;
  cluster?: string;
  showKind?: boolean;
  showNamespace?: boolean;
  tab?: string;
}) {
  const where = objRef.namespace && showNamespace ? `${objRef.namespace}/${objRef.name}` : objRef.name;
  return (
    <Link
      href={inCluster(cluster, hrefs.object(objRef, tab))}
      className="objlink"
      title={`${objRef.kind} ${where}`}
    >
      {showKind && <KindMark kind={objRef.kind} />}
      <span className="objlink__name">{where}</span>
    </Link>
  );
}
