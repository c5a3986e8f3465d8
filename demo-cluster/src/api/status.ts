/** metav1.Status bodies, worded as kube-apiserver words them. */
import type { Resource } from './resources.js';

export interface StatusBody {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Failure' | 'Success';
  message: string;
  reason: string;
  details?: { name?: string; group?: string; kind?: string; retryAfterSeconds?: number };
  code: number;
}

export function statusBody(
  code: number,
  reason: string,
  message: string,
  details?: StatusBody['details'],
): StatusBody {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason,
    ...(details ? { details } : {}),
    code,
  };
}

const qualified = (r: Resource): string => (r.group ? `${r.plural}.${r.group}` : r.plural);

export const notFoundPath = (): StatusBody =>
  statusBody(404, 'NotFound', 'the server could not find the requested resource', {});

export const notFoundObject = (r: Resource, name: string): StatusBody =>
  statusBody(404, 'NotFound', `${qualified(r)} "${name}" not found`, {
    name,
    group: r.group,
    kind: r.plural,
  });

export const alreadyExists = (r: Resource, name: string): StatusBody =>
  statusBody(409, 'AlreadyExists', `${qualified(r)} "${name}" already exists`, {
    name,
    group: r.group,
    kind: r.plural,
  });

export const conflict = (r: Resource, name: string): StatusBody =>
  statusBody(
    409,
    'Conflict',
    `Operation cannot be fulfilled on ${qualified(r)} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
    { name, group: r.group, kind: r.plural },
  );

export const badRequest = (message: string): StatusBody => statusBody(400, 'BadRequest', message);

export const methodNotAllowed = (): StatusBody =>
  statusBody(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource', {});

export const unsupportedMediaType = (type: string): StatusBody =>
  statusBody(
    415,
    'UnsupportedMediaType',
    `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json (got ${type})`,
  );

export const unauthorized = (): StatusBody => statusBody(401, 'Unauthorized', 'Unauthorized');

export const expired = (message: string): StatusBody => statusBody(410, 'Expired', message);

export const tooOldResourceVersion = (requested: number, oldest: number): StatusBody =>
  expired(`too old resource version: ${requested} (${oldest})`);
