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
 *
 * Views that are expensive to make (the full tree of a big cluster: ~200 ms at 14k objects) and were asked for
 * recently are made again by warm() once the index has changed, off the request path, so the next dashboard
 * that asks for them does not pay for the change (the cluster-cache plugin calls it when a batch settles).
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
/** A view whose body took this long to make is made again by warm() after a change... */
const WARM_ABOVE_MS = 20;
/** ...while it was asked for within this long... */
const WARM_WHILE_ASKED_MS = 5 * 60_000;
/** ...the costliest few of them. */
const WARM_AT_MOST = 4;

type Produce = () => { json: unknown } | { text: string };
type Serializer = (value: Record<string, unknown>) => string;

/** How to make a costly view again without a request: its producer, its route's serializer, its coding. */
interface Recipe {
  produce: Produce;
  serializer: Serializer | undefined;
  coding: Coding | undefined;
  scope: ViewScope;
  costMs: number;
  askedAt: number;
}

export interface ViewCacheStats {
  hits: number;
  misses: number;
  notModified: number;
  /** Views made again after a change by warm(), before anyone asked. */
  warmed: number;
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
  private readonly counts = { hits: 0, misses: 0, notModified: 0, warmed: 0 };
  private readonly recipes = new Map<string, Recipe>();

  constructor(
    private readonly index: ClusterIndex,
    /** Views that took at least this long to make are warmed after a change (tests lower it). */
    private readonly warmAboveMs = WARM_ABOVE_MS,
  ) {}

  stats(): ViewCacheStats {
    const { all, flux } = this.generations;
    return { ...this.counts, entries: all.entries.size + flux.entries.size, bytes: all.bytes + flux.bytes };
  }

  /** The scope's entries for the index as it is now (a new, empty generation after a change). */
  private current(scope: ViewScope): Generation {
    const generation = this.generations[scope];
    const version = scope === 'flux' ? this.index.fluxVersion : this.index.version;
    if (generation.version !== version) {
      generation.version = version;
      generation.entries = new Map();
      generation.bytes = 0;
    }
    return generation;
  }

  /**
   * Makes the costly views asked for recently again for the current index (body and the coding the last
   * client took), so their next request is a replay. Returns how many it made. One at a time, yielding
   * between them, so requests that arrive meanwhile are not held up by the whole batch.
   */
  async warm(now = Date.now()): Promise<number> {
    const due = [...this.recipes]
      .filter(([key, recipe]) => {
        if (now - recipe.askedAt <= WARM_WHILE_ASKED_MS) return !this.current(recipe.scope).entries.has(key);
        this.recipes.delete(key);
        return false;
      })
      .sort(([, a], [, b]) => b.costMs - a.costMs)
      .slice(0, WARM_AT_MOST);
    let made = 0;
    for (const [key, recipe] of due) {
      await new Promise(resolve => setImmediate(resolve));
      const generation = this.current(recipe.scope);
      if (generation.entries.has(key)) continue;
      const version = generation.version;
      let entry: Entry;
      try {
        entry = serializeWith(recipe.serializer, recipe.produce());
      } catch {
        // The view no longer exists (its root was deleted): its route will answer 404 when asked.
        this.recipes.delete(key);
        continue;
      }
      // The index changed while this view was made: it is already stale, keep nothing.
      if (this.current(recipe.scope).version !== version) return made;
      if (recipe.coding && entry.identity && entry.identity.length > COMPRESS_ABOVE) {
        entry.encoded[recipe.coding] = compress(recipe.coding, entry.identity);
        generation.bytes += entry.encoded[recipe.coding]!.length;
      }
      generation.entries.set(key, entry);
      generation.bytes += entry.identity?.length ?? 0;
      this.counts.warmed++;
      made++;
    }
    return made;
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
    const generation = this.current(scope);
    const coding = preferredCoding(request.headers['accept-encoding']);
    let entry = generation.entries.get(key);
    if (entry) this.counts.hits++;
    else {
      this.counts.misses++;
      const started = performance.now();
      const serializer = routeSerializer(reply);
      entry = serializeWith(serializer, produce());
      const costMs = performance.now() - started;
      generation.entries.set(key, entry);
      generation.bytes += entry.identity?.length ?? 0;
      if (costMs >= this.warmAboveMs || this.recipes.has(key))
        this.recipes.set(key, { produce, serializer, coding, scope, costMs, askedAt: Date.now() });
    }
    const recipe = this.recipes.get(key);
    if (recipe) {
      recipe.askedAt = Date.now();
      recipe.coding = coding;
    }

    reply.header('etag', entry.etag).header('cache-control', 'no-cache').header('vary', 'accept-encoding');
    if (matchesEtag(request.headers['if-none-match'], entry.etag)) {
      this.counts.notModified++;
      return reply.code(304).send();
    }
    reply.type(entry.type);
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

/** The route's response serializer: its schema decides what is sent, exactly as reply.send(value) would. */
function routeSerializer(reply: FastifyReply): Serializer | undefined {
  return reply.getSerializationFunction('200', 'application/json') ?? reply.getSerializationFunction('200');
}

function serializeWith(serialize: Serializer | undefined, value: Answer): Entry {
  let type: string;
  let body: string;
  if ('text' in value) {
    type = TEXT_CONTENT_TYPE;
    body = value.text;
  } else {
    type = 'application/json; charset=utf-8';
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
