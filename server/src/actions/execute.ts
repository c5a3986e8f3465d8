/**
 * Runs one action against the API server the way the flux CLI does: GET the object, refuse what flux
 * refuses, merge-patch. `--with-source` patches the source first and waits (bounded) until its controller
 * has handled the request, then patches the object. The UI follows the rest through the SSE stream.
 */
import {
  type ActionResponse,
  type ClusterObject,
  type FluxAction,
  type KindInfo,
  type ObjRef,
  type ReconcileOptions,
  actionKindInfo,
  formatRFC3339Nano,
  reconcilePatch,
  reconcileRefusal,
  resumePatch,
  suspendPatch,
  takesForceAndReset,
  takesWithSource,
  withSourceTarget,
} from '@fluxscope/shared';
import { HttpError } from '../http/errors.js';
import type { RawKubeApi } from '../kube/raw-api.js';
import { classifyError } from '../kube/raw-api.js';

export interface ActionContext {
  api: RawKubeApi;
  /** Served version of a kind ('' / undefined when not served). */
  servedVersion(group: string, kind: string): string | undefined;
  /** How long `withSource` waits for the source's controller. */
  sourceWaitMs: number;
  /** Why an object may not be acted on here (--namespaces), checked before each object's first request. */
  outside?: (ref: ObjRef) => string | undefined;
  now?: () => string;
}

let lastNs = 0n;
/**
 * Now in RFC3339Nano as Go prints it. JavaScript's wall clock has millisecond resolution; the sub-millisecond
 * digits come from the high-resolution clock, and values only ever increase so two requests never share one.
 */
export function requestTimestamp(): string {
  const wallNs = BigInt(Date.now()) * 1_000_000n + (process.hrtime.bigint() % 1_000_000n);
  lastNs = wallNs > lastNs ? wallNs : lastNs + 1n;
  return formatRFC3339Nano(lastNs);
}

const describe = (ref: ObjRef) => `${ref.kind}/${ref.namespace}/${ref.name}`;

function objectPath(info: KindInfo, version: string, ref: ObjRef): string {
  return `/apis/${info.group}/${version}/namespaces/${encodeURIComponent(ref.namespace)}/${info.plural}/${encodeURIComponent(ref.name)}`;
}

/** Maps an API server failure to our answer: its 403/404/409 pass through, the rest is a 502. */
function fromKube(err: unknown, what: string): HttpError {
  const { failure, code, message } = classifyError(err);
  if (failure === 'not-found') return new HttpError(404, `${what} not found`);
  if (failure === 'forbidden') return new HttpError(403, `the API server refused: ${message}`);
  if (code === 409 || code === 422) return new HttpError(409, message);
  return new HttpError(502, `the API server failed: ${message}`);
}

class Target {
  constructor(
    readonly ref: ObjRef,
    readonly info: KindInfo,
    readonly path: string,
  ) {}

  static resolve(ctx: ActionContext, ref: ObjRef): Target {
    const outside = ctx.outside?.(ref);
    if (outside) throw new HttpError(403, outside);
    const info = actionKindInfo(ref.group, ref.kind);
    if (!info) throw new HttpError(400, `actions do not apply to ${ref.kind} (${ref.group || 'core'})`);
    const version = ctx.servedVersion(ref.group, ref.kind);
    if (!version) throw new HttpError(404, `${ref.kind} is not served by this cluster`);
    return new Target(ref, info, objectPath(info, version, ref));
  }

  async get(api: RawKubeApi): Promise<ClusterObject> {
    try {
      return await api.getJson<ClusterObject>(this.path);
    } catch (err) {
      throw fromKube(err, describe(this.ref));
    }
  }

  async patch(api: RawKubeApi, patch: Record<string, unknown>): Promise<string> {
    try {
      const patched = await api.mergePatch<ClusterObject>(this.path, patch);
      return patched.metadata?.resourceVersion ?? '';
    } catch (err) {
      throw fromKube(err, describe(this.ref));
    }
  }
}

function refuseReconcile(obj: ClusterObject, ref: ObjRef): void {
  const refusal = reconcileRefusal(obj);
  if (refusal) throw new HttpError(409, `${describe(ref)}: ${refusal}`);
}

/** Polls the source until status.lastHandledReconcileAt shows our request (flux waits the same way). */
async function waitHandled(
  api: RawKubeApi,
  source: Target,
  requestedAt: string,
  ms: number,
): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    await new Promise(resolve => setTimeout(resolve, 250));
    const obj = await source.get(api).catch(() => undefined);
    if (obj?.status?.['lastHandledReconcileAt'] === requestedAt) return true;
  }
  return false;
}

export async function runAction(
  ctx: ActionContext,
  action: FluxAction,
  ref: ObjRef,
  options: ReconcileOptions = {},
): Promise<ActionResponse> {
  const target = Target.resolve(ctx, ref);
  if (action !== 'reconcile' && (options.withSource || options.force || options.reset))
    throw new HttpError(400, `withSource, force and reset only apply to reconcile`);
  if ((options.force || options.reset) && !takesForceAndReset(ref))
    throw new HttpError(400, 'force and reset only apply to a HelmRelease');
  if (options.withSource && !takesWithSource(ref))
    throw new HttpError(400, 'withSource only applies to a Kustomization or a HelmRelease');

  const obj = await target.get(ctx.api);
  const now = ctx.now ?? requestTimestamp;
  if (action === 'suspend') {
    return { action, object: ref, resourceVersion: await target.patch(ctx.api, suspendPatch()) };
  }
  if (action === 'resume') {
    const requestedAt = now();
    const resourceVersion = await target.patch(ctx.api, resumePatch(obj, requestedAt));
    return { action, object: ref, resourceVersion, requestedAt };
  }

  refuseReconcile(obj, ref);
  let source: ActionResponse['source'];
  if (options.withSource) {
    const sourceRef = withSourceTarget(obj);
    if (sourceRef) {
      const sourceTarget = Target.resolve(ctx, sourceRef);
      refuseReconcile(await sourceTarget.get(ctx.api), sourceRef);
      const sourceAt = now();
      const resourceVersion = await sourceTarget.patch(ctx.api, reconcilePatch(sourceAt));
      const handled = await waitHandled(ctx.api, sourceTarget, sourceAt, ctx.sourceWaitMs);
      source = { object: sourceRef, resourceVersion, handled };
    }
  }
  const requestedAt = now();
  const resourceVersion = await target.patch(ctx.api, reconcilePatch(requestedAt, options));
  return { action, object: ref, resourceVersion, requestedAt, ...(source ? { source } : {}) };
}
