/**
 * Serves the built web app with an SPA fallback (deep links like /tree/... load index.html, including ones whose
 * last segment has a dot, e.g. a CRD named eventbus.argoproj.io). Unknown /api paths and missing /assets/ files
 * get a 404, never the app. Files are looked up on disk per request (wildcard route), so a rebuilt web/dist is
 * served without a restart. Without a built app the server is API-only and says so.
 */
import fs from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { registerOpen } from './access.js';
import { errorBody } from './errors.js';

export async function installStaticAndNotFound(
  fastify: FastifyInstance,
  staticDir: string | undefined,
): Promise<void> {
  const hasApp = !!staticDir && fs.existsSync(path.join(staticDir, 'index.html'));
  if (hasApp) {
    await registerOpen(fastify, async scope => {
      await scope.register(fastifyStatic, {
        root: path.resolve(staticDir),
        wildcard: true,
        index: ['index.html'],
        // Never serve .env, .git/ and the like that may sit in a copied build directory.
        dotfiles: 'ignore',
      });
      // In this scope too: it answers with reply.sendFile, which @fastify/static decorates here.
      setNotFound(scope, hasApp);
    });
    fastify.log.info(`serving the web app from ${staticDir}`);
  } else {
    fastify.log.warn(
      `no built web app at ${staticDir ?? '(none)'}: serving the API only (build web/ or pass --static-dir)`,
    );
    setNotFound(fastify, hasApp);
  }
}

function setNotFound(fastify: FastifyInstance, hasApp: boolean): void {
  fastify.setNotFoundHandler((request, reply) => {
    const url = request.url.split('?')[0] ?? '';
    const isApi = url === '/api' || url.startsWith('/api/') || url === '/healthz' || url === '/readyz';
    const isAsset = url.startsWith('/assets/');
    if (hasApp && !isApi && !isAsset && (request.method === 'GET' || request.method === 'HEAD')) {
      return reply.type('text/html; charset=utf-8').sendFile('index.html');
    }
    return reply.code(404).send(errorBody(404, `no route ${request.method} ${url}`));
  });
}
