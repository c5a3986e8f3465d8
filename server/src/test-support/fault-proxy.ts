/**
 * A fault-injecting HTTPS reverse proxy for the Kubernetes API: it forwards to a real API server (the demo
 * cluster, or test-support's fake) and, by rule, answers an HTTP error for chosen paths, ends watch
 * resumes with 410 Gone, cuts streams, or holds a watch open in silence. Fault suites point the server's
 * kubeconfig at it to see what a flaky or restrictive cluster does to Fluxscope.
 */
import https from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type TestHttpsServer, startTestHttpsServer, testKubeconfig, testTls } from './tls.js';

export interface ProxiedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  watch: boolean;
}

export type FaultAction =
  /** Answer with this HTTP status and a Kubernetes Status body. */
  | { status: number; message?: string }
  /** Answer a watch with 200 and one ERROR event carrying 410 Gone (what an API server does for an old RV). */
  | { gone: true }
  /** Forward, but cut the response after this many ms. */
  | { cutAfterMs: number }
  /** Answer 200 and then send nothing, ever (a stalled watch). */
  | { silent: true };

export interface FaultRule {
  match: (req: ProxiedRequest) => boolean;
  action: FaultAction;
  /** Apply this many times, then stop matching (default: always). */
  times?: number;
}

export class FaultProxy {
  url = '';
  readonly rules: FaultRule[] = [];
  readonly requests: ProxiedRequest[] = [];
  private server: TestHttpsServer | undefined;
  private readonly upstream: URL;

  constructor(
    upstream: string,
    private readonly upstreamCaPem?: string,
  ) {
    this.upstream = new URL(upstream);
  }

  add(rule: FaultRule): this {
    this.rules.push(rule);
    return this;
  }

  clear(): void {
    this.rules.length = 0;
  }

  /** A kubeconfig that reaches the upstream through this proxy with the upstream's bearer token. */
  kubeconfig(token: string): string {
    return testKubeconfig(this.url, token, testTls().certPem);
  }

  async start(): Promise<this> {
    this.server = await startTestHttpsServer((req, res) => this.handle(req, res));
    this.url = this.server.url;
    return this;
  }

  async stop(): Promise<void> {
    await this.server?.stop();
  }

  private take(req: ProxiedRequest): FaultAction | undefined {
    for (const rule of this.rules) {
      if (rule.times === 0 || !rule.match(req)) continue;
      if (rule.times !== undefined) rule.times--;
      return rule.action;
    }
    return undefined;
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', this.url);
    const info: ProxiedRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      watch: url.searchParams.get('watch') === 'true',
    };
    this.requests.push(info);
    const action = this.take(info);
    if (action && 'status' in action) {
      res.writeHead(action.status, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          kind: 'Status',
          apiVersion: 'v1',
          status: 'Failure',
          code: action.status,
          message: action.message ?? `injected ${action.status} for ${info.path}`,
        }),
      );
      return;
    }
    if (action && 'gone' in action) {
      res.writeHead(200, { 'content-type': 'application/json' });
      const status = {
        kind: 'Status',
        apiVersion: 'v1',
        status: 'Failure',
        code: 410,
        reason: 'Expired',
        message: 'too old resource version',
      };
      res.end(JSON.stringify({ type: 'ERROR', object: status }) + '\n');
      return;
    }
    if (action && 'silent' in action) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.flushHeaders();
      return;
    }
    const upstreamReq = https.request(
      {
        host: this.upstream.hostname,
        port: this.upstream.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, host: this.upstream.host },
        ...(this.upstreamCaPem ? { ca: this.upstreamCaPem } : { rejectUnauthorized: false }),
      },
      upstreamRes => {
        res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.headers);
        upstreamRes.pipe(res);
        if (action && 'cutAfterMs' in action) {
          setTimeout(() => {
            upstreamRes.destroy();
            res.destroy();
          }, action.cutAfterMs);
        }
      },
    );
    upstreamReq.on('error', () => res.destroy());
    res.on('close', () => upstreamReq.destroy());
    req.pipe(upstreamReq);
  }
}
