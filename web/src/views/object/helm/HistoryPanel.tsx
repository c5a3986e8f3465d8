/**
 * A HelmRelease's release history (status.history), live from the index: newest first, the live revision
 * marked, what changed from the revision before, and any two revisions compared.
 */
import type { ClusterObject, HelmRevision, HelmSnapshot, ObjRef } from '@fluxscope/shared';
import { compareSnapshots, helmHistory } from '@fluxscope/shared';
import { useState } from 'react';
import { CopyTextButton } from '../../../components/CopyTextButton';
import { age, formatTime, useNow } from '../../../components/time';
import { apiPaths } from '../../../data/api';
import './helm.css';

const STATUS_CLASS: Record<string, string> = {
  deployed: 'st-ready',
  superseded: 'st-unknown',
  failed: 'st-failed',
  uninstalled: 'st-suspended',
};

const TESTS: Record<HelmRevision['tests'], string> = {
  'not-run': 'not run',
  'no-tests': 'no tests',
  passed: 'passed',
  failed: 'failed',
  running: 'running',
};

function ChangeList({ changes }: { changes: HelmRevision['changes'] }) {
  if (changes.length === 0) return <span className="faint">no change</span>;
  return (
    <ul className="helm-changes">
      {changes.map(c => (
        <li key={c.field}>
          {c.field === 'configDigest' ? (
            <span title={`${c.from} → ${c.to}`}>values changed</span>
          ) : (
            <>
              {c.label} <span className="mono">{c.from || '—'}</span> →{' '}
              <span className="mono">{c.to || '—'}</span>
            </>
          )}
        </li>
      ))}
    </ul>
  );
}

function Compare({ snapshots }: { snapshots: HelmSnapshot[] }) {
  const [from, setFrom] = useState(snapshots[snapshots.length - 1]!.version);
  const [to, setTo] = useState(snapshots[0]!.version);
  const a = snapshots.find(s => s.version === from);
  const b = snapshots.find(s => s.version === to);
  const pick = (value: number, set: (v: number) => void, label: string) => (
    <label className="helm-compare__pick">
      {label}
      <select value={value} onChange={e => set(Number(e.target.value))}>
        {snapshots.map(s => (
          <option key={s.version} value={s.version}>
            v{s.version} · {s.chartVersion}
          </option>
        ))}
      </select>
    </label>
  );
  return (
    <div className="helm-compare" aria-label="Compare revisions" role="group">
      {pick(from, setFrom, 'Compare')}
      {pick(to, setTo, 'with')}
      <div className="helm-compare__result" aria-live="polite">
        {a && b && <ChangeList changes={compareSnapshots(a, b)} />}
      </div>
    </div>
  );
}

export function HistoryPanel({ objRef, obj }: { objRef: ObjRef; obj: ClusterObject }) {
  const now = useNow(5000);
  const history = helmHistory(obj);
  const snapshots = history.revisions.map(r => r.snapshot);
  return (
    <section className="card" aria-label="Release history">
      <div className="card__head">
        <h2>Release history</h2>
        <span className="count helm-head-note">
          {history.release} · {history.revisions.length} revision{history.revisions.length === 1 ? '' : 's'}{' '}
          kept
        </span>
        <CopyTextButton path={apiPaths.helmHistoryText(objRef)} what="the history" label="Copy as text" />
      </div>
      {history.revisions.length === 0 ? (
        <p className="table-empty">
          No release history yet: helm-controller has not installed this release (status.history is empty).
        </p>
      ) : (
        <div className="table-wrap">
          <table className="table" aria-label="Revisions">
            <thead>
              <tr>
                <th className="num">Rev</th>
                <th>Status</th>
                <th>Chart</th>
                <th>App version</th>
                <th>Action</th>
                <th>Tests</th>
                <th className="num">Deployed</th>
                <th>Changed from the revision before</th>
              </tr>
            </thead>
            <tbody>
              {history.revisions.map(r => {
                const s = r.snapshot;
                return (
                  <tr key={s.version} className={r.live ? 'helm-live' : undefined}>
                    <td className="num mono">v{s.version}</td>
                    <td className="cell-nowrap">
                      <span className={`badge ${STATUS_CLASS[s.status] ?? 'st-progressing'}`}>
                        <span className="dot" aria-hidden="true" />
                        {s.status}
                      </span>
                      {r.live && <span className="helm-live__tag">live</span>}
                      {s.deleted && <span className="faint"> deleted {age(s.deleted, now)} ago</span>}
                    </td>
                    <td className="cell-nowrap mono" title={s.ociDigest ? `OCI ${s.ociDigest}` : undefined}>
                      {s.chartName}@{s.chartVersion}
                    </td>
                    <td className="cell-nowrap mono">{s.appVersion ?? '—'}</td>
                    <td className="cell-nowrap">{s.action ?? '—'}</td>
                    <td
                      className={`cell-nowrap ${r.tests === 'failed' ? 'cond-False' : r.tests === 'passed' ? 'cond-True' : 'faint'}`}
                      title={(s.testHooks ?? []).map(h => `${h.name}: ${h.phase ?? 'unknown'}`).join('\n')}
                    >
                      {TESTS[r.tests]}
                    </td>
                    <td className="num cell-nowrap faint" title={formatTime(s.lastDeployed)}>
                      {age(s.lastDeployed, now)}
                    </td>
                    <td className="cell-msg">
                      {r === history.revisions[history.revisions.length - 1] ? (
                        <span className="faint">oldest kept</span>
                      ) : (
                        <ChangeList changes={r.changes} />
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {snapshots.length > 1 && <Compare snapshots={snapshots} />}
      <p className="card__foot faint">
        helm-controller keeps the current snapshot and the one before the last successful release; older
        revisions live only in Helm's storage.
        {history.lastAttemptedRevision &&
          ` Last attempted: ${history.lastAttemptedReleaseAction ?? 'release'} of ${history.lastAttemptedRevision}.`}
      </p>
    </section>
  );
}
