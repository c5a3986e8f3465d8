/**
 * `flux trace` output, line for line as cmd/flux/trace.go's Go templates print it: a Kustomization report
 * (labels padded to 17) or a HelmRelease report (padded to 16; its GitRepository block to 15, its OCI and
 * ExternalArtifact blocks to 17). Links Fluxscope adds (`extra`) and the ancestors are not printed.
 * Where flux would stop with an error (object not managed, a referenced object not found), the error line
 * it prints is returned instead: `failed to trace <Kind>/<name> in namespace <ns>: <reason>`.
 */
import { formatObjRef } from '../inventory/ids.js';
import { kindInfo } from '../kinds/registry.js';
import type { TraceLink, TraceResult } from '../views/types.js';
import { formatGoTime } from './go-time.js';

export interface TraceTextOptions {
  /** IANA zone for times (flux uses the machine's local zone); default UTC. */
  timeZone?: string;
}

/** The lines flux prints per block kind, from the link's details, in this order. */
const PRINTED: Record<string, string[]> = {
  Kustomization: ['Target', 'Path', 'Revision'],
  HelmRelease: ['Target', 'Revision'],
  HelmChart: ['Chart', 'Version', 'Revision'],
  HelmRepository: ['URL', 'Revision'],
  GitRepository: ['URL', 'Tag', 'Branch', 'Revision'],
  OCIRepository: ['URL', 'Tag', 'Digest', 'Revision', 'Origin Revision', 'Origin Source'],
  ExternalArtifact: ['Source', 'Revision'],
};

/** Only these blocks ever say "Last reconciliation failed at". */
const FAILURE_AWARE = new Set(['GitRepository', 'OCIRepository', 'ExternalArtifact']);

const labelled = (label: string, width: number) => `${label}:`.padEnd(width, ' ');

function block(link: TraceLink, width: number, withOrigin: boolean, timeZone: string): string[] {
  const kind = link.ref.kind;
  const head = kind === 'ExternalArtifact' ? `${kind}:` : labelled(kind, width);
  const lines = [`${head}${link.ref.name}`, `${labelled('Namespace', width)}${link.ref.namespace}`];
  for (const label of PRINTED[kind] ?? []) {
    const detail = link.details.find(d => d.label === label);
    if (!detail) continue;
    if (label.startsWith('Origin ')) {
      // {{ with (index $metadata $v) }}{{ $k }}{{ . }}{{ end }}: a missing key leaves an empty line.
      if (withOrigin) lines.push(detail.value ? `${labelled(label, width)}${detail.value}` : '');
      continue;
    }
    lines.push(`${labelled(label, width)}${detail.value}`);
  }
  const ready = link.readyCondition;
  if (!ready) {
    lines.push(`${labelled('Status', width)}Unknown`);
    return lines;
  }
  const at = formatGoTime(ready.lastTransitionTime, timeZone);
  const failed = FAILURE_AWARE.has(kind) && ready.status === 'False';
  lines.push(
    `${labelled('Status', width)}${failed ? 'Last reconciliation failed at' : 'Last reconciled at'} ${at}`,
  );
  lines.push(`${labelled('Message', width)}${ready.message ?? ''}`);
  return lines;
}

function notFound(link: TraceLink): string {
  const info = kindInfo(link.ref.group, link.ref.kind);
  const resource = info ? `${info.plural}.${info.group}` : link.ref.kind.toLowerCase();
  const what = link.ref.kind === 'Kustomization' ? 'kustomization' : link.ref.kind;
  return `failed to find ${what}: ${resource} "${link.ref.name}" not found`;
}

function failure(trace: TraceResult, reason: string): string {
  const o = trace.object;
  return `failed to trace ${o.kind}/${o.name} in namespace ${o.namespace}: ${reason}`;
}

export function renderTraceText(trace: TraceResult, opts: TraceTextOptions = {}): string {
  const timeZone = opts.timeZone ?? 'UTC';
  if (!trace.managed) return failure(trace, 'object not managed by Flux');
  const printed = trace.chain.filter(l => l.role !== 'object' && l.role !== 'owner' && !l.extra);
  const missing = printed.find(l => l.missing);
  if (missing) return failure(trace, notFound(missing));
  const helm = printed[0]?.ref.kind === 'HelmRelease';
  const width = helm ? 16 : 17;
  const o = trace.object;
  const lines = ['', `${labelled('Object', width)}${o.kind}/${o.name}`];
  if (o.namespace) lines.push(`${labelled('Namespace', width)}${o.namespace}`);
  lines.push(`${labelled('Status', width)}Managed by Flux`);
  // The helm template prints HelmRelease, HelmChart, HelmRepository, then GitRepository, OCI, ExternalArtifact.
  const order = helm
    ? ['HelmRelease', 'HelmChart', 'HelmRepository', 'GitRepository', 'OCIRepository', 'ExternalArtifact']
    : ['Kustomization', 'GitRepository', 'OCIRepository', 'ExternalArtifact'];
  for (const kind of order) {
    const link = printed.find(l => l.ref.kind === kind);
    if (!link) continue;
    const blockWidth = !helm || kind.startsWith('Helm') ? width : kind === 'GitRepository' ? 15 : 17;
    lines.push('---', ...block(link, blockWidth, !helm, timeZone));
  }
  return `${lines.join('\n')}\n`;
}

/** `Kind/ns/name` of each link, for logs and tests. */
export const traceChainRefs = (trace: TraceResult) => trace.chain.map(l => formatObjRef(l.ref));
