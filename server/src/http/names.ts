/**
 * Object names in route parameters are checked per position before any handler runs (so before any
 * request to the API server): the namespace as a DNS-1123 label (`_` = cluster-scoped), the name by the
 * rule the API server applies to its group (shared/src/kube/names.ts). `.` and `..` never pass: in an
 * API server path they would climb a level. Decided on the matched route's decoded parameters.
 */
import { namespaceNameProblem, objectNameProblem, refFromPathSegments } from '@fluxscope/shared';
import type { FastifyInstance } from 'fastify';
import { badRequest } from './errors.js';

function param(params: unknown, key: string): string | undefined {
  if (!params || typeof params !== 'object') return undefined;
  const value = (params as Record<string, unknown>)[key];
  return typeof value === 'string' ? value : undefined;
}

/** Why these route parameters cannot name an object, or undefined. */
export function paramsProblem(params: unknown): string | undefined {
  const namespace = param(params, 'namespace');
  if (namespace !== undefined && namespace !== '_') {
    const problem = namespaceNameProblem(namespace);
    if (problem) return problem;
  }
  const name = param(params, 'name');
  if (name === undefined) return undefined;
  const { group } = refFromPathSegments({
    group: param(params, 'group') ?? 'core',
    kind: '',
    namespace: '',
    name,
  });
  return objectNameProblem(group, name);
}

export function installNameChecks(fastify: FastifyInstance): void {
  fastify.addHook('preValidation', async request => {
    const problem = paramsProblem(request.params);
    if (problem) throw badRequest(problem);
  });
}
