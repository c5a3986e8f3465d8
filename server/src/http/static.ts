/**
 * Serves the built web app with an SPA fallback (deep links like /tree/... load index.html). Unknown /api
 * paths always get a JSON 404, never the app. Without a built app the server is API-only and says so.
 */
import fs from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { errorBody } from './errors.js';

export async function installStaticAndNotFound(
  fastify: FastifyInstance,
  staticDir: string | undefined,
): Promise<void> {
  const hasApp = !!staticDir && fs.existsSync(path.join(staticDir, 'index.html'));
  if (hasApp) {
    await fastify.register(fastifyStatic, {
      root: path.resolve(staticDir),
      wildcard: false,
      index: ['index.html'],
    });
    fastify.log.info(`serving the web app from ${staticDir}`);
  } else {
    fastify.log.warn(
      `no built web app at ${staticDir ?? '(none)'}: serving the API only (build web/ or pass --static-dir)`,
    );
  }
  fastify.setNotFoundHandler((request, reply) => {
    const url = request.url.split('?')[0] ?? '';
    const isApi = url === '/api' || url.startsWith('/api/') || url === '/healthz' || url === '/readyz';
    if (hasApp && !isApi && (request.method === 'GET' || request.method === 'HEAD') && !path.extname(url)) {
      return reply.type('text/html; charset=utf-8').sendFile('index.html');
    }
    return reply.code(404).send(errorBody(404, `no route ${request.method} ${url}`));
  });
}
