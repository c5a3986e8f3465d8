/**
 * `flux trace`, drawn: a column of cards from the object up to its source and on up through the parent
 * Kustomizations to the root. Each card says what the link is, its status, and the facts flux prints.
 */
import type { TraceLink, TraceResult } from '@fluxscope/shared';
import { formatObjRef, isFluxKind, HEALTH_LABELS, STATE_LABELS, healthState } from '@fluxscope/shared';
import { ObjectLink } from '../../components/ObjectLink';
import { StatusBadge } from '../../components/Status';

const ROLE_LABELS: Record<TraceLink['role'], string> = {
  object: 'Object',
  owner: 'Owned by',
  reconciler: 'Reconciled by',
  chart: 'Helm chart',
  source: 'Source',
  parent: 'Applied by',
};

function LinkCard({ link }: { link: TraceLink }) {
  const state = link.status ? link.status.state : link.missing ? 'failed' : healthState(link.health);
  const label = link.status
    ? STATE_LABELS[link.status.state]
    : link.missing
      ? 'Missing'
      : link.health
        ? HEALTH_LABELS[link.health.status]
        : 'Unknown';
  const message =
    link.status?.message ??
    link.health?.message ??
    (link.missing ? 'referenced but not found in the cluster' : '');
  return (
    <li
      className={`trace-card card st-${state}`}
      aria-label={`${ROLE_LABELS[link.role]}: ${formatObjRef(link.ref)}, ${label}`}
    >
      <div className="trace-card__role">{ROLE_LABELS[link.role]}</div>
      <div className="trace-card__head">
        <ObjectLink objRef={link.ref} />
        <StatusBadge state={state} label={label} />
      </div>
      {link.details.length > 0 && (
        <dl className="facts">
          {link.details.map(d => (
            <div key={d.label} className="facts__row">
              <dt>{d.label}</dt>
              <dd className={/revision|url|version|chart|path/i.test(d.label) ? 'mono' : undefined}>
                {d.value}
              </dd>
            </div>
          ))}
        </dl>
      )}
      {message && <p className="trace-card__msg">{message}</p>}
      {link.status?.ready === 'True' && !link.readyCondition && (
        <p className="trace-card__msg faint">
          Copied as flux text this reads <code>Status: Unknown</code>: flux trace prints the Ready condition,
          and this object has none (source-controller never reconciles an OCI HelmRepository; Alerts and
          Providers are static). flux get, like this card, counts it as Ready.
        </p>
      )}
    </li>
  );
}

export function TraceChain({ trace }: { trace: TraceResult }) {
  const links = [...trace.chain, ...trace.ancestors];
  return (
    <div>
      {!trace.managed &&
        (isFluxKind(trace.object.group, trace.object.kind) ? (
          <p className="banner st-unknown">
            <span className="dot" aria-hidden="true" /> Nothing in the cluster applied this{' '}
            {trace.object.kind}: it is a root, created by hand or by <code>flux bootstrap</code>. Its own
            source is traced below.
          </p>
        ) : (
          <p className="banner st-unknown">
            <span className="dot" aria-hidden="true" /> This object is not managed by Flux: no Kustomization
            or HelmRelease applied it.
          </p>
        ))}
      <ol className="trace" aria-label="Trace chain">
        {links.map((link, i) => (
          <LinkCard key={`${i}:${formatObjRef(link.ref)}`} link={link} />
        ))}
      </ol>
    </div>
  );
}
