/**
 * Encoded view responses kept per ClusterIndex version. Twenty dashboards asking for the same tree of an
 * unchanged cluster used to cost twenty serializations and twenty gzips of one memoized result: at 100k objects
 * that was 29 ms of CPU per compact root tree, of which the view itself was 6. Now the first request of a
 * version pays for the view, the serialization and the gzip, and the rest are a map lookup and a socket write.
 *
 * Any change to the index (an object or an Event) drops every entry, so a cached body is never older than the
 * index the uncached route would have read. Bodies carry a weak ETag of their content, so a browser that
 * revalidates after an unrelated change still gets a 304.
 */
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { ClusterIndex } from '@fluxscope/shared';
import type { FastifyReply, FastifyRequest } from 'fastify';

interface Entry {
  type: string;
  etag: string;
  identity: Buffer;
  gzip?: Buffer;
}

/** Bodies above this are served but not kept: the full tree of a 100k-object cluster is tens of MB raw. */
const MAX_ENTRY_BYTES = 8 * 1024 * 1024;
/** Everything kept for one index version; past it, entries are served but not kept. */
const MAX_TOTAL_BYTES = 48 * 1024 * 1024;
/** Small bodies are sent as they are, like @fastify/compress's threshold. */
const GZIP_ABOVE = 1024;

export interface ViewCacheStats {
  hits: number;
  misses: number;
  notModified: number;
  entries: number;
  bytes: number;
}

export class ViewCache {
  private version = -1;
  private entries = new Map<string, Entry>();
  private bytes = 0;
  private readonly counts = { hits: 0, misses: 0, notModified: 0 };

  constructor(private readonly index: ClusterIndex) {}

  stats(): ViewCacheStats {
    return { ...this.counts, entries: this.entries.size, bytes: this.bytes };
  }

  /**
   * Sends the view for `key` (the request URL is a good key: params, query and format are all in it),
   * computing it with `produce` only when this index version has not answered it yet. `produce` returns the
   * value to serialize with the route's response schema, or text.
   */
  send(
    request: FastifyRequest,
    reply: FastifyReply,
    key: string,
    produce: () => { json: unknown } | { text: string },
  ): FastifyReply {
    if (this.version !== this.index.version) {
      this.version = this.index.version;
      this.entries = new Map();
      this.bytes = 0;
    }
    let entry = this.entries.get(key);
    if (entry) this.counts.hits++;
    else {
      this.counts.misses++;
      entry = encode(reply, produce());
      const size = entry.identity.length + (entry.gzip?.length ?? 0);
      if (entry.identity.length <= MAX_ENTRY_BYTES && this.bytes + size <= MAX_TOTAL_BYTES) {
        this.entries.set(key, entry);
        this.bytes += size;
      }
    }

    reply.header('etag', entry.etag).header('cache-control', 'no-cache').header('vary', 'accept-encoding');
    if (matchesEtag(request.headers['if-none-match'], entry.etag)) {
      this.counts.notModified++;
      return reply.code(304).send();
    }
    reply.type(entry.type);
    if (entry.gzip && acceptsGzip(request.headers['accept-encoding'])) {
      // A Content-Encoding already set tells @fastify/compress to leave the body alone.
      return reply.header('content-encoding', 'gzip').send(entry.gzip);
    }
    return reply.send(entry.identity);
  }
}

function encode(reply: FastifyReply, value: { json: unknown } | { text: string }): Entry {
  let type: string;
  let body: string;
  if ('text' in value) {
    type = 'text/plain; charset=utf-8';
    body = value.text;
  } else {
    type = 'application/json; charset=utf-8';
    // The route's response schema decides what is sent, exactly as reply.send(value) would.
    const serialize =
      reply.getSerializationFunction('200', 'application/json') ?? reply.getSerializationFunction('200');
    // Fastify types the payload as an object; its serializers take arrays too (stats, the graph's lists).
    body = serialize ? serialize(value.json as Record<string, unknown>) : JSON.stringify(value.json);
  }
  const identity = Buffer.from(body);
  const etag = `W/"${createHash('sha1').update(identity).digest('base64url')}"`;
  const entry: Entry = { type, etag, identity };
  if (identity.length > GZIP_ABOVE) entry.gzip = gzipSync(identity, { level: 6 });
  return entry;
}

function acceptsGzip(header: string | undefined): boolean {
  if (!header) return false;
  for (const part of header.split(',')) {
    const [coding = '', ...params] = part.trim().toLowerCase().split(';');
    if (coding !== 'gzip' && coding !== '*') continue;
    const q = params.map(p => p.trim()).find(p => p.startsWith('q='));
    return q === undefined || Number(q.slice(2)) > 0;
  }
  return false;
}

function matchesEtag(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  // Weak comparison (RFC 9110 §8.8.3.2): W/ prefixes do not matter.
  const opaque = etag.replace(/^W\//, '');
  return header.split(',').some(tag => tag.trim().replace(/^W\//, '') === opaque);
}
