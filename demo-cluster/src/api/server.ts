/**
 * The HTTPS front of the demo cluster: authentication, routing, discovery, the REST verbs and watches.
 * Hooks sit between the socket and the store so later work can inject faults (delays, 403/429/5xx, dropped
 * watches) without touching either; extra routes carry the demo's own control endpoints.
 */
import { createServer } from 'node:https';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { ObjectStore } from '../store/store.js';
import { coreVersions, groupInfo, groupList, resourceList, versionInfo } from './discovery.js';
import type { ApiResponse, ClientWrite } from './rest.js';
import { create, get, list, parseSelectors, patch, remove, replace } from './rest.js';
import type { Resource } from './resources.js';
import { route } from './routes.js';
import { SelectorError } from '../store/selectors.js';
import * as status from './status.js';
import { WatchStream } from './watch.js';
import { parsePodLogOptions, planLog, streamPodLog } from '../logs/pod-log.js';

export type Verb =
  'get' | 'list' | 'watch' | 'create' | 'update' | 'patch' | 'delete' | 'discovery' | 'other';

/** What a hook sees of a request. */
export interface RequestInfo {
  method: string;
  path: string;
  query: URLSearchParams;
  verb: Verb;
  resource?: Resource;
  namespace?: string;
  name?: string;
  subresource?: string;
}

/**
 * A hook may answer in place of the API (e.g. a 429), delay the request, answer 200 and then never send a
 * byte (`stall`: a watch that went quiet), or leave it alone (undefined).
 */
export type HookAction = { respond: ApiResponse } | { delayMs: number } | { stall: true } | undefined;
export type RequestHook = (info: RequestInfo) => HookAction | Promise<HookAction>;
export type ExtraRoute = (info: RequestInfo, body: string) => ApiResponse | Promise<ApiResponse>;

export interface KubeApiServerOptions {
  store: ObjectStore;
  tls: { certPem: string; keyPem: string };
  token: string;
  /** BOOKMARK period on watches that allow them (kube-apiserver: about a minute; client-node aborts after 30s idle). */
  bookmarkIntervalMs?: number;
  onClientWrite?: (w: ClientWrite) => void;
}

function send(res: ServerResponse, r: ApiResponse): void {
  const body = typeof r.body === 'string' ? r.body : JSON.stringify(r.body);
  res.writeHead(r.status, {
    ...r.headers,
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(body),
  });
  res.end(body);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

const isTrue = (v: string | null): boolean => v === 'true' || v === '1';

export class KubeApiServer {
  private server?: Server;
  private readonly hooks: RequestHook[] = [];
  private readonly extraRoutes = new Map<string, ExtraRoute>();
  readonly watches = new Set<WatchStream>();
  /** Every open socket, so close() ends keep-alive and stalled connections at once instead of waiting. */
  private readonly sockets = new Set<Socket>();
  /** pods/log responses still open (followed logs): tests check a client's abort reaches the API server. */
  openLogStreams = 0;
  /** Bytes written to pods/log responses: tests see a follower stall when its reader stops (backpressure). */
  logBytesWritten = 0;
  /** TLS connections accepted since start: clients that reuse connections open few. */
  connectionsAccepted = 0;

  constructor(private readonly opts: KubeApiServerOptions) {}

  addHook(hook: RequestHook): () => void {
    this.hooks.push(hook);
    return () => this.hooks.splice(this.hooks.indexOf(hook), 1);
  }

  /** `METHOD /path` answered by the demo itself (outside the Kubernetes API paths). */
  addRoute(method: string, path: string, handler: ExtraRoute): void {
    this.extraRoutes.set(`${method} ${path}`, handler);
  }

  /** Ends open watches (all, or those matching), as an API server restart or a flaky proxy would. */
  dropWatches(filter: (w: WatchStream) => boolean = () => true, abrupt = false): number {
    let n = 0;
    for (const w of [...this.watches]) {
      if (!filter(w)) continue;
      if (abrupt) w.destroy();
      else w.close();
      n++;
    }
    return n;
  }

  async listen(host: string, port: number): Promise<string> {
    const server = createServer({ cert: this.opts.tls.certPem, key: this.opts.tls.keyPem }, (req, res) => {
      this.handle(req, res).catch((err: unknown) => {
        if (!res.headersSent)
          send(res, { status: 500, body: status.statusBody(500, 'InternalError', String(err)) });
        else res.destroy();
      });
    });
    this.server = server;
    server.on('connection', (socket: Socket) => {
      this.connectionsAccepted++;
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve());
    });
    const addr = server.address() as AddressInfo;
    const shownHost = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
    return `https://${shownHost}:${addr.port}`;
  }

  async close(): Promise<void> {
    this.dropWatches();
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    await new Promise<void>(resolve => {
      server.close(() => resolve());
      server.closeAllConnections();
      // closeAllConnections() misses TLS sockets whose response is still open (stalled watches): destroy them.
      for (const socket of this.sockets) socket.destroy();
      this.sockets.clear();
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'https://demo');
    const method = req.method ?? 'GET';
    const auth = req.headers.authorization;
    if (auth !== `Bearer ${this.opts.token}`) return send(res, { status: 401, body: status.unauthorized() });

    const r = route(url.pathname);
    const query = url.searchParams;
    const info: RequestInfo = { method, path: url.pathname, query, verb: 'other' };
    if (r.type === 'resource') {
      info.resource = r.resource;
      if (r.namespace !== undefined) info.namespace = r.namespace;
      if (r.name !== undefined) info.name = r.name;
      if (r.subresource !== undefined) info.subresource = r.subresource;
      info.verb = verbOf(method, r.name !== undefined, r.legacyWatch || isTrue(query.get('watch')));
    } else if (r.type !== 'unknown') info.verb = 'discovery';

    for (const hook of this.hooks) {
      const action = await hook(info);
      if (action && 'respond' in action) return send(res, action.respond);
      if (action && 'delayMs' in action) await new Promise(resolve => setTimeout(resolve, action.delayMs));
      if (action && 'stall' in action) {
        res.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' });
        res.flushHeaders();
        return;
      }
    }

    const extra = this.extraRoutes.get(`${method} ${url.pathname}`);
    if (extra) return send(res, await extra(info, await readBody(req)));

    switch (r.type) {
      case 'version':
        return send(res, { status: 200, body: versionInfo() });
      case 'health':
        res.writeHead(200, { 'Content-Type': 'text/plain' });
        return void res.end('ok');
      case 'coreVersions':
        return send(res, { status: 200, body: coreVersions() });
      case 'groupList':
        return send(res, { status: 200, body: groupList() });
      case 'group': {
        const g = groupInfo(r.group);
        return send(res, g ? { status: 200, body: g } : { status: 404, body: status.notFoundPath() });
      }
      case 'resourceList': {
        const l = resourceList(r.group, r.version);
        return send(res, l ? { status: 200, body: l } : { status: 404, body: status.notFoundPath() });
      }
      case 'unknown':
        return send(res, { status: 404, body: status.notFoundPath() });
      case 'resource':
        return this.handleResource(req, res, info, r.resource);
    }
  }

  private async handleResource(
    req: IncomingMessage,
    res: ServerResponse,
    info: RequestInfo,
    resource: Resource,
  ): Promise<void> {
    const { store } = this.opts;
    const { namespace, name, subresource, query } = info;
    if (subresource === 'log') {
      if (info.verb !== 'get') return send(res, { status: 405, body: status.methodNotAllowed() });
      return this.podLog(res, info);
    }
    if (info.verb === 'watch') return this.watch(res, info, resource);
    if (info.verb === 'list') return send(res, list(store, resource, namespace, query));
    if (info.verb === 'get') return send(res, get(store, resource, namespace, name ?? ''));
    const body = await readBody(req);
    const ctx = {
      store,
      resource,
      ...(namespace !== undefined ? { namespace } : {}),
      ...(name !== undefined ? { name } : {}),
      ...(subresource !== undefined ? { subresource } : {}),
      contentType: req.headers['content-type'] ?? '',
      body,
      ...(this.opts.onClientWrite ? { onClientWrite: this.opts.onClientWrite } : {}),
    };
    if (resource.namespaced && namespace === undefined && info.verb !== 'other') {
      return send(res, { status: 404, body: status.notFoundPath() });
    }
    switch (info.verb) {
      case 'create':
        return send(res, create(ctx));
      case 'update':
        return send(res, replace(ctx));
      case 'patch':
        return send(res, patch(ctx));
      case 'delete':
        return send(res, remove(ctx));
      default:
        return send(res, { status: 405, body: status.methodNotAllowed() });
    }
  }

  private podLog(res: ServerResponse, info: RequestInfo): void {
    const pod = this.opts.store.get('/Pod', info.namespace, info.name ?? '');
    if (!pod)
      return send(res, {
        status: 404,
        body: status.statusBody(404, 'NotFound', `pods "${info.name}" not found`, {
          name: info.name ?? '',
          kind: 'pods',
        }),
      });
    const opts = parsePodLogOptions(info.query);
    if ('code' in opts) return send(res, { status: opts.code, body: opts });
    const now = Date.now();
    const plan = planLog(this.opts.store, pod, opts, now);
    if ('code' in plan) return send(res, { status: plan.code, body: plan });
    this.openLogStreams++;
    res.on('close', () => this.openLogStreams--);
    streamPodLog(res, plan, opts, now, n => (this.logBytesWritten += n));
  }

  private watch(res: ServerResponse, info: RequestInfo, resource: Resource): void {
    let matches;
    try {
      matches = parseSelectors(info.query);
    } catch (err) {
      if (err instanceof SelectorError)
        return send(res, { status: 400, body: status.badRequest(err.message) });
      throw err;
    }
    const q = info.query;
    const timeout = Number(q.get('timeoutSeconds'));
    const stream = new WatchStream(
      this.opts.store,
      {
        resource,
        ...(info.namespace !== undefined ? { namespace: info.namespace } : {}),
        ...(info.name !== undefined ? { name: info.name } : {}),
        ...(matches ? { matches } : {}),
        ...(q.get('resourceVersion') !== null ? { resourceVersion: q.get('resourceVersion') as string } : {}),
        allowBookmarks: isTrue(q.get('allowWatchBookmarks')),
        sendInitialEvents: isTrue(q.get('sendInitialEvents')),
        ...(timeout > 0 ? { timeoutSeconds: timeout } : {}),
      },
      res,
      { bookmarkIntervalMs: this.opts.bookmarkIntervalMs ?? 15_000 },
      w => this.watches.delete(w),
    );
    this.watches.add(stream);
    stream.start();
  }
}

function verbOf(method: string, named: boolean, watch: boolean): Verb {
  switch (method) {
    case 'GET':
      return watch ? 'watch' : named ? 'get' : 'list';
    case 'POST':
      return named ? 'other' : 'create';
    case 'PUT':
      return named ? 'update' : 'other';
    case 'PATCH':
      return named ? 'patch' : 'other';
    case 'DELETE':
      return named ? 'delete' : 'other';
    default:
      return 'other';
  }
}
