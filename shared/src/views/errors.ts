/** Typed errors of the views, so the server can map them to HTTP statuses without string matching. */
import type { ObjRef } from '../inventory/ids.js';
import { formatObjRef } from '../inventory/ids.js';

/** The object a view starts from is not in the index (HTTP 404). */
export class NotFoundError extends Error {
  constructor(readonly ref: ObjRef) {
    super(`${formatObjRef(ref)} not found`);
    this.name = 'NotFoundError';
  }
}

export function isNotFoundError(err: unknown): err is NotFoundError {
  return err instanceof NotFoundError;
}
