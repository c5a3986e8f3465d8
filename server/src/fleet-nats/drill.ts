/**
 * Drill-downs by request/reply: the hub asks the owning agent on `<prefix>.drill.<cluster>` for one read of
 * the single-cluster API (tree, trace, object detail, events, logs...), and the agent answers it with the very
 * route handler its own HTTP API uses (Fastify inject), so there is one implementation of every view.
 *
 * Which reads are allowed is decided on the route Fastify matched (its URL pattern), never on the path's text:
 * an injected drill request carries the DRILL_HEADER, and the agent's onRequest hook refuses it unless the
 * matched route is in DRILL_ROUTES. Actions, the stream, the snapshot and anything else are out of reach.
 */
import type { DrillAnswer } from '@fluxscope/shared';
import { DrillAnswerSchema, DrillRequestSchema } from '@fluxscope/shared/wire';
import { Value } from '@sinclair/typebox/value';
import { type NatsConnection, errors } from '@nats-io/transport-node';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import { refuse } from '../http/refusal.js';

export const DRILL_HEADER = 'x-fluxscope-drill';

/** The read routes an agent answers for the hub (patterns as registered). */
export const DRILL_ROUTES: ReadonlySet<string> = new Set([
  '/api/v1/status',
  '/api/v1/objects',
  '/api/v1/objects/:group/:kind/:namespace/:name',
  '/api/v1/tree/:kind/:namespace/:name',
  '/api/v1/trace/:group/:version/:kind/:namespace/:name',
  '/api/v1/stats',
  '/api/v1/events',
  '/api/v1/graph',
  '/api/v1/root-cause/:group/:kind/:namespace/:name',
  '/api/v1/flux-runtime',
  '/api/v1/impact/:group/:kind/:namespace/:name',
  '/api/v1/reconciles/slowest',
  '/api/v1/reconciles/:group/:kind/:namespace/:name',
  '/api/v1/timeline',
  '/api/v1/helm/:namespace/:name/history',
  '/api/v1/helm/:namespace/:name/compare',
  '/api/v1/helm/:namespace/:name/state',
  '/api/v1/helm/:namespace/:name/values',
  '/api/v1/pods/:namespace/:name/containers',
  '/api/v1/pods/:namespace/:name/log',
  '/api/v1/controller-logs/:group/:kind/:namespace/:name',
]);

/** NATS' default max_payload is 1 MiB; answers are kept under it with room for the envelope. */
export const MAX_DRILL_BODY = 900 * 1024;

/** The agent's side: refuses drill requests to any route outside the allow-list (on the matched route). */
export function installDrillGuard(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', async (request, reply) => {
    if (request.headers[DRILL_HEADER] === undefined) return;
    const pattern = request.routeOptions.url;
    if (request.method !== 'GET' || pattern === undefined || !DRILL_ROUTES.has(pattern)) {
      return refuse(request, reply, 403, 'not a read the fleet hub may ask for');
    }
    if (
      pattern === '/api/v1/pods/:namespace/:name/log' &&
      /^(1|true)$/i.test(String((request.query as Record<string, unknown>)['follow'] ?? ''))
    ) {
      return refuse(request, reply, 400, 'follow is not available through the fleet hub');
    }
  });
}

export type DrillAnswerer = (path: string) => Promise<DrillAnswer>;

/** The agent's answerer: one injected GET with the drill header (and the agent's own token, if any). */
export function injectAnswerer(fastify: FastifyInstance, host: string, token?: string): DrillAnswerer {
  return async path => {
    if (!path.startsWith('/api/v1/'))
      return { status: 400, contentType: 'application/json', body: '{"error":"not an API path"}' };
    const res = await fastify.inject({
      method: 'GET',
      url: path,
      headers: {
        host,
        [DRILL_HEADER]: '1',
        'accept-encoding': 'identity',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
    });
    const contentType = String(res.headers['content-type'] ?? 'application/octet-stream');
    if (res.rawPayload.length > MAX_DRILL_BODY)
      return {
        status: 502,
        contentType: 'application/json',
        body: JSON.stringify({
          error: `the answer (${res.rawPayload.length} bytes) is larger than a fleet message may be`,
        }),
      };
    return { status: res.statusCode, contentType, body: res.body };
  };
}

export function serveDrillDowns(
  nc: NatsConnection,
  subject: string,
  answer: DrillAnswerer,
  log: FastifyBaseLogger,
): { stop(): void } {
  // A queue group, so two agents of one cluster (a rollout) answer each request once.
  const sub = nc.subscribe(subject, {
    queue: 'agents',
    callback: (err, msg) => {
      if (err) return log.warn({ err: err.message }, 'fleet: drill subscription');
      let path: string;
      try {
        const req: unknown = msg.json();
        if (!Value.Check(DrillRequestSchema, req)) throw new Error('not a drill request');
        path = req.path;
      } catch {
        msg.respond(
          JSON.stringify({
            status: 400,
            contentType: 'application/json',
            body: '{"error":"malformed drill request"}',
          }),
        );
        return;
      }
      answer(path).then(
        a => msg.respond(JSON.stringify(a)),
        (e: unknown) => {
          log.warn({ err: (e as Error).message, path }, 'fleet: drill-down failed');
          msg.respond(
            JSON.stringify({
              status: 500,
              contentType: 'application/json',
              body: JSON.stringify({ error: (e as Error).message }),
            }),
          );
        },
      );
    },
  });
  return { stop: () => sub.unsubscribe() };
}

export class DrillError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** The hub's side: asks the cluster's agent; a silent or absent agent is a DrillError that says so. */
export async function drillDown(
  nc: NatsConnection,
  subject: string,
  cluster: string,
  path: string,
  timeoutMs: number,
): Promise<DrillAnswer> {
  let reply;
  try {
    reply = await nc.request(subject, JSON.stringify({ path }), { timeout: timeoutMs });
  } catch (err) {
    if (
      err instanceof errors.NoRespondersError ||
      (err instanceof errors.RequestError && err.isNoResponders())
    )
      throw new DrillError(503, `the agent of cluster ${cluster} is not connected to NATS (no responders)`);
    if (
      err instanceof errors.TimeoutError ||
      (err instanceof Error && err.cause instanceof errors.TimeoutError)
    )
      throw new DrillError(
        504,
        `the agent of cluster ${cluster} did not answer within ${timeoutMs / 1000} s`,
      );
    throw new DrillError(502, `asking the agent of cluster ${cluster} failed: ${(err as Error).message}`);
  }
  let answer: unknown;
  try {
    answer = reply.json();
  } catch {
    throw new DrillError(502, `the agent of cluster ${cluster} sent an answer that is not JSON`);
  }
  if (!Value.Check(DrillAnswerSchema, answer))
    throw new DrillError(502, `the agent of cluster ${cluster} sent a malformed answer`);
  return answer;
}
