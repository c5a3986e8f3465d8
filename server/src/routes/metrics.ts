/**
 * GET /metrics in the Prometheus text format (0.0.4), written by hand: the few series that say whether the
 * dashboard is telling the truth (watch restarts and relists, event lag, SSE clients, per-kind sync and
 * errors, connection) and the process's memory. No client library needed for this handful.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { ClusterCache } from '../cache/cluster-cache.js';
import type { ViewCacheStats } from '../http/view-cache.js';
import { PROBE } from '../http/access.js';

const CONNECTION_STATES = ['connecting', 'connected', 'unreachable', 'misconfigured'] as const;

function label(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

class Exposition {
  private readonly lines: string[] = [];

  metric(name: string, type: 'counter' | 'gauge' | 'histogram', help: string): this {
    this.lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
    return this;
  }

  sample(name: string, value: number, labels: Record<string, string> = {}): this {
    const pairs = Object.entries(labels).map(([k, v]) => `${k}="${label(v)}"`);
    this.lines.push(
      `${name}${pairs.length ? `{${pairs.join(',')}}` : ''} ${Number.isFinite(value) ? value : 0}`,
    );
    return this;
  }

  text(): string {
    return this.lines.join('\n') + '\n';
  }
}

export function renderMetrics(cache: ClusterCache, views?: ViewCacheStats, now = Date.now()): string {
  const out = new Exposition();
  const watches = cache.watchStats();
  const kinds = cache.kindStates();
  const connection = cache.connectionState();

  out.metric(
    'fluxscope_watch_restarts_total',
    'counter',
    'Watch restarts after errors, silence, cut streams or 410 Gone.',
  );
  for (const w of watches) out.sample('fluxscope_watch_restarts_total', w.restarts, { kind: w.kind });
  out.metric(
    'fluxscope_relists_total',
    'counter',
    'Complete lists (the first sync and every relist after 410 Gone).',
  );
  for (const w of watches) out.sample('fluxscope_relists_total', w.relists, { kind: w.kind });

  out.metric(
    'fluxscope_watch_event_lag_seconds',
    'histogram',
    'From a change arriving from the API server to the SSE batch carrying it being sent (oldest change per batch).',
  );
  for (const [le, count] of cache.changes.lag.cumulative())
    out.sample('fluxscope_watch_event_lag_seconds_bucket', count, { le });
  out.sample('fluxscope_watch_event_lag_seconds_sum', cache.changes.lag.sum);
  out.sample('fluxscope_watch_event_lag_seconds_count', cache.changes.lag.count);

  out.metric('fluxscope_sse_clients', 'gauge', 'Open SSE streams (browser tabs).');
  out.sample('fluxscope_sse_clients', cache.changes.listenerCount);
  out.metric('fluxscope_change_seq', 'counter', 'Change batches emitted (the SSE stream id).');
  out.sample('fluxscope_change_seq', cache.changes.seq);

  out.metric('fluxscope_objects', 'gauge', 'Objects held in the cache, per kind.');
  for (const k of kinds) if (k.served) out.sample('fluxscope_objects', k.count, { kind: k.kind });
  out.metric('fluxscope_kind_synced', 'gauge', '1 when the kind is listed and watched, 0 otherwise.');
  for (const k of kinds)
    if (k.served) out.sample('fluxscope_kind_synced', k.synced ? 1 : 0, { kind: k.kind });
  out.metric(
    'fluxscope_kind_error',
    'gauge',
    '1 per kind with an error (forbidden, not-served, unreachable, watch-error).',
  );
  for (const k of kinds)
    if (k.errorCode) out.sample('fluxscope_kind_error', 1, { kind: k.kind, code: k.errorCode });
  out.metric(
    'fluxscope_watch_last_activity_age_seconds',
    'gauge',
    'Seconds since the last event or bookmark, per kind.',
  );
  for (const k of kinds)
    if (k.lastActivity)
      out.sample('fluxscope_watch_last_activity_age_seconds', (now - Date.parse(k.lastActivity)) / 1000, {
        kind: k.kind,
      });

  out.metric(
    'fluxscope_connection_state',
    'gauge',
    '1 for the current state of the connection to the API server.',
  );
  for (const state of CONNECTION_STATES)
    out.sample('fluxscope_connection_state', connection.state === state ? 1 : 0, { state });
  out.metric('fluxscope_connection_state_seconds', 'gauge', 'Seconds in the current connection state.');
  out.sample('fluxscope_connection_state_seconds', (now - Date.parse(connection.since)) / 1000);
  out.metric('fluxscope_flux_missing', 'gauge', '1 when the API server serves no Flux CRDs.');
  out.sample('fluxscope_flux_missing', connection.fluxMissing ? 1 : 0);
  if (connection.lastUpdate) {
    out.metric(
      'fluxscope_last_update_age_seconds',
      'gauge',
      'Seconds since the last change from the API server.',
    );
    out.sample('fluxscope_last_update_age_seconds', (now - Date.parse(connection.lastUpdate)) / 1000);
  }

  if (views) {
    out.metric(
      'fluxscope_view_cache_requests_total',
      'counter',
      'View requests (tree, trace, stats, graph) answered from the per-version response cache, or not.',
    );
    out.sample('fluxscope_view_cache_requests_total', views.hits, { result: 'hit' });
    out.sample('fluxscope_view_cache_requests_total', views.misses, { result: 'miss' });
    out.sample('fluxscope_view_cache_requests_total', views.notModified, { result: 'not_modified' });
    out.metric('fluxscope_view_cache_bytes', 'gauge', 'Encoded view responses kept for the current index.');
    out.sample('fluxscope_view_cache_bytes', views.bytes);
  }

  const memory = process.memoryUsage();
  out.metric('process_resident_memory_bytes', 'gauge', 'Resident memory size in bytes.');
  out.sample('process_resident_memory_bytes', memory.rss);
  out.metric('nodejs_heap_used_bytes', 'gauge', 'V8 heap in use, bytes.');
  out.sample('nodejs_heap_used_bytes', memory.heapUsed);
  out.metric('nodejs_heap_total_bytes', 'gauge', 'V8 heap allocated, bytes.');
  out.sample('nodejs_heap_total_bytes', memory.heapTotal);
  out.metric('process_uptime_seconds', 'gauge', 'Seconds since the process started.');
  out.sample('process_uptime_seconds', process.uptime());
  return out.text();
}

const metrics: FastifyPluginAsyncTypebox = async fastify => {
  fastify.get(
    '/metrics',
    {
      config: PROBE,
      schema: {
        tags: ['health'],
        summary: 'Prometheus metrics (text format 0.0.4)',
        produces: ['text/plain'],
      },
    },
    async (_request, reply) => {
      reply.header('cache-control', 'no-store');
      return reply
        .type('text/plain; version=0.0.4; charset=utf-8')
        .send(renderMetrics(fastify.cache, fastify.viewCache.stats()));
    },
  );
};

export default metrics;
