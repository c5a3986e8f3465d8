/**
 * Fault injection for the demo cluster: what a broken cluster does to its clients, on demand. Everything
 * goes through one request hook on the KubeApiServer (plus the store for CRD removal and restarts), so the
 * API server and the store stay fault-free. Used by fault suites in-process (`cluster.faults.apply(...)`)
 * and over HTTP (`POST /fluxscope-demo/v1/faults`, see routes.ts) by browser tests and by hand.
 */
import type { KubeApiServer, RequestInfo, HookAction } from '../api/server.js';
import { groupList, resourceList } from '../api/discovery.js';
import { RESOURCES, gkOfResource } from '../api/resources.js';
import type { Resource } from '../api/resources.js';
import { statusBody } from '../api/status.js';
import type { KubeObject, ObjectStore } from '../store/store.js';

/** Which requests a fault applies to: kinds by name (e.g. 'Kustomization'), namespaces; all when absent. */
export interface FaultScope {
  kinds?: string[];
  /** Requests in these namespaces, and cluster-wide requests of namespaced kinds (they would include them). */
  namespaces?: string[];
}

export type Fault =
  /** 403 Forbidden, as RBAC without get/list/watch on those kinds or namespaces answers. */
  | ({ type: 'forbid' } & FaultScope)
  /** 429 Too Many Requests with Retry-After (API priority and fairness rejecting). */
  | ({ type: 'throttle'; retryAfterSeconds?: number; times?: number } & FaultScope)
  /** 5xx (default 503) with Retry-After; without a scope also discovery: an overloaded API server. */
  | ({ type: 'error'; status?: number; retryAfterSeconds?: number; times?: number } & FaultScope)
  /** Every matching request waits this long before being answered. */
  | ({ type: 'slow'; delayMs: number } & FaultScope)
  /** Open watches go silent (no events, no bookmarks) and new ones open but never send anything. */
  | ({ type: 'quiet-watches' } & FaultScope)
  /** Watches resuming from a resourceVersion get an ERROR event with 410 Gone. */
  | ({ type: 'gone-on-resume'; times?: number } & FaultScope)
  /** One-shot: open watches are cut, abruptly; midEvent writes half an event line first. */
  | ({ type: 'cut-watches'; midEvent?: boolean } & FaultScope)
  /** One-shot: the CRDs of these kinds are deleted (discovery drops them, their objects go). */
  | { type: 'remove-crds'; kinds: string[] }
  /** One-shot: CRDs removed earlier come back, with the objects they had. */
  | { type: 'install-crds'; kinds: string[] }
  /**
   * One-shot: the API server process restarts on the same address, CA and token: connections refused for
   * downMs. forgetHistory: its watch cache starts at the current resourceVersion, so resumes get 410.
   */
  | { type: 'restart'; downMs?: number; forgetHistory?: boolean };

export type PersistentFault = Extract<
  Fault,
  { type: 'forbid' | 'throttle' | 'error' | 'slow' | 'quiet-watches' | 'gone-on-resume' }
>;

/** One request the API server saw (kept for asserting retry behaviour: how many, how spaced). */
export interface SeenRequest {
  at: number;
  verb: string;
  kind?: string;
  resumed: boolean;
  /** The status a fault answered with, when one did. */
  faulted?: number;
}

const CONTROL_PREFIX = '/fluxscope-demo/';
const MAX_SEEN = 20_000;

function inScope(scope: FaultScope, info: RequestInfo): boolean {
  if (!info.resource) return !scope.kinds && !scope.namespaces;
  if (scope.kinds && !scope.kinds.includes(info.resource.kind)) return false;
  if (scope.namespaces) {
    if (!info.resource.namespaced) return false;
    return info.namespace === undefined || scope.namespaces.includes(info.namespace);
  }
  return true;
}

export interface FaultInjectorOptions {
  server: KubeApiServer;
  store: ObjectStore;
  /** Closes the API server's listener and opens it again on the same address after downMs. */
  restart(downMs: number): Promise<void>;
}

export class FaultInjector {
  private active: PersistentFault[] = [];
  private readonly removed = new Map<string, { resource: Resource; objects: KubeObject[] }>();
  readonly seen: SeenRequest[] = [];

  constructor(private readonly opts: FaultInjectorOptions) {
    opts.server.addHook(info => this.onRequest(info));
  }

  /** Active persistent faults and removed CRDs, for the control route. */
  describe(): { active: PersistentFault[]; removedKinds: string[] } {
    return { active: [...this.active], removedKinds: [...this.removed.values()].map(r => r.resource.kind) };
  }

  async apply(fault: Fault): Promise<void> {
    switch (fault.type) {
      case 'cut-watches':
        this.opts.server.dropWatches(w => {
          if (!inScope(fault, watchInfo(w.resource))) return false;
          if (fault.midEvent) {
            w.cutMidEvent();
            return false;
          }
          return true;
        }, true);
        return;
      case 'remove-crds':
        return this.removeCrds(fault.kinds);
      case 'install-crds':
        return this.installCrds(fault.kinds);
      case 'restart':
        if (fault.forgetHistory) this.opts.store.forgetHistory();
        return this.opts.restart(fault.downMs ?? 0);
      case 'quiet-watches':
        for (const w of this.opts.server.watches) if (inScope(fault, watchInfo(w.resource))) w.mute();
        this.active.push(fault);
        return;
      default:
        this.active.push({ ...fault });
    }
  }

  /** Ends every persistent fault (removed CRDs stay removed: install them again to undo). */
  clear(): void {
    this.active = [];
  }

  /** Requests seen since `sinceMs` (epoch) matching the filter. */
  count(filter: (r: SeenRequest) => boolean, sinceMs = 0): number {
    let n = 0;
    for (const r of this.seen) if (r.at >= sinceMs && filter(r)) n++;
    return n;
  }

  private record(info: RequestInfo, faulted?: number): void {
    if (this.seen.length >= MAX_SEEN) this.seen.splice(0, MAX_SEEN / 4);
    this.seen.push({
      at: Date.now(),
      verb: info.verb,
      ...(info.resource ? { kind: info.resource.kind } : {}),
      resumed: !!info.query.get('resourceVersion') && info.query.get('resourceVersion') !== '0',
      ...(faulted !== undefined ? { faulted } : {}),
    });
  }

  private onRequest(info: RequestInfo): HookAction {
    if (info.path.startsWith(CONTROL_PREFIX)) return undefined;
    const removed = this.removedAnswer(info);
    if (removed) {
      this.record(info, removed.respond.status);
      return removed;
    }
    let delayMs = 0;
    for (const fault of this.active) {
      if (!inScope(fault, info)) continue;
      const action = this.faultAction(fault, info);
      if (action === undefined) continue;
      if ('delayMs' in action) {
        delayMs += action.delayMs;
        continue;
      }
      this.record(info, 'respond' in action ? action.respond.status : 200);
      return action;
    }
    this.record(info);
    return delayMs > 0 ? { delayMs } : undefined;
  }

  private faultAction(fault: PersistentFault, info: RequestInfo): HookAction {
    const take = (f: { times?: number }): boolean => {
      if (f.times === undefined) return true;
      if (f.times <= 0) return false;
      f.times--;
      return true;
    };
    const what = info.resource
      ? `${info.resource.plural}${info.namespace ? ` in ${info.namespace}` : ''}`
      : '';
    switch (fault.type) {
      case 'forbid':
        return {
          respond: {
            status: 403,
            body: statusBody(
              403,
              'Forbidden',
              `${what} is forbidden: User "system:serviceaccount:flux-system:fluxscope" cannot ${info.verb} resource "${info.resource?.plural ?? info.path}"`,
            ),
          },
        };
      case 'throttle':
      case 'error': {
        if (!take(fault)) return undefined;
        const code = fault.type === 'throttle' ? 429 : (fault.status ?? 503);
        const retryAfter = fault.retryAfterSeconds ?? 1;
        const reason = code === 429 ? 'TooManyRequests' : 'ServiceUnavailable';
        const message =
          code === 429
            ? 'Too many requests, please try again later.'
            : 'the server is currently unable to handle the request';
        return {
          respond: {
            status: code,
            headers: { 'Retry-After': String(retryAfter) },
            body: statusBody(code, reason, message, { retryAfterSeconds: retryAfter }),
          },
        };
      }
      case 'slow':
        return { delayMs: fault.delayMs };
      case 'quiet-watches':
        return info.verb === 'watch' ? { stall: true } : undefined;
      case 'gone-on-resume': {
        const rv = info.query.get('resourceVersion');
        if (info.verb !== 'watch' || !rv || rv === '0' || !take(fault)) return undefined;
        const gone = statusBody(
          410,
          'Expired',
          `too old resource version: ${rv} (${this.opts.store.resourceVersion})`,
        );
        return { respond: { status: 200, body: JSON.stringify({ type: 'ERROR', object: gone }) + '\n' } };
      }
    }
  }

  /** Discovery without the removed CRDs, and 404 for their resources. */
  private removedAnswer(info: RequestInfo): { respond: { status: number; body: unknown } } | undefined {
    if (this.removed.size === 0) return undefined;
    if (info.resource) {
      if (!this.removed.has(gkOfResource(info.resource))) return undefined;
      return {
        respond: {
          status: 404,
          body: statusBody(404, 'NotFound', 'the server could not find the requested resource', {}),
        },
      };
    }
    if (info.verb !== 'discovery') return undefined;
    const gone = (r: Resource) => this.removed.has(gkOfResource(r));
    const emptyGroup = (group: string) => RESOURCES.filter(r => r.group === group).every(gone);
    const segs = info.path.split('/').filter(Boolean);
    if (segs.length === 1 && segs[0] === 'apis') {
      const list = groupList() as { groups: Array<{ name: string }> };
      return {
        respond: { status: 200, body: { ...list, groups: list.groups.filter(g => !emptyGroup(g.name)) } },
      };
    }
    if (segs[0] === 'apis' && segs.length === 2 && emptyGroup(segs[1] ?? '')) {
      return {
        respond: {
          status: 404,
          body: statusBody(404, 'NotFound', 'the server could not find the requested resource', {}),
        },
      };
    }
    if (segs[0] === 'apis' && segs.length === 3) {
      const group = segs[1] ?? '';
      if (emptyGroup(group))
        return {
          respond: {
            status: 404,
            body: statusBody(404, 'NotFound', 'the server could not find the requested resource', {}),
          },
        };
      const list = resourceList(group, segs[2] ?? '') as { resources: Array<{ kind: string }> } | undefined;
      if (!list) return undefined;
      const removedKinds = new Set(
        [...this.removed.values()].filter(r => r.resource.group === group).map(r => r.resource.kind),
      );
      return {
        respond: {
          status: 200,
          body: { ...list, resources: list.resources.filter(r => !removedKinds.has(r.kind)) },
        },
      };
    }
    return undefined;
  }

  private removeCrds(kinds: string[]): void {
    const { store, server } = this.opts;
    for (const resource of RESOURCES.filter(r => !r.builtin && kinds.includes(r.kind))) {
      const gk = gkOfResource(resource);
      if (this.removed.has(gk)) continue;
      // Deleting a CRD deletes its objects (and the CRD object itself) and ends its watches.
      const objects = store.list(gk);
      for (const o of objects) store.delete(gk, o.metadata.namespace, o.metadata.name);
      const crd = store.get(CRD_GK, undefined, crdName(resource));
      if (crd) {
        objects.push(crd);
        store.delete(CRD_GK, undefined, crdName(resource));
      }
      this.removed.set(gk, { resource, objects });
      server.dropWatches(w => gkOfResource(w.resource) === gk);
    }
  }

  private installCrds(kinds: string[]): void {
    for (const [gk, { resource, objects }] of [...this.removed]) {
      if (!kinds.includes(resource.kind)) continue;
      this.removed.delete(gk);
      for (const o of objects) {
        const { resourceVersion: _rv, ...metadata } = o.metadata;
        this.opts.store.put({ ...o, metadata });
      }
    }
  }
}

const CRD_GK = 'apiextensions.k8s.io/CustomResourceDefinition';
const crdName = (r: Resource): string => `${r.plural}.${r.group}`;

function watchInfo(resource: Resource): RequestInfo {
  return { method: 'GET', path: '', query: new URLSearchParams(), verb: 'watch', resource };
}
