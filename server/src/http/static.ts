/**
 * Serves the built web app with an SPA fallback (deep links like /tree/... load index.html, including ones whose
 * last segment has a dot, e.g. a CRD named eventbus.argoproj.io). Unknown /api paths and missing /assets/ files
 * get a 404, never the app. Files are looked up on disk per request (wildcard route), so a rebuilt web/dist is
 * served without a restart. Without a built app the server is API-only and says so.
 *
 * index.html preloads the snapshot the page will load first, so it downloads while the app's code does. The
 * built file names the default cluster's; a page under `/c/{cluster}/` gets that cluster's instead, and a page
 * that loads no snapshot (the fleet page, a hub) gets none: a preload nobody reads is a whole snapshot for
 * nothing.
 */
import fs from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { registerOpen } from './access.js';
import { errorBody } from './errors.js';

/** The snapshot URL a page path loads first (what index.html should preload), or undefined for none. */
export type SnapshotFor = (pathname: string) => string | undefined;

const SNAPSHOT_PRELOAD = /<link rel="preload" href="\/api\/v1\/snapshot"[^>]*>\n?/;

/**
 * The snapshot a page of the web app loads first: `/c/{cluster}/...` that cluster's when this server holds
 * it (the app encodes the name the same way, so the preload is the request it makes), the fleet page none,
 * any other page the default cluster's.
 */
export function pageSnapshot(isLocal: (cluster: string) => boolean): SnapshotFor {
  return pathname => {
    if (pathname === '/fleet' || pathname.startsWith('/fleet/')) return undefined;
    const inCluster = /^\/c\/([^/]+)/.exec(pathname);
    if (!inCluster) return '/api/v1/snapshot';
    let name: string;
    try {
      name = decodeURIComponent(inCluster[1]!);
    } catch {
      return undefined;
    }
    return isLocal(name) ? `/api/v1/c/${encodeURIComponent(name)}/snapshot` : undefined;
  };
}

/** index.html for one page: its preload pointed at that page's snapshot, or removed. */
export function indexHtmlFor(html: string, snapshot: string | undefined): string {
  return html.replace(SNAPSHOT_PRELOAD, link =>
    snapshot === undefined ? '' : link.replace('/api/v1/snapshot', snapshot),
  );
}

export async function installStaticAndNotFound(
  fastify: FastifyInstance,
  staticDir: string | undefined,
  snapshotFor: SnapshotFor = () => '/api/v1/snapshot',
): Promise<void> {
  const hasApp = !!staticDir && fs.existsSync(path.join(staticDir, 'index.html'));
  if (hasApp) {
    await registerOpen(fastify, async scope => {
      await scope.register(fastifyStatic, {
        root: path.resolve(staticDir),
        wildcard: true,
        // `/` and `/index.html` are pages like any other: the routes below write their index.html.
        index: false,
        // Never serve .env, .git/ and the like that may sit in a copied build directory.
        dotfiles: 'ignore',
      });
      const page = pageSender(path.resolve(staticDir), snapshotFor);
      for (const url of ['/', '/index.html'])
        scope.get(url, { schema: { hide: true } }, (_request, reply) => page(reply, '/'));
      // In this scope too: a path that is no file falls through @fastify/static's wildcard route to it.
      setNotFound(scope, page);
    });
    fastify.log.info(`serving the web app from ${staticDir}`);
  } else {
    fastify.log.warn(
      `no built web app at ${staticDir ?? '(none)'}: serving the API only (build web/ or pass --static-dir)`,
    );
    setNotFound(fastify);
  }
}

type PageSender = (reply: FastifyReply, pathname: string) => Promise<FastifyReply>;

function pageSender(root: string, snapshotFor: SnapshotFor): PageSender {
  return async (reply, pathname) => {
    // Read per request, like every other file here (a rebuilt app needs no restart); it is ~1 KB.
    const html = await fs.promises.readFile(path.join(root, 'index.html'), 'utf8');
    return reply.type('text/html; charset=utf-8').send(indexHtmlFor(html, snapshotFor(pathname)));
  };
}

function setNotFound(fastify: FastifyInstance, page?: PageSender): void {
  fastify.setNotFoundHandler(async (request, reply) => {
    const url = request.url.split('?')[0] ?? '';
    const isApi = url === '/api' || url.startsWith('/api/') || url === '/healthz' || url === '/readyz';
    const isAsset = url.startsWith('/assets/');
    if (page && !isApi && !isAsset && (request.method === 'GET' || request.method === 'HEAD')) {
      return page(reply, url);
    }
    return reply.code(404).send(errorBody(404, `no route ${request.method} ${url}`));
  });
}
