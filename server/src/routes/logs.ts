/**
 * Pod logs and Flux controller logs. A read like every other /api route (same auth); off with
 * --disable-logs (the chart's logs.enabled=false, which also drops the pods/log RBAC).
 *
 * GET /api/v1/pods/{ns}/{name}/containers   what the Logs tab can show (init containers too, with state)
 * GET /api/v1/pods/{ns}/{name}/log          the log as text/plain, streamed (follow keeps it open)
 * GET /api/v1/controller-logs/{group}/{kind}/{ns}/{name}   the controller's lines that name one object
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import { LOG_LIMITS, containersOf } from '@fluxscope/shared';
import { ControllerLogsSchema, PodLogQuerySchema, PodLogTargetsSchema } from '@fluxscope/shared/wire';
import { HttpError } from '../http/errors.js';
import { SECURITY_HEADERS } from '../http/security.js';
import { DEFAULT_CONTROLLER_TAIL, MAX_CONTROLLER_TAIL, controllerLogs } from '../logs/controller-logs.js';
import { getPod, openPodLog, pickContainer } from '../logs/pod-logs.js';
import {
  ErrorResponse,
  Group,
  Kind,
  Name,
  errorResponses,
  inline,
  refFromParams,
} from '../schemas/common.js';

const Namespace = Type.String({ minLength: 1, maxLength: 63, pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$' });
const PodParams = Type.Object({ namespace: Namespace, name: Name });
const logErrors = {
  ...errorResponses,
  403: ErrorResponse,
  429: ErrorResponse,
  502: ErrorResponse,
  503: ErrorResponse,
};

/** Set on a 200 with an empty body when the container has no log yet (e.g. `waiting: ContainerCreating`). */
export const CONTAINER_STATE_HEADER = 'x-fluxscope-container-state';

const logs: FastifyPluginAsyncTypebox = async fastify => {
  const open = new Set<() => void>();
  // End open streams before the HTTP server closes, or close() would wait for every follower to go away.
  fastify.addHook('preClose', async () => {
    for (const end of open) end();
  });

  const client = (request: FastifyRequest) => {
    if (!fastify.config.logsEnabled)
      throw new HttpError(
        403,
        'Pod logs are off on this server (--disable-logs; chart value logs.enabled=false)',
      );
    // As the user with --impersonate: the API server decides whether they may read pods/log.
    const client = fastify.users.kube(request);
    if (!client) throw new HttpError(503, 'not connected to a cluster');
    return client;
  };

  fastify.get(
    '/api/v1/pods/:namespace/:name/containers',
    {
      schema: {
        tags: ['logs'],
        summary:
          "A Pod's containers (init containers first) with their state and whether a previous run exists",
        params: PodParams,
        response: { 200: inline(PodLogTargetsSchema), ...logErrors },
      },
    },
    async request => {
      const { api } = client(request);
      const { namespace, name } = request.params;
      const pod = await getPod(api, namespace, name);
      return {
        namespace,
        pod: name,
        phase: typeof pod.status?.['phase'] === 'string' ? (pod.status['phase'] as string) : 'Unknown',
        containers: containersOf(pod),
        limits: { maxTailLines: LOG_LIMITS.maxTailLines, maxBytes: LOG_LIMITS.maxBytes },
      };
    },
  );

  fastify.get(
    '/api/v1/pods/:namespace/:name/log',
    {
      schema: {
        tags: ['logs'],
        summary: `A container's log as text/plain (follow streams; at most ${LOG_LIMITS.maxBytes / 1024 / 1024} MiB per request, ${LOG_LIMITS.maxStreams} streams at once)`,
        params: PodParams,
        querystring: inline(PodLogQuerySchema),
        produces: ['text/plain'],
        response: {
          200: {
            content: {
              'text/plain': {
                schema: Type.String({
                  description: `the log; empty with ${CONTAINER_STATE_HEADER} when the container has not started`,
                }),
              },
            },
          },
          ...logErrors,
        },
      },
    },
    async (request, reply) => {
      const { api, kc } = client(request);
      if (open.size >= LOG_LIMITS.maxStreams)
        throw new HttpError(429, `too many log streams open (${LOG_LIMITS.maxStreams}); close a Logs tab`);
      const { namespace, name } = request.params;
      const query = request.query;
      const pod = await getPod(api, namespace, name);
      const container = pickContainer(pod, query.container);
      if (query.previous && !container.hasPrevious)
        throw new HttpError(
          404,
          `container "${container.name}" of Pod ${namespace}/${name} has no previous run (restarts: ${container.restartCount})`,
        );
      if (!query.previous && !container.started) {
        return reply
          .header(CONTAINER_STATE_HEADER, container.state)
          .header('cache-control', 'no-store')
          .type('text/plain; charset=utf-8')
          .send('');
      }
      const log = await openPodLog(kc, namespace, name, container.name, query);
      if (request.raw.destroyed) {
        log.abort();
        return reply;
      }
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        ...SECURITY_HEADERS,
        'content-type': 'text/plain; charset=utf-8',
        'cache-control': 'no-store',
        'x-accel-buffering': 'no',
        // A log stream's connection is not reused: when it ends (or the client leaves mid-stream) the socket
        // goes, instead of lingering as keep-alive that server shutdown would wait on.
        connection: 'close',
        [CONTAINER_STATE_HEADER]: container.state,
        'x-fluxscope-container': container.name,
        'x-fluxscope-log-limit-bytes': String(LOG_LIMITS.maxBytes),
      });
      res.flushHeaders();
      const end = () => {
        open.delete(end);
        log.abort();
        if (!res.writableEnded) res.end();
      };
      open.add(end);
      // pipe() stops reading the upstream log while the browser's socket is full, and ends res with it.
      log.stream.pipe(res);
      log.stream.on('end', () => open.delete(end));
      res.on('close', end);
      res.on('error', end);
      return reply;
    },
  );

  fastify.get(
    '/api/v1/controller-logs/:group/:kind/:namespace/:name',
    {
      schema: {
        tags: ['logs'],
        summary: "The lines of a Flux object's controller log that name it (parsed JSON: level, msg, error)",
        params: Type.Object({ group: Group, kind: Kind, namespace: Namespace, name: Name }),
        querystring: Type.Object({
          tailLines: Type.Optional(
            Type.Integer({ minimum: 1, maximum: MAX_CONTROLLER_TAIL, default: DEFAULT_CONTROLLER_TAIL }),
          ),
        }),
        response: { 200: inline(ControllerLogsSchema), ...logErrors },
      },
    },
    async request => {
      const { api, kc } = client(request);
      const p = request.params;
      const ref = refFromParams(p);
      return controllerLogs(
        { index: fastify.users.view(request).index, api, kc },
        ref,
        request.query.tailLines ?? DEFAULT_CONTROLLER_TAIL,
      );
    },
  );
};

export default logs;
