/** `flux stats` output: one TablePrinter table, storage through formatSize. */
import type { StatsRow } from '../views/types.js';
import { renderTable } from './table.js';

/**
 * flux's formatSize: `-` for 0, `%d B` under 1 KiB, else `%.1f %ciB` (base 1024). Go's %.1f rounds the
 * exact binary value half to even, so ties such as 1.25 KiB print 1.2; computed on integers to match.
 */
export function formatSize(bytes: number): string {
  const b = Math.trunc(bytes);
  if (b === 0) return '-';
  if (b < 1024) return `${b} B`;
  let div = 1024n;
  let exp = 0;
  for (let n = BigInt(b) / 1024n; n >= 1024n; n /= 1024n) {
    div *= 1024n;
    exp++;
  }
  const scaled = BigInt(b) * 10n;
  let tenths = scaled / div;
  const rest = scaled % div;
  if (rest * 2n > div || (rest * 2n === div && tenths % 2n === 1n)) tenths++;
  return `${tenths / 10n}.${tenths % 10n} ${'KMGTPE'[exp]}iB`;
}

export function renderStatsText(rows: StatsRow[]): string {
  return renderTable(
    ['Reconcilers', 'Running', 'Failing', 'Suspended', 'Storage'],
    rows.map(r => [
      r.kind,
      String(r.running),
      String(r.failing),
      String(r.suspended),
      formatSize(r.storageBytes),
    ]),
  );
}
