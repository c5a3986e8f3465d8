/**
 * Flux controllers log JSON through controller-runtime's zap logger (fluxcd/pkg runtime/logger): `level`,
 * `ts` (ISO 8601), `msg`, `error`, and inside a reconcile the logger's values: `controller`,
 * `controllerGroup`, `controllerKind`, the object as `"<Kind>": {"name", "namespace"}`, `namespace`, `name`
 * and `reconcileID`. This module parses those lines and picks the ones about one object.
 */
import type { ObjRef } from '../inventory/ids.js';
import {
  HELM_GROUP,
  IMAGE_GROUP,
  KUSTOMIZE_GROUP,
  NOTIFICATION_GROUP,
  SOURCE_GROUP,
  TERRAFORM_GROUP,
} from '../kinds/registry.js';
import type { ControllerLogLine } from '../wire/logs.js';

/** The controller (its Deployment / Pod name prefix) that reconciles a Flux kind; undefined for other kinds. */
export function controllerOf(group: string, kind: string): string | undefined {
  switch (group) {
    case SOURCE_GROUP:
      return 'source-controller';
    case KUSTOMIZE_GROUP:
      return 'kustomize-controller';
    case HELM_GROUP:
      return 'helm-controller';
    case NOTIFICATION_GROUP:
      return 'notification-controller';
    case IMAGE_GROUP:
      return kind === 'ImageUpdateAutomation' ? 'image-automation-controller' : 'image-reflector-controller';
    case TERRAFORM_GROUP:
      return 'tofu-controller';
    default:
      return undefined;
  }
}

/** Keys shown in their own columns, or implied by the object the lines were picked for. */
const OWN_KEYS = new Set([
  'level',
  'ts',
  'msg',
  'error',
  'controller',
  'controllerGroup',
  'controllerKind',
  'namespace',
  'name',
  'reconcileID',
]);

/** Field values longer than this are cut: a `output` map of a big apply runs to kilobytes. */
const MAX_FIELD_CHARS = 2000;

export interface ParsedControllerLine extends ControllerLogLine {
  /** The object this line is about, from the controller-runtime keys; absent outside a reconcile. */
  object?: { kind: string; namespace: string; name: string };
}

function text(value: unknown): string {
  const s = typeof value === 'string' ? value : JSON.stringify(value);
  return s.length > MAX_FIELD_CHARS ? `${s.slice(0, MAX_FIELD_CHARS)}…` : s;
}

const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** zap's ISO8601 encoder writes `+0200` for non-UTC zones; `Date` wants `+02:00`. */
export function parseLogTime(ts: string): number | undefined {
  const normalized = ts.replace(/([+-]\d\d)(\d\d)$/, '$1:$2');
  const ms = Date.parse(normalized);
  return Number.isNaN(ms) ? undefined : ms;
}

/**
 * One log line; undefined when it is not a controller's JSON object (klog text, a panic's stack, an empty
 * line). Never throws.
 */
export function parseControllerLine(line: string): ParsedControllerLine | undefined {
  const trimmed = line.trim();
  if (!trimmed.startsWith('{')) return undefined;
  let raw: unknown;
  try {
    raw = JSON.parse(trimmed);
  } catch {
    return undefined;
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return undefined;
  const o = raw as Record<string, unknown>;
  const msg = str(o['msg']);
  const level = str(o['level']);
  if (msg === undefined || level === undefined) return undefined;

  const out: ParsedControllerLine = { level, msg, fields: [] };
  const ts = str(o['ts']);
  if (ts !== undefined) out.ts = ts;
  if (o['error'] !== undefined) out.error = text(o['error']);
  const controller = str(o['controller']);
  if (controller !== undefined) out.controller = controller;
  const reconcileID = str(o['reconcileID']);
  if (reconcileID !== undefined) out.reconcileID = reconcileID;

  const kind = str(o['controllerKind']);
  const keyed = kind !== undefined ? o[kind] : undefined;
  if (kind !== undefined && keyed && typeof keyed === 'object') {
    const ref = keyed as { name?: unknown; namespace?: unknown };
    const name = str(ref.name) ?? str(o['name']);
    if (name !== undefined) out.object = { kind, namespace: str(ref.namespace) ?? '', name };
  } else if (kind !== undefined && str(o['name']) !== undefined) {
    out.object = { kind, namespace: str(o['namespace']) ?? '', name: str(o['name'])! };
  }

  for (const [key, value] of Object.entries(o)) {
    if (OWN_KEYS.has(key) || (kind !== undefined && key === kind)) continue;
    out.fields.push({ key, value: text(value) });
  }
  return out;
}

/** Does this parsed line belong to the reconcile of `ref`? (kind, namespace and name must all match.) */
export function namesObject(line: ParsedControllerLine, ref: ObjRef): boolean {
  const o = line.object;
  return o !== undefined && o.kind === ref.kind && o.name === ref.name && o.namespace === ref.namespace;
}

/**
 * The lines of a controller's log (text, oldest first) that name `ref`, oldest first, without the object
 * keys (the page already says which object). `scanned` counts the lines read.
 */
export function controllerLinesFor(
  logText: string,
  ref: ObjRef,
): { scanned: number; lines: ControllerLogLine[] } {
  const lines: ControllerLogLine[] = [];
  let scanned = 0;
  for (const line of logText.split('\n')) {
    if (line === '') continue;
    scanned++;
    const parsed = parseControllerLine(line);
    if (!parsed || !namesObject(parsed, ref)) continue;
    const { object: _object, ...rest } = parsed;
    lines.push(rest);
  }
  return { scanned, lines };
}
