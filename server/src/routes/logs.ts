/**
 * Pod logs and Flux controller logs. A read like every other /api route (same auth); off with
 * --disable-logs (the chart's logs.enabled=false, which also drops the pods/log RBAC).
 *
 * GET /api/v1/pods/{ns}/{name}/containers   what the Logs tab can show (init containers too, with state)
 * GET /api/v1/pods/{ns}/{name}/log          the log as text/plain, streamed (follow keeps it open)
 * GET /api/v1/controller-logs/{group}/{kind}/{ns}/{name}   the controller's lines that name one object
 * GET /api/v1/controller-logs/{group}/{kind}/{ns}/{name}/follow   the same, live from now on (NDJSON)
 * GET /api/v1/flux-runtime/controllers/{ns}/{name}/errors   a controller's newest error lines (cached 15 s)
 */
import type { ServerResponse } from 'node:http';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import { LOG_LIMITS, buildFluxRuntime, containersOf } from '@fluxscope/shared';
import {
  ControllerErrorsSchema,
  ControllerLogsSchema,
  PodLogQuerySchema,
  PodLogTargetsSchema,
} from '@fluxscope/shared/wire';
import type { LocalCluster } from '../fleet/backend.js';
import { HttpError } from '../http/errors.js';
import { SECURITY_HEADERS } from '../http/security.js';
import { ControllerErrorsCache, readControllerErrors } from '../logs/controller-errors.js';
import { followControllerLines } from '../logs/controller-follow.js';
import { DEFAULT_CONTROLLER_TAIL, MAX_CONTROLLER_TAIL, controllerLogs } from '../logs/controller-logs.js';
import { type OpenedLog, getPod, openPodLog, pickContainer } from '../logs/pod-logs.js';
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

  /**
   * Streams `log` as the response (hijacked: the body is piped, so a full socket pauses the upstream read)
   * and counts it among the open streams until either side ends it.
   */
  const pipeStream = (
    res: ServerResponse,
    log: Pick<OpenedLog, 'stream' | 'abort'>,
    headers: Record<string, string>,
  ) => {
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'cache-control': 'no-store',
      'x-accel-buffering': 'no',
      // A log stream's connection is not reused: when it ends (or the client leaves mid-stream) the socket
      // goes, instead of lingering as keep-alive that server shutdown would wait on.
      connection: 'close',
      ...headers,
    });
    res.flushHeaders();
    const end = () => {
      open.delete(end);
      log.abort();
      if (!res.writableEnded) res.end();
    };
    open.add(end);
    log.stream.pipe(res);
    log.stream.on('end', () => open.delete(end));
    res.on('close', end);
    res.on('error', end);
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
      // pipe() stops reading the upstream log while the browser's socket is full, and ends res with it.
      pipeStream(reply.raw, log, {
        'content-type': 'text/plain; charset=utf-8',
        [CONTAINER_STATE_HEADER]: container.state,
        'x-fluxscope-container': container.name,
        'x-fluxscope-log-limit-bytes': String(LOG_LIMITS.maxBytes),
      });
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

  fastify.get(
    '/api/v1/controller-logs/:group/:kind/:namespace/:name/follow',
    {
      schema: {
        tags: ['logs'],
        summary:
          'Follow: the lines naming a Flux object that its controller logs from now on, one JSON ControllerLogLine per line (application/x-ndjson)',
        params: Type.Object({ group: Group, kind: Kind, namespace: Namespace, name: Name }),
        produces: ['application/x-ndjson'],
        response: {
          200: {
            content: {
              'application/x-ndjson': { schema: Type.String({ description: 'ControllerLogLine per line' }) },
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
      const followed = await followControllerLines(
        { index: fastify.users.view(request).index, api, kc },
        refFromParams(request.params),
      );
      if (request.raw.destroyed) {
        followed.abort();
        return reply;
      }
      reply.hijack();
      pipeStream(reply.raw, followed, {
        'content-type': 'application/x-ndjson; charset=utf-8',
        'x-fluxscope-pods': followed.pods.join(', '),
      });
      return reply;
    },
  );

  // One cache per cluster (these routes answer for the default cluster and, under /c/{cluster}/, for any),
  // and with --impersonate per user too: each read is made as its asker, so only they share its answer.
  const errorCaches = new WeakMap<LocalCluster, Map<string, ControllerErrorsCache>>();
  const errorsOf = (request: FastifyRequest): ControllerErrorsCache => {
    const cluster = request.cluster;
    const p = request.principal;
    const user =
      fastify.config.impersonate && p && p.via !== 'local'
        ? JSON.stringify([p.user, [...p.groups].sort()])
        : '';
    let caches = errorCaches.get(cluster);
    if (!caches) {
      caches = new Map();
      errorCaches.set(cluster, caches);
    }
    let cache = caches.get(user);
    if (!cache) {
      cache = new ControllerErrorsCache((namespace, controller) => {
        const { api, kc } = client(request);
        return readControllerErrors({ index: cluster.cache.index, api, kc }, namespace, controller);
      });
      if (caches.size >= 1000) caches.delete(caches.keys().next().value!);
      caches.set(user, cache);
    }
    return cache;
  };

  fastify.get(
    '/api/v1/flux-runtime/controllers/:namespace/:name/errors',
    {
      schema: {
        tags: ['logs'],
        summary:
          "A Flux controller's newest error lines from the end of its Pods' logs (read when asked, one read per 15 s shared by every asker)",
        params: Type.Object({ namespace: Namespace, name: Name }),
        response: { 200: inline(ControllerErrorsSchema), ...logErrors },
      },
    },
    async request => {
      client(request);
      const { namespace, name } = request.params;
      // Only the Deployments the Flux runtime page lists: never an arbitrary Pod's log by name.
      const runtime = buildFluxRuntime(fastify.users.view(request).index);
      if (runtime.controllers.every(c => c.name !== name || (c.ref.namespace ?? '') !== namespace))
        throw new HttpError(404, `${namespace}/${name} is not a Flux controller Deployment Fluxscope sees`);
      return errorsOf(request).get(namespace, name);
    },
  );
};

export default logs;
