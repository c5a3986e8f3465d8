/**
 * The hub's own HTTP routes besides the fleet's (routes/fleet.ts, over the registry of RemoteBackends):
 * drill-downs into one cluster forwarded to its agent (`/api/v1/c/{cluster}/...` = that agent's
 * `/api/v1/...`), probes and metrics (drops of malformed or oversized values are counted there).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { LivenessSchema, ReadinessSchema } from '@fluxscope/shared/wire';
import { Type } from '@sinclair/typebox';
import type { FastifyReply } from 'fastify';
import { PROBE } from '../http/access.js';
import { DrillError } from './drill.js';
import type { FleetHub } from './hub.js';
import { CLUSTER_NAME } from './subjects.js';

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  404: 'Not Found',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

/** The server's one error shape ({statusCode, error, message}), for what the hub itself answers. */
function failure(reply: FastifyReply, code: number, message: string) {
  return reply.code(code).send({ statusCode: code, error: REASONS[code] ?? 'Error', message });
}

export function hubMetrics(hub: FleetHub): string {
  const lines = [
    '# HELP fluxscope_fleet_dropped_total Values from agents dropped: not JSON or not the schema, too large, unknown key, key and value disagree.',
    '# TYPE fluxscope_fleet_dropped_total counter',
    ...Object.entries(hub.dropped).map(
      ([reason, n]) => `fluxscope_fleet_dropped_total{reason="${reason}"} ${n}`,
    ),
    '# HELP fluxscope_fleet_entries_total Bucket entries applied.',
    '# TYPE fluxscope_fleet_entries_total counter',
    `fluxscope_fleet_entries_total ${hub.entries}`,
    '# HELP fluxscope_fleet_clusters Clusters known, by whether their agent reports (current) or not (stale).',
    '# TYPE fluxscope_fleet_clusters gauge',
  ];
  let stale = 0;
  let objects = 0;
  for (const c of hub.clusters.values()) {
    if (hub.connectionOf(c).staleSince) stale++;
    objects += c.objects.size;
  }
  lines.push(`fluxscope_fleet_clusters{state="current"} ${hub.clusters.size - stale}`);
  lines.push(`fluxscope_fleet_clusters{state="stale"} ${stale}`);
  lines.push(
    '# HELP fluxscope_fleet_objects Flux object summaries held.',
    '# TYPE fluxscope_fleet_objects gauge',
  );
  lines.push(`fluxscope_fleet_objects ${objects}`);
  lines.push(
    '# HELP fluxscope_fleet_nats_connected 1 while the hub is connected to NATS.',
    '# TYPE fluxscope_fleet_nats_connected gauge',
  );
  lines.push(`fluxscope_fleet_nats_connected ${hub.connected ? 1 : 0}`);
  const mem = process.memoryUsage();
  lines.push(
    '# HELP process_resident_memory_bytes Resident memory.',
    '# TYPE process_resident_memory_bytes gauge',
  );
  lines.push(`process_resident_memory_bytes ${mem.rss}`);
  return lines.join('\n') + '\n';
}

export function hubRoutes(hub: FleetHub): FastifyPluginAsyncTypebox {
  return async fastify => {
    fastify.get('/healthz', { config: PROBE, schema: { response: { 200: LivenessSchema } } }, async () => ({
      ok: true,
    }));
    fastify.get(
      '/readyz',
      {
        config: PROBE,
        schema: {
          summary: 'Ready once the bucket has been read',
          response: { 200: ReadinessSchema, 503: ReadinessSchema },
        },
      },
      async (_request, reply) => {
        const reasons = [
          ...(hub.connected ? [] : [`not connected to NATS${hub.lastError ? ` (${hub.lastError})` : ''}`]),
          ...(hub.synced ? [] : ['the fleet bucket is still being read']),
        ];
        return reply.code(reasons.length ? 503 : 200).send({ ready: reasons.length === 0, reasons });
      },
    );
    fastify.get('/metrics', { config: PROBE, schema: { hide: true } }, async (_request, reply) =>
      reply.type('text/plain; version=0.0.4').send(hubMetrics(hub)),
    );

    fastify.get(
      '/api/v1/c/:cluster/*',
      {
        schema: {
          tags: ['fleet'],
          summary: "One cluster's API, answered by its agent (GET reads only)",
          params: Type.Object({ cluster: Type.String(), '*': Type.String() }),
          // The agent's answer passes through as its own route serialized it (that route's schema).
        },
      },
      async (request, reply) => {
        const { cluster } = request.params;
        if (!CLUSTER_NAME.test(cluster)) return failure(reply, 400, `"${cluster}" is not a cluster name`);
        if (!hub.clusters.has(cluster))
          return failure(reply, 404, `no cluster named ${cluster} in the fleet`);
        const q = request.url.indexOf('?');
        const path = `/api/v1/${request.params['*']}${q >= 0 ? request.url.slice(q) : ''}`;
        try {
          const answer = await hub.drill(cluster, path);
          return reply.code(answer.status).type(answer.contentType).send(answer.body);
        } catch (err) {
          if (err instanceof DrillError) return failure(reply, err.status, err.message);
          throw err;
        }
      },
    );
  };
}
