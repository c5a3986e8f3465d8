/**
 * resourceVersions are opaque strings to clients; only an etcd-backed API server's are integers (the etcd
 * revision) that grow with every write. Ordering is therefore asked only when both parse as integers;
 * anything else never counts as "older".
 */
import { ApiException } from '@kubernetes/client-node';

const INTEGER = /^(0|[1-9][0-9]*)$/;

/** True when both are integer resourceVersions and `rv` is lower than `than` (no precision loss: by digits). */
export function isOlderVersion(rv: string, than: string | undefined): boolean {
  if (than === undefined || !INTEGER.test(rv) || !INTEGER.test(than)) return false;
  if (rv.length !== than.length) return rv.length < than.length;
  return rv < than;
}

/**
 * The API server cannot serve a resourceVersion newer than its store: "Too large resource version"
 * (504, cause ResourceVersionTooLarge). A watch refusal carries no body through client-node's Watch, only
 * the status: a 504 to a watch resuming from a resourceVersion is taken as the same answer.
 */
export function isTooLargeResourceVersion(err: unknown, resuming: boolean): boolean {
  if (err instanceof ApiException) {
    if (err.code !== 504) return false;
    const body = err.body as
      { message?: unknown; details?: { causes?: Array<{ reason?: unknown }> } } | undefined | string;
    if (typeof body !== 'object' || body === null) return resuming;
    if (body.details?.causes?.some(c => c.reason === 'ResourceVersionTooLarge')) return true;
    return typeof body.message === 'string' && /too large resource version/i.test(body.message);
  }
  const status = (err as { statusCode?: unknown } | null)?.statusCode;
  return resuming && status === 504;
}
