/**
 * Builds the Fastify app: plugins in order (config -> fleet: each cluster's connection and cache), then cross-cutting HTTP
 * concerns (security headers, errors, compression, OpenAPI), then routes, then the web app.
 */
import fastifyCompress from '@fastify/compress';
import fastifySwagger from '@fastify/swagger';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance } from 'fastify';
import type { ServerConfig } from './config/flags.js';
import configPlugin from './config/plugin.js';
import fleetAgentPlugin from './fleet-nats/agent-plugin.js';
import { decorateClusterRequest, registerClusterRoutes } from './fleet/cluster-routes.js';
import fleetPlugin from './fleet/plugin.js';
import { AuditLog, type AuditSink } from './http/audit.js';
import { installAuth } from './http/auth.js';
import type { FailureLimits } from './http/rate-limit.js';
import { installErrorHandler } from './http/errors.js';
import { fastifyOptions } from './http/fastify-options.js';
import { installNameChecks } from './http/names.js';
import { installSecurityHeaders } from './http/security.js';
import { installStaticAndNotFound, pageSnapshot } from './http/static.js';
import actionRoutes from './routes/actions.js';
import demoRoutes from './routes/demo.js';
import fleetRoutes from './routes/fleet.js';
import healthRoutes from './routes/health.js';
import helmRoutes from './routes/helm.js';
import insightRoutes from './routes/insights.js';
import logRoutes from './routes/logs.js';
import meRoutes from './routes/me.js';
import metricsRoutes from './routes/metrics.js';
import objectRoutes from './routes/objects.js';
import snapshotRoutes from './routes/snapshot.js';
import statusRoutes from './routes/status.js';
import streamRoutes from './routes/stream.js';
import viewRoutes from './routes/views.js';
import usersPlugin from './users/plugin.js';

export interface BuildOptions {
  /** Pass false in tests to keep output quiet; defaults to pino at config.logLevel. */
  logger?: boolean;
  /** How long reconcile withSource waits for the source's controller (tests shorten it). */
  actionSourceWaitMs?: number;
  /** Tests read the log lines (pino JSON) here, at info. */
  logStream?: { write(line: string): void };
  /** Where the audit trail goes (default stdout; tests read it here). */
  auditSink?: AuditSink;
  /** Sign-in failure limits (tests shorten them). */
  failureLimits?: FailureLimits;
}

export async function buildApp(config: ServerConfig, options: BuildOptions = {}): Promise<FastifyInstance> {
  const fastify = Fastify(
    fastifyOptions(
      config,
      options.logStream
        ? { level: 'info', stream: options.logStream }
        : options.logger === false
          ? false
          : { level: config.logLevel },
    ),
  ).withTypeProvider<TypeBoxTypeProvider>();

  await fastify.register(configPlugin, { config });
  // Every cluster: its kube connection, cache, view cache and action permissions (fleet/).
  await fastify.register(fleetPlugin);
  decorateClusterRequest(fastify);
  // Per user and cluster with --impersonate: the client, rights and filtered view (users/).
  await fastify.register(usersPlugin);
  // `fluxscope agent`: feeds the fleet bucket and answers the hub's drill-downs (nothing in the plain server).
  await fastify.register(fleetAgentPlugin);

  fastify.decorate('audit', new AuditLog(options.auditSink));
  installSecurityHeaders(fastify);
  // After the security headers, so 401s and 403s carry them too.
  installAuth(fastify, config, options.failureLimits ? { failureLimits: options.failureLimits } : {});
  installNameChecks(fastify);
  installErrorHandler(fastify);
  // Snapshots of large clusters are megabytes of JSON; gzip/brotli cut them 10x. SSE is hijacked, never compressed.
  await fastify.register(fastifyCompress, { global: true, threshold: 1024 });
  await fastify.register(fastifySwagger, {
    openapi: {
      info: {
        title: 'Fluxscope API',
        version: '1',
        description:
          'API over a live cache of Flux objects; reconcile/suspend/resume only with --enable-actions.',
      },
    },
  });
  fastify.get('/api/v1/openapi.json', { schema: { hide: true } }, async () => fastify.swagger());

  await fastify.register(healthRoutes);
  await fastify.register(metricsRoutes);
  await fastify.register(fleetRoutes);
  // Per-cluster routes: `/api/v1/...` for the default cluster and `/api/v1/c/{cluster}/...` for each.
  await registerClusterRoutes(fastify, [
    [statusRoutes],
    [meRoutes],
    [snapshotRoutes],
    [streamRoutes],
    [objectRoutes],
    [viewRoutes],
    [insightRoutes],
    [logRoutes],
    [helmRoutes],
    [demoRoutes],
    [actionRoutes, options.actionSourceWaitMs ? { sourceWaitMs: options.actionSourceWaitMs } : {}],
  ]);

  // An agent is the same server without the web app.
  await installStaticAndNotFound(
    fastify,
    config.fleetMode?.mode === 'agent' ? undefined : config.staticDir,
    pageSnapshot(name => fastify.clusters.get(name)?.local !== undefined),
  );
  return fastify;
}
