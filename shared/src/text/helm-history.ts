/**
 * A HelmRelease's history as text, in flux's table layout (the flux CLI has no history command; the columns
 * follow `helm history`, plus what helm-controller's snapshots add: action, tests, what changed).
 */
import type { HelmHistory, HelmRevision } from '../wire/helm.js';
import { renderTable } from './table.js';

const TESTS: Record<HelmRevision['tests'], string> = {
  'not-run': '-',
  'no-tests': 'none',
  passed: 'passed',
  failed: 'failed',
  running: 'running',
};

export function changeText(r: HelmRevision): string {
  return r.changes
    .map(c =>
      c.field === 'configDigest' ? 'values changed' : `${c.label} ${c.from || '-'} -> ${c.to || '-'}`,
    )
    .join(', ');
}

export function renderHelmHistoryText(history: HelmHistory): string {
  if (history.revisions.length === 0) return `✗ no release history for ${history.release}\n`;
  const rows = history.revisions.map(r => {
    const s = r.snapshot;
    return [
      String(s.version),
      s.lastDeployed ?? '',
      `${s.status}${r.live ? ' (live)' : ''}${s.deleted ? ` deleted ${s.deleted}` : ''}`,
      `${s.chartName}-${s.chartVersion}`,
      s.appVersion ?? '',
      s.action ?? '',
      TESTS[r.tests],
      changeText(r),
    ];
  });
  return renderTable(
    ['revision', 'updated', 'status', 'chart', 'app version', 'action', 'tests', 'changes'],
    rows,
  );
}
