/**
 * A small HTTPS server speaking enough of the Kubernetes API for the server's tests: discovery, paginated
 * lists, watches (bookmarks, resume from resourceVersion, 410 once history is compacted, 504 "too large
 * resource version" for a resourceVersion it has not reached), merge patch; its store can be restored to an
 * earlier state, as etcd is from a backup.
 * Tests shape the cluster (which kinds are served, which are forbidden, odd objects) to reproduce the
 * bad inputs a real cluster can give.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ClusterObject } from '@fluxscope/shared';
import { type TestHttpsServer, startTestHttpsServer, testKubeconfig, testTls } from './tls.js';

export interface FakeResource {
  group: string;
  version: string;
  kind: string;
  plural: string;
  namespaced: boolean;
}

interface HistoryEntry {
  rv: number;
  resource: string;
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  object: ClusterObject;
}

export interface FakeBackup {
  rv: number;
  objects: Map<string, Map<string, ClusterObject>>;
}

interface Watcher {
  resource: string;
  namespace?: string;
  send(type: string, object: unknown): void;
}

const gv = (r: { group: string; version: string }) => (r.group ? `${r.group}/${r.version}` : r.version);
const keyOf = (r: { group: string; version: string; plural: string }) => `${gv(r)}/${r.plural}`;

function status(code: number, reason: string, message: string) {
  return { kind: 'Status', apiVersion: 'v1', status: 'Failure', code, reason, message };
}

function mergePatch(target: unknown, patch: unknown): unknown {
  if (!patch || typeof patch !== 'object' || Array.isArray(patch)) return patch;
  const out: Record<string, unknown> =
    target && typeof target === 'object' && !Array.isArray(target) ? { ...(target as object) } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

export class FakeApiServer {
  readonly token = 'test-token';
  private readonly resources = new Map<string, FakeResource>();
  private readonly objects = new Map<string, Map<string, ClusterObject>>();
  private history: HistoryEntry[] = [];
  private rv = 100;
  private readonly watchers = new Set<Watcher>();
  private readonly forbidden: RegExp[] = [];
  private server: TestHttpsServer | undefined;
  /** Every request path seen (with query), for asserting what the client did. */
  readonly requests: string[] = [];
  url = '';

  constructor(private readonly opts: { bookmarkMs?: number } = {}) {}

  serve(resource: FakeResource): this {
    this.resources.set(keyOf(resource), resource);
    if (!this.objects.has(keyOf(resource))) this.objects.set(keyOf(resource), new Map());
    return this;
  }

  /** Stop serving a kind, as when its CRD is deleted. */
  unserve(group: string, kind: string): void {
    for (const [key, r] of this.resources)
      if (r.group === group && r.kind === kind) this.resources.delete(key);
  }

  /** Requests whose path matches get 403 Forbidden. */
  forbid(pattern: RegExp): void {
    this.forbidden.push(pattern);
  }

  /** Forget the event history: watches resuming from an older resourceVersion now get 410 Gone. */
  compact(): void {
    this.history = [];
  }

  /** The whole store at this moment, for restore(). */
  backup(): FakeBackup {
    return { rv: this.rv, objects: new Map([...this.objects].map(([k, m]) => [k, new Map(m)])) };
  }

  /**
   * The store goes back to a backup (an etcd restore): objects and resourceVersion as they were then, the
   * event history gone. Open watches stay open (cutWatches() for an API server restarted with it); they see
   * only new changes, at resourceVersions lower than the ones they saw before.
   */
  restore(backup: FakeBackup): void {
    this.rv = backup.rv;
    this.objects.clear();
    for (const [k, m] of backup.objects) this.objects.set(k, new Map(m));
    this.history = [];
  }

  /** Adds or replaces an object (its apiVersion/kind must be served), notifying watches. */
  apply(obj: ClusterObject): ClusterObject {
    const resource = [...this.resources.values()].find(r => gv(r) === obj.apiVersion && r.kind === obj.kind);
    if (!resource) throw new Error(`not served: ${obj.apiVersion} ${obj.kind}`);
    const store = this.objects.get(keyOf(resource))!;
    const id = `${obj.metadata.namespace ?? ''}/${obj.metadata.name}`;
    const existed = store.has(id);
    const stored: ClusterObject = {
      ...obj,
      metadata: { uid: `uid-${id}`, ...obj.metadata, resourceVersion: String(++this.rv) },
    };
    store.set(id, stored);
    this.emit(keyOf(resource), existed ? 'MODIFIED' : 'ADDED', stored);
    return stored;
  }

  delete(apiVersion: string, kind: string, namespace: string, name: string): void {
    const resource = [...this.resources.values()].find(r => gv(r) === apiVersion && r.kind === kind);
    if (!resource) return;
    const store = this.objects.get(keyOf(resource))!;
    const obj = store.get(`${namespace}/${name}`);
    if (!obj) return;
    store.delete(`${namespace}/${name}`);
    this.emit(keyOf(resource), 'DELETED', {
      ...obj,
      metadata: { ...obj.metadata, resourceVersion: String(++this.rv) },
    });
  }

  get kubeconfig(): string {
    return testKubeconfig(this.url, this.token, testTls().certPem);
  }

  async start(): Promise<this> {
    this.server = await startTestHttpsServer((req, res) => this.handle(req, res));
    this.url = this.server.url;
    return this;
  }

  async stop(): Promise<void> {
    await this.server?.stop();
  }

  /** Ends every open watch (as an API server restart would). */
  cutWatches(): void {
    for (const w of this.watchers) w.send('__end__', null);
  }

  private emit(resource: string, type: HistoryEntry['type'], object: ClusterObject): void {
    this.history.push({ rv: this.rv, resource, type, object });
    for (const w of this.watchers) {
      if (w.resource === resource && (!w.namespace || w.namespace === object.metadata.namespace))
        w.send(type, object);
    }
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', this.url);
    this.requests.push(`${req.method} ${url.pathname}${url.search}`);
    const json = (code: number, body: unknown) => {
      res.writeHead(code, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.headers.authorization !== `Bearer ${this.token}`)
      return json(401, status(401, 'Unauthorized', 'Unauthorized'));
    if (this.forbidden.some(p => p.test(url.pathname))) {
      return json(
        403,
        status(403, 'Forbidden', `${url.pathname} is forbidden: User "test" cannot list this resource`),
      );
    }
    const path = url.pathname;
    if (path === '/api') return json(200, { kind: 'APIVersions', versions: ['v1'] });
    if (path === '/apis') {
      const groups = new Map<string, Set<string>>();
      for (const r of this.resources.values())
        if (r.group) (groups.get(r.group) ?? groups.set(r.group, new Set()).get(r.group)!).add(r.version);
      return json(200, {
        kind: 'APIGroupList',
        groups: [...groups].map(([name, versions]) => ({
          name,
          versions: [...versions].map(version => ({ groupVersion: `${name}/${version}`, version })),
        })),
      });
    }
    const discovery = /^\/(?:api\/(v1)|apis\/([^/]+)\/([^/]+))$/.exec(path);
    if (discovery) {
      const group = discovery[2] ?? '';
      const version = discovery[1] ?? discovery[3]!;
      const resources = [...this.resources.values()].filter(r => r.group === group && r.version === version);
      if (resources.length === 0)
        return json(404, status(404, 'NotFound', 'the server could not find the requested resource'));
      return json(200, {
        kind: 'APIResourceList',
        groupVersion: gv({ group, version }),
        resources: resources.map(r => ({
          name: r.plural,
          kind: r.kind,
          namespaced: r.namespaced,
          verbs: ['get', 'list', 'watch', 'patch'],
        })),
      });
    }
    const m =
      /^\/(?:api\/(v1)|apis\/([^/]+)\/([^/]+))(?:\/namespaces\/([^/]+))?\/([^/]+)(?:\/([^/]+))?$/.exec(path);
    const resource =
      m && this.resources.get(keyOf({ group: m[2] ?? '', version: m[1] ?? m[3]!, plural: m[5]! }));
    if (!m || !resource)
      return json(404, status(404, 'NotFound', 'the server could not find the requested resource'));
    const namespace = m[4];
    const name = m[6];
    const store = this.objects.get(keyOf(resource))!;
    if (name) {
      const obj = store.get(`${namespace ?? ''}/${name}`);
      if (!obj) return json(404, status(404, 'NotFound', `${resource.plural} "${name}" not found`));
      if (req.method === 'GET') return json(200, obj);
      if (req.method === 'PATCH') {
        let body = '';
        req.on('data', c => (body += c));
        req.on('end', () => json(200, this.apply(mergePatch(obj, JSON.parse(body)) as ClusterObject)));
        return;
      }
      return json(405, status(405, 'MethodNotAllowed', 'method not allowed'));
    }
    const items = [...store.values()].filter(o => !namespace || o.metadata.namespace === namespace);
    if (url.searchParams.get('watch') === 'true') return this.watch(url, keyOf(resource), namespace, res);
    const limit = Number(url.searchParams.get('limit') ?? '0') || items.length || 1;
    const offset = Number(url.searchParams.get('continue') ?? '0');
    const page = items.slice(offset, offset + limit);
    const more = offset + limit < items.length;
    return json(200, {
      kind: `${resource.kind}List`,
      apiVersion: gv(resource),
      metadata: { resourceVersion: String(this.rv), ...(more ? { continue: String(offset + limit) } : {}) },
      // Typed lists do not repeat apiVersion/kind on items.
      items: page.map(({ apiVersion: _v, kind: _k, ...rest }) => rest),
    });
  }

  private watch(url: URL, resource: string, namespace: string | undefined, res: ServerResponse): void {
    const from = Number(url.searchParams.get('resourceVersion') ?? '0');
    if (from > this.rv) {
      // What kube-apiserver's watch cache answers (after waiting a while) for a version it has not reached.
      res.writeHead(504, { 'content-type': 'application/json' });
      return void res.end(
        JSON.stringify({
          ...status(504, 'Timeout', `Too large resource version: ${from}, current: ${this.rv}`),
          details: { causes: [{ reason: 'ResourceVersionTooLarge', message: 'Too large resource version' }] },
        }),
      );
    }
    res.writeHead(200, { 'content-type': 'application/json', 'transfer-encoding': 'chunked' });
    // Headers at once, as kube-apiserver sends them: the client knows the watch is open before any event.
    res.flushHeaders();
    const send = (type: string, object: unknown) => {
      if (res.writableEnded || res.destroyed) return;
      if (type === '__end__') return void res.end();
      res.write(JSON.stringify({ type, object }) + '\n');
    };
    const oldest = this.history[0]?.rv ?? this.rv + 1;
    if (from && from < oldest - 1 && from < this.rv) {
      send('ERROR', status(410, 'Expired', `too old resource version: ${from} (${oldest - 1})`));
      return void res.end();
    }
    for (const h of this.history) {
      if (h.rv > from && h.resource === resource && (!namespace || h.object.metadata.namespace === namespace))
        send(h.type, h.object);
    }
    const watcher: Watcher = { resource, namespace, send };
    this.watchers.add(watcher);
    const timers: NodeJS.Timeout[] = [];
    if (url.searchParams.get('allowWatchBookmarks') === 'true' && this.opts.bookmarkMs) {
      timers.push(
        setInterval(
          () => send('BOOKMARK', { kind: 'Bookmark', metadata: { resourceVersion: String(this.rv) } }),
          this.opts.bookmarkMs,
        ),
      );
    }
    const timeout = Number(url.searchParams.get('timeoutSeconds') ?? '0');
    if (timeout) timers.push(setTimeout(() => res.end(), timeout * 1000));
    res.on('close', () => {
      this.watchers.delete(watcher);
      for (const t of timers) clearTimeout(t);
    });
  }
}

/** The resources a Flux cluster serves, for FakeApiServer.serve. */
export const CORE_RESOURCES: FakeResource[] = [
  { group: '', version: 'v1', kind: 'Namespace', plural: 'namespaces', namespaced: false },
  { group: '', version: 'v1', kind: 'Event', plural: 'events', namespaced: true },
  { group: '', version: 'v1', kind: 'ConfigMap', plural: 'configmaps', namespaced: true },
  { group: 'apps', version: 'v1', kind: 'Deployment', plural: 'deployments', namespaced: true },
];

export const FLUX_RESOURCES: FakeResource[] = [
  {
    group: 'source.toolkit.fluxcd.io',
    version: 'v1',
    kind: 'GitRepository',
    plural: 'gitrepositories',
    namespaced: true,
  },
  {
    group: 'source.toolkit.fluxcd.io',
    version: 'v1',
    kind: 'HelmRepository',
    plural: 'helmrepositories',
    namespaced: true,
  },
  {
    group: 'kustomize.toolkit.fluxcd.io',
    version: 'v1',
    kind: 'Kustomization',
    plural: 'kustomizations',
    namespaced: true,
  },
  {
    group: 'helm.toolkit.fluxcd.io',
    version: 'v2',
    kind: 'HelmRelease',
    plural: 'helmreleases',
    namespaced: true,
  },
];
