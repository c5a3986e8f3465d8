/** Fault injection for the demo cluster (see faults.ts) and its control route. */
import type { KubeApiServer } from '../api/server.js';
import { statusBody } from '../api/status.js';
import type { Fault, FaultInjector } from './faults.js';

export { FaultInjector } from './faults.js';
export type { Fault, FaultScope, PersistentFault, SeenRequest } from './faults.js';

const FAULT_TYPES = new Set<string>([
  'forbid',
  'throttle',
  'error',
  'slow',
  'quiet-watches',
  'gone-on-resume',
  'cut-watches',
  'remove-crds',
  'install-crds',
  'restart',
]);

/** Narrows a JSON body to faults; undefined when any item is not one. */
export function parseFaults(body: unknown): Fault[] | undefined {
  const items = Array.isArray(body) ? body : [body];
  for (const item of items) {
    if (!item || typeof item !== 'object') return undefined;
    const type = (item as { type?: unknown }).type;
    if (typeof type !== 'string' || !FAULT_TYPES.has(type)) return undefined;
    const kinds = (item as { kinds?: unknown }).kinds;
    if (kinds !== undefined && !(Array.isArray(kinds) && kinds.every(k => typeof k === 'string')))
      return undefined;
  }
  return items as Fault[];
}

/**
 * `POST /fluxscope-demo/v1/faults` with a fault or a list of them applies them (a restart answers before
 * it happens); `DELETE` ends the persistent ones; `GET` lists what is active. Outside the Kubernetes paths,
 * so faults never block their own control.
 */
export function installFaultRoutes(server: KubeApiServer, faults: FaultInjector): void {
  const path = '/fluxscope-demo/v1/faults';
  server.addRoute('GET', path, () => ({ status: 200, body: faults.describe() }));
  server.addRoute('DELETE', path, () => {
    faults.clear();
    return { status: 200, body: faults.describe() };
  });
  server.addRoute('POST', path, (_info, body) => {
    let parsed: Fault[] | undefined;
    try {
      parsed = parseFaults(JSON.parse(body));
    } catch {
      parsed = undefined;
    }
    if (!parsed)
      return {
        status: 400,
        body: statusBody(
          400,
          'BadRequest',
          `expected a fault or a list: types ${[...FAULT_TYPES].join(', ')}`,
        ),
      };
    for (const fault of parsed) {
      // A restart closes the very connection this answer goes out on: let the answer leave first.
      if (fault.type === 'restart') setTimeout(() => void faults.apply(fault), 50);
      else void faults.apply(fault);
    }
    return { status: 200, body: faults.describe() };
  });
}
