/** `?format=text` of the root-cause route: the chain, the Flux culprit and the workload/Pod line below it. */
import type { ObjRef } from '../inventory/ids.js';
import { formatObjRef } from '../inventory/ids.js';
import type { RootCause } from '../views/types.js';

export function renderRootCauseText(ref: ObjRef, cause: RootCause | undefined): string {
  if (!cause) return `${formatObjRef(ref)} is not blocked\n`;
  const rows: Array<[string, string]> = [['Object', formatObjRef(cause.object)]];
  rows.push(['Culprit', `${formatObjRef(cause.culprit)} (${cause.culpritState})`]);
  if (cause.message) rows.push(['Message', cause.message]);
  if (cause.path.length > 1) rows.push(['Chain', cause.path.map(formatObjRef).join(' -> ')]);
  if (cause.workload) {
    const w = cause.workload;
    rows.push(['Workload', `${formatObjRef(w.workload)}: ${w.workloadMessage}`]);
    rows.push(['Why', w.line]);
  }
  const width = Math.max(...rows.map(([k]) => k.length)) + 2;
  return rows.map(([k, v]) => `${`${k}:`.padEnd(width)}${v}\n`).join('');
}
