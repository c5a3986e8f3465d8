/**
 * Server-Sent Events: one stream per browser tab, fed by the one change log. Frames are serialized once by
 * the change log and written as they are to every client. Resume with Last-Event-ID (header, or
 * ?lastEventId= for EventSource polyfills and first connects after a snapshot); an id the server cannot
 * replay from gets `event: reset` and the client reloads the snapshot.
 *
 * A client that stops reading would make the server hold every frame for it. Past `sseMaxBufferedBytes`
 * waiting in its socket's buffer (writableLength) it is dropped; its EventSource reconnects with its
 * Last-Event-ID and gets what it missed, or a reset when that is no longer held (or would itself be more
 * than the cap, which would only drop it again).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { securityHeaders } from '../http/security.js';

const RESET_FRAME = 'event: reset\ndata: {}\n\n';

/** Parses a Last-Event-ID; undefined when absent, NaN when garbage. */
function parseLastEventId(value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  return /^\d{1,15}$/.test(value) ? Number(value) : NaN;
}

const stream: FastifyPluginAsyncTypebox = async fastify => {
  const open = new Set<() => void>();
  // End open streams before the HTTP server closes, or close() would wait for every browser to go away.
  fastify.addHook('preClose', async () => {
    for (const end of open) end();
  });

  fastify.get(
    '/api/v1/stream',
    {
      schema: {
        tags: ['cluster'],
        summary:
          'Change batches as Server-Sent Events (event: changes, id: seq; event: reset to reload the snapshot)',
        querystring: Type.Object({ lastEventId: Type.Optional(Type.String({ maxLength: 32 })) }),
        produces: ['text/event-stream'],
      },
    },
    (request, reply) => {
      const header = request.headers['last-event-id'];
      const lastEventId = parseLastEventId(
        (Array.isArray(header) ? header[0] : header) ?? request.query.lastEventId,
      );
      const changes = request.cluster.cache.changes;
      // The user's view with --impersonate: frames carry only what they may see (filtered once per view).
      const view = fastify.users.view(request);
      changes.flush();

      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        ...securityHeaders(request),
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        connection: 'keep-alive',
        // Tell nginx-style proxies not to buffer the stream.
        'x-accel-buffering': 'no',
      });
      res.write('retry: 2000\n\n');

      const cap = fastify.config.sseMaxBufferedBytes;
      if (lastEventId !== undefined) {
        const missed = Number.isNaN(lastEventId) ? undefined : changes.since(lastEventId);
        const frames = missed?.map(batch => view.frame(batch)).filter(frame => frame !== '');
        const bytes = frames?.reduce((sum, frame) => sum + Buffer.byteLength(frame), 0) ?? 0;
        if (frames === undefined || bytes > cap) res.write(RESET_FRAME);
        else for (const frame of frames) res.write(frame);
      }
      // An id with no data sets the EventSource's Last-Event-ID without dispatching anything: a tab that saw
      // no batch yet still resumes from here after a drop, and gets a reset if this server is gone by then.
      res.write(`id: ${changes.handOut()}\n\n`);

      // Checked before each write, so one frame bigger than the cap still reaches a client that reads.
      const send = (frame: string) => {
        if (res.writableLength <= cap) return void res.write(frame);
        fastify.log.warn(
          { ip: request.ip, bufferedBytes: res.writableLength },
          `dropping a stream client that stopped reading (${res.writableLength} bytes waiting); it resumes on reconnect`,
        );
        close();
        res.destroy();
      };
      const unsubscribe = changes.subscribe(batch => {
        const frame = view.frame(batch);
        if (frame !== '') send(frame);
      });
      const heartbeat = setInterval(() => send(': heartbeat\n\n'), fastify.config.heartbeatMs);
      heartbeat.unref();
      const close = () => {
        clearInterval(heartbeat);
        unsubscribe();
        open.delete(end);
      };
      const end = () => {
        close();
        res.end();
      };
      open.add(end);
      res.on('close', close);
      res.on('error', close);
    },
  );
};

export default stream;
