/**
 * The Flux runtime: its controllers (version from the image tag, readiness, restarts, newest Warning
 * Events), its CRDs (served, storage and stored versions; objects still applied in a deprecated version, as
 * `flux check`/`flux migrate` see them) and its notifications (what each Alert covers, Providers,
 * Receivers). Pure shared buildFluxRuntime over the live index; the server answers the same at
 * /api/v1/flux-runtime.
 */
import type { FluxCrd, FluxRuntime, FluxState, HealthStatus, ObjRef } from '@fluxscope/shared';
import { buildFluxRuntime, formatObjRef, HEALTH_LABELS, healthState } from '@fluxscope/shared';
import { ObjectLink } from '../../components/ObjectLink';
import { StatusBadge } from '../../components/Status';
import { age, formatTime, useNow } from '../../components/time';
import { useClusterMemo } from '../../data/cluster-context';
import { Fragment, useState } from 'react';
import { ControllerErrors } from './ControllerErrors';

/** Covered objects listed per Alert before "and N more". */
const COVERS_SHOWN = 6;

function Controllers({ rt, now }: { rt: FluxRuntime; now: number }) {
  // Whose log errors are shown: read only on request (ControllerErrors), one row or several.
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());
  const toggle = (name: string) =>
    setOpen(prev => {
      const next = new Set(prev);
      if (next.has(name)) next.delete(name);
      else next.add(name);
      return next;
    });
  if (rt.controllers.length === 0)
    return (
      <p className="table-empty">
        No Flux controller Deployments in <code>{rt.namespace}</code> (none labelled{' '}
        <code>app.kubernetes.io/part-of: flux</code> or named like the controllers).
      </p>
    );
  return (
    <div className="table-wrap">
      <table className="table" aria-label="Controllers">
        <thead>
          <tr>
            <th>Controller</th>
            <th>Version</th>
            <th>Status</th>
            <th className="num">Ready</th>
            <th className="num">Restarts</th>
            <th>Last warnings</th>
          </tr>
        </thead>
        <tbody>
          {rt.controllers.map(c => {
            const health = { status: c.health as HealthStatus, message: c.message };
            const shown = open.has(c.name);
            return (
              <Fragment key={c.name}>
                <tr>
                  <td className="cell-nowrap">
                    <ObjectLink objRef={c.ref} />{' '}
                    {/* First column, so it is on screen on a phone, where the table scrolls sideways. */}
                    <button
                      type="button"
                      className="btn btn--ghost btn--sm"
                      aria-expanded={shown}
                      aria-controls={`errors-${c.name}`}
                      onClick={() => toggle(c.name)}
                      title="Read the newest error lines of its log"
                    >
                      {shown ? 'Hide errors' : 'Last errors'}
                    </button>
                  </td>
                  <td className="mono cell-nowrap" title={c.image}>
                    {c.version || '—'}
                  </td>
                  <td>
                    <StatusBadge
                      state={healthState(health)}
                      label={HEALTH_LABELS[health.status] ?? c.health}
                    />
                  </td>
                  <td className="num">
                    {c.ready}/{c.desired}
                  </td>
                  <td className={`num${c.restarts > 0 ? ' restarts--bad' : ''}`}>{c.restarts}</td>
                  <td className="cell-msg">
                    {c.warnings.length === 0 ? (
                      <span className="faint">none</span>
                    ) : (
                      <ul className="plain-list warn-list">
                        {c.warnings.map(w => (
                          <li key={`${w.object}/${w.reason}/${w.time}`}>
                            <strong>{w.reason}</strong>{' '}
                            <span className="faint" title={formatTime(w.time)}>
                              {age(w.time, now)} ago · {w.object}
                            </span>
                            <div>{w.message}</div>
                          </li>
                        ))}
                      </ul>
                    )}
                  </td>
                </tr>
                {shown && (
                  <tr id={`errors-${c.name}`} className="ctl-errors-row">
                    <td colSpan={6}>
                      <ControllerErrors controller={c} />
                    </td>
                  </tr>
                )}
              </Fragment>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function crdVerdict(crd: FluxCrd): { state: 'ready' | 'failed' | 'progressing'; label: string } {
  if (crd.deprecatedUses.length) return { state: 'failed', label: `${crd.deprecatedUses.length} deprecated` };
  if (crd.needsMigration) return { state: 'progressing', label: 'Migration needed' };
  return { state: 'ready', label: 'OK' };
}

function Crds({ rt }: { rt: FluxRuntime }) {
  if (rt.crds.length === 0) return <p className="table-empty">No Flux CRDs found.</p>;
  return (
    <div className="table-wrap">
      <table className="table" aria-label="Flux CRDs">
        <thead>
          <tr>
            <th>CRD</th>
            <th>Storage</th>
            <th>Served</th>
            <th>Stored versions</th>
            <th>Check</th>
          </tr>
        </thead>
        <tbody>
          {rt.crds.map(crd => {
            const verdict = crdVerdict(crd);
            return (
              <tr key={crd.name}>
                <td className="mono">{crd.name}</td>
                <td className="mono">{crd.storage}</td>
                <td className="mono">
                  {crd.served.map(v => (crd.deprecated.includes(v) ? `${v} (deprecated)` : v)).join(', ')}
                </td>
                <td className="mono">{crd.storedVersions.join(', ') || '—'}</td>
                <td>
                  <StatusBadge state={verdict.state} label={verdict.label} />
                  {crd.needsMigration && (
                    <div className="faint cell-msg">
                      objects may still be stored as{' '}
                      {crd.storedVersions.filter(v => v !== crd.storage).join(', ')}: run{' '}
                      <code>flux migrate</code>
                    </div>
                  )}
                  {crd.deprecatedUses.length > 0 && (
                    <ul className="plain-list cell-msg">
                      {crd.deprecatedUses.map(u => (
                        <li key={formatObjRef(u.object)}>
                          <ObjectLink objRef={u.object} />{' '}
                          <span className="faint">as {u.version}, applied by</span>{' '}
                          <ObjectLink objRef={u.appliedBy} />
                        </li>
                      ))}
                    </ul>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function Covers({ refs }: { refs: ObjRef[] }) {
  if (refs.length === 0) return <span className="faint">nothing watched matches</span>;
  return (
    <ul className="plain-list">
      {refs.slice(0, COVERS_SHOWN).map(r => (
        <li key={formatObjRef(r)}>
          <ObjectLink objRef={r} />
        </li>
      ))}
      {refs.length > COVERS_SHOWN && <li className="faint">and {refs.length - COVERS_SHOWN} more</li>}
    </ul>
  );
}

function Notifications({ rt }: { rt: FluxRuntime }) {
  if (rt.alerts.length + rt.providers.length + rt.receivers.length === 0)
    return <p className="table-empty">No Alerts, Providers or Receivers in the cluster.</p>;
  return (
    <div className="table-wrap">
      <table className="table" aria-label="Notifications">
        <thead>
          <tr>
            <th>Object</th>
            <th>Status</th>
            <th>Sends to / type</th>
            <th>Event sources</th>
            <th>Covers</th>
          </tr>
        </thead>
        <tbody>
          {rt.alerts.map(a => (
            <tr key={formatObjRef(a.ref)}>
              <td>
                <ObjectLink objRef={a.ref} />
              </td>
              <td>
                <StatusBadge state={a.state as FluxState} />
              </td>
              <td className="cell-nowrap">
                {a.provider || '—'} <span className="faint">· {a.severity}</span>
              </td>
              <td className="mono cell-msg">
                <ul className="plain-list">
                  {a.sources.map(s => (
                    <li key={s}>{s}</li>
                  ))}
                </ul>
              </td>
              <td>
                <Covers refs={a.covers} />
              </td>
            </tr>
          ))}
          {[...rt.providers.map(p => ({ ...p, resources: [] as string[] })), ...rt.receivers].map(p => (
            <tr key={formatObjRef(p.ref)}>
              <td>
                <ObjectLink objRef={p.ref} />
              </td>
              <td>
                <StatusBadge state={p.state as FluxState} />
              </td>
              <td className="cell-nowrap">{p.type || '—'}</td>
              <td className="mono cell-msg">{p.resources.join(', ')}</td>
              <td className="faint cell-msg">{p.message}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export default function FluxRuntimeView() {
  const now = useNow(15_000);
  const rt = useClusterMemo(index => buildFluxRuntime(index), []);
  return (
    <div className="page">
      <div className="page__head">
        <h1>Flux runtime</h1>
        <span className="faint">namespace {rt.namespace}</span>
      </div>
      <section className="card" aria-label="Controllers">
        <div className="card__head">
          <h2>Controllers</h2>
          <span className="count">{rt.controllers.length}</span>
        </div>
        <Controllers rt={rt} now={now} />
      </section>
      <section className="card" aria-label="Custom resource definitions">
        <div className="card__head">
          <h2>CRDs</h2>
          <span className="count">{rt.crds.length}</span>
        </div>
        <Crds rt={rt} />
      </section>
      <section className="card" aria-label="Notification objects">
        <div className="card__head">
          <h2>Notifications</h2>
          <span className="count">
            {rt.alerts.length} alerts · {rt.providers.length} providers · {rt.receivers.length} receivers
          </span>
        </div>
        <Notifications rt={rt} />
      </section>
    </div>
  );
}
