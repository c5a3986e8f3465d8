/**
 * Encoded view responses kept per ClusterIndex version (or Flux version, see ViewScope). Twenty dashboards asking for the same tree of an
 * unchanged cluster used to cost twenty serializations and twenty gzips of one memoized result: at 100k objects
 * that was 29 ms of CPU per compact root tree, of which the view itself was 6. Now the first request of a
 * version pays for the view, the serialization and the compression, and the rest are a map lookup and a socket write.
 *
 * Any change to the index (an object or an Event) drops every entry of the 'all' scope, so a cached body is
 * never older than the index the uncached route would have read; entries of views over Flux objects alone
 * ('flux': graph, stats) are dropped only when a Flux object changes, so Pod and Event churn keeps them. Bodies carry a weak ETag of their content, so a browser that
 * revalidates after an unrelated change still gets a 304.
 */
import { createHash } from 'node:crypto';
import { brotliCompressSync, brotliDecompressSync, constants, gunzipSync, gzipSync } from 'node:zlib';
import type { ClusterIndex } from '@fluxscope/shared';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { type Answer, TEXT_CONTENT_TYPE } from './answer.js';

type Coding = 'br' | 'gzip';

interface Entry {
  type: string;
  etag: string;
  /** Dropped for big bodies once a compressed form exists; the rare client that takes no coding inflates it. */
  identity?: Buffer;
  encoded: Partial<Record<Coding, Buffer>>;
}

/** Above this, only the compressed forms are kept: the full tree of a 100k-object cluster is ~20 MB raw, ~300 KB gzip. */
const KEEP_IDENTITY_BELOW = 1024 * 1024;
/** Everything kept for the current versions; past it, responses are served but not kept. */
const MAX_TOTAL_BYTES = 48 * 1024 * 1024;
/** Small bodies are sent as they are, like @fastify/compress's threshold. */
const COMPRESS_ABOVE = 1024;

export interface ViewCacheStats {
  hits: number;
  misses: number;
  notModified: number;
  entries: number;
  bytes: number;
}

/**
 * What a view reads, so what must change for its cached answer to go: 'all' for views that read any object
 * or Event (trees show Pods), 'flux' for views that read Flux objects only (ClusterIndex.fluxVersion).
 */
export type ViewScope = 'all' | 'flux';

/** The entries kept for one version of the index. */
interface Generation {
  version: number;
  entries: Map<string, Entry>;
  bytes: number;
}

export class ViewCache {
  private readonly generations: Record<ViewScope, Generation> = {
    all: { version: -1, entries: new Map(), bytes: 0 },
    flux: { version: -1, entries: new Map(), bytes: 0 },
  };
  private readonly counts = { hits: 0, misses: 0, notModified: 0 };

  constructor(private readonly index: ClusterIndex) {}

  stats(): ViewCacheStats {
    const { all, flux } = this.generations;
    return { ...this.counts, entries: all.entries.size + flux.entries.size, bytes: all.bytes + flux.bytes };
  }

  /**
   * Sends the view for `key` (the request URL is a good key: params, query and format are all in it),
   * computing it with `produce` only when this index version has not answered it yet. `produce` returns the
   * value to serialize with the route's response schema, or text. `scope` says what the view reads.
   */
  send(
    request: FastifyRequest,
    reply: FastifyReply,
    key: string,
    produce: () => Answer,
    scope: ViewScope = 'all',
  ): FastifyReply {
    const generation = this.generations[scope];
    const version = scope === 'flux' ? this.index.fluxVersion : this.index.version;
    if (generation.version !== version) {
      generation.version = version;
      generation.entries = new Map();
      generation.bytes = 0;
    }
    let entry = generation.entries.get(key);
    if (entry) this.counts.hits++;
    else {
      this.counts.misses++;
      entry = serialize(reply, produce());
      generation.entries.set(key, entry);
      generation.bytes += entry.identity?.length ?? 0;
    }

    reply.header('etag', entry.etag).header('cache-control', 'no-cache').header('vary', 'accept-encoding');
    if (matchesEtag(request.headers['if-none-match'], entry.etag)) {
      this.counts.notModified++;
      return reply.code(304).send();
    }
    reply.type(entry.type);
    const coding = preferredCoding(request.headers['accept-encoding']);
    let encoded = coding && entry.encoded[coding];
    if (!encoded) {
      const body = entry.identity ?? inflate(entry);
      if (!coding || body.length <= COMPRESS_ABOVE) {
        // @fastify/compress still sees this: a client that takes only deflate gets deflate from it.
        return reply.send(body);
      }
      encoded = compress(coding, body);
      entry.encoded[coding] = encoded;
      generation.bytes += encoded.length;
    }
    if (entry.identity && entry.identity.length >= KEEP_IDENTITY_BELOW) {
      generation.bytes -= entry.identity.length;
      delete entry.identity;
    }
    // Over budget (a burst of distinct big views): forget this version's answers rather than grow.
    if (this.generations.all.bytes + this.generations.flux.bytes > MAX_TOTAL_BYTES) {
      generation.entries = new Map();
      generation.bytes = 0;
    }
    // A Content-Encoding already set tells @fastify/compress to leave the body alone.
    return reply.header('content-encoding', coding).send(encoded);
  }
}

function serialize(reply: FastifyReply, value: Answer): Entry {
  let type: string;
  let body: string;
  if ('text' in value) {
    type = TEXT_CONTENT_TYPE;
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
  return { type, etag, identity, encoded: {} };
}

function compress(coding: Coding, body: Buffer): Buffer {
  if (coding === 'gzip') return gzipSync(body, { level: 6 });
  // Quality 5: about gzip's speed, 10-40% smaller; 11 would take seconds on a big graph.
  return brotliCompressSync(body, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: 5,
      [constants.BROTLI_PARAM_SIZE_HINT]: body.length,
    },
  });
}

function inflate(entry: Entry): Buffer {
  if (entry.encoded.gzip) return gunzipSync(entry.encoded.gzip);
  if (entry.encoded.br) return brotliDecompressSync(entry.encoded.br);
  throw new Error('a cached view lost every form of its body');
}

/** br, then gzip, among the codings the client accepts with q > 0 (`*` accepts both); undefined for none. */
export function preferredCoding(header: string | undefined): Coding | undefined {
  if (!header) return undefined;
  const accepted = new Map<string, number>();
  for (const part of header.split(',')) {
    const [name = '', ...params] = part.trim().toLowerCase().split(';');
    const q = params.map(p => p.trim()).find(p => p.startsWith('q='));
    accepted.set(name.trim(), q === undefined ? 1 : Number(q.slice(2)) || 0);
  }
  const wildcard = accepted.get('*') ?? 0;
  for (const coding of ['br', 'gzip'] as const) {
    if ((accepted.get(coding) ?? wildcard) > 0) return coding;
  }
  return undefined;
}

function matchesEtag(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  // Weak comparison (RFC 9110 §8.8.3.2): W/ prefixes do not matter.
  const opaque = etag.replace(/^W\//, '');
  return header.split(',').some(tag => tag.trim().replace(/^W\//, '') === opaque);
}
