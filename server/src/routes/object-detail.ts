/** What the object page shows: status or health, conditions, a spec summary and the YAML. */
import {
  fluxStatus,
  isFluxKind,
  type ClusterObject,
  type Condition,
  type ObjectDetail,
  type ObjRef,
} from '@fluxscope/shared';
import { stringify } from 'yaml';

function scalar(value: unknown): string | undefined {
  if (typeof value === 'string' && value !== '') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

function refText(value: unknown, defaultNamespace: string): string | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const r = value as { kind?: unknown; name?: unknown; namespace?: unknown };
  if (typeof r.name !== 'string') return undefined;
  const ns = typeof r.namespace === 'string' && r.namespace ? r.namespace : defaultNamespace;
  return `${typeof r.kind === 'string' ? r.kind : ''}/${ns}/${r.name}`;
}

const SCALAR_FIELDS: Array<[string, string]> = [
  ['url', 'URL'],
  ['path', 'Path'],
  ['interval', 'Interval'],
  ['timeout', 'Timeout'],
  ['targetNamespace', 'Target namespace'],
  ['releaseName', 'Release name'],
  ['chart', 'Chart'],
  ['version', 'Version'],
  ['type', 'Type'],
  ['prune', 'Prune'],
  ['wait', 'Wait'],
  ['suspend', 'Suspended'],
  ['bucketName', 'Bucket'],
  ['endpoint', 'Endpoint'],
  ['image', 'Image'],
];

export function specSummary(obj: ClusterObject): Array<{ label: string; value: string }> {
  const spec = obj.spec ?? {};
  const ns = obj.metadata.namespace ?? '';
  const out: Array<{ label: string; value: string }> = [];
  const source = refText(spec['sourceRef'], ns);
  if (source) out.push({ label: 'Source', value: source });
  const chartSpec = (spec['chart'] as { spec?: Record<string, unknown> } | undefined)?.spec;
  if (chartSpec) {
    const chart = scalar(chartSpec['chart']);
    if (chart)
      out.push({
        label: 'Chart',
        value: `${chart}${chartSpec['version'] ? `@${String(chartSpec['version'])}` : ''}`,
      });
    const chartSource = refText(chartSpec['sourceRef'], ns);
    if (chartSource) out.push({ label: 'Chart source', value: chartSource });
  }
  const chartRef = refText(spec['chartRef'], ns);
  if (chartRef) out.push({ label: 'Chart ref', value: chartRef });
  const gitRef = spec['ref'];
  if (gitRef && typeof gitRef === 'object') {
    for (const [k, v] of Object.entries(gitRef))
      if (scalar(v)) out.push({ label: `Ref ${k}`, value: scalar(v)! });
  }
  for (const [field, label] of SCALAR_FIELDS) {
    const value = scalar(spec[field]);
    if (value !== undefined) out.push({ label, value });
  }
  const dependsOn = spec['dependsOn'];
  if (Array.isArray(dependsOn) && dependsOn.length) {
    const names = dependsOn.map(d => refText({ kind: obj.kind, ...(d as object) }, ns)).filter(Boolean);
    out.push({ label: 'Depends on', value: names.join(', ') });
  }
  return out;
}

export function objectDetail(ref: ObjRef, obj: ClusterObject): ObjectDetail {
  const flux = isFluxKind(ref.group, ref.kind);
  const conditions = Array.isArray(obj.status?.['conditions'])
    ? (obj.status['conditions'] as Condition[])
    : [];
  const detail: ObjectDetail = {
    ref,
    apiVersion: obj.apiVersion,
    flux,
    conditions,
    summary: specSummary(obj),
    yaml: stringify(obj, { lineWidth: 0 }),
    object: obj,
  };
  if (flux) detail.fluxStatus = fluxStatus(obj);
  else if (obj.health) detail.health = obj.health;
  return detail;
}
