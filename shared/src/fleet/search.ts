/**
 * Fleet search: "where does chart X / image Y / GitRepository URL Z run". An inverted index from each
 * reference value (source URL, chart@version, image, Kind/namespace/name) to the objects that carry it,
 * kept incrementally (upsert or remove one summary), so a hub maintains it from key-value deltas and a
 * process watching contexts from its caches' changes, without rebuilding.
 *
 * A query is matched against the distinct values, not the objects: fleets repeat the same charts, images and
 * repositories across clusters, so there are far fewer values than objects. Exact matches rank first (the
 * whole URL, a chart's name, an image without its tag), then matches at the start of a value or of one of its
 * path segments, then any substring; within a rank charts, images, URLs, then names.
 */
import type {
  FleetSearchField,
  FleetSearchHit,
  FleetSearchResponse,
  FluxObjectSummary,
} from '../wire/fleet.js';

interface Term {
  field: FleetSearchField;
  /** As shown. */
  value: string;
  /** Lower-cased, what queries are compared with. */
  key: string;
  /** Other lower-cased spellings that count as the whole value (chart name without version, image without tag). */
  exact: string[];
}

interface Entry {
  id: number;
  cluster: string;
  clusterId: number;
  summary: FluxObjectSummary;
  terms: Term[];
}

interface Posting {
  term: Term;
  /** Entry ids. */
  entries: Set<number>;
}

const FIELD_RANK: Record<FleetSearchField, number> = { chart: 0, image: 1, url: 2, name: 3 };
const FIELDS = 4;
/** Queries shorter than this only match whole values: one letter is in nearly every value. */
const SUBSTRING_MIN = 2;
export const FLEET_SEARCH_LIMIT = 100;

/** `repo/name:tag@sha256:…` → `repo/name` (the tag's colon is after the last slash; a registry port's is not). */
export function imageRepository(image: string): string {
  const noDigest = image.split('@')[0] ?? image;
  const slash = noDigest.lastIndexOf('/');
  const colon = noDigest.lastIndexOf(':');
  return colon > slash ? noDigest.slice(0, colon) : noDigest;
}

/** A URL compared without scheme, trailing slash or `.git`. */
function bareUrl(url: string): string {
  return url
    .replace(/^[a-z0-9+.-]+:\/\//, '')
    .replace(/\/+$/, '')
    .replace(/\.git$/, '');
}

function termsOf(s: FluxObjectSummary): Term[] {
  const out: Term[] = [];
  const add = (field: FleetSearchField, value: string, exact: string[] = []) => {
    const key = value.toLowerCase();
    out.push({ field, value, key, exact: exact.map(e => e.toLowerCase()).filter(e => e !== key) });
  };
  if (s.chart) add('chart', s.chartVersion ? `${s.chart}@${s.chartVersion}` : s.chart, [s.chart]);
  for (const image of s.images ?? []) add('image', image, [imageRepository(image)]);
  if (s.url) add('url', s.url, [bareUrl(s.url.toLowerCase())]);
  add('name', `${s.kind}/${s.namespace ? `${s.namespace}/` : ''}${s.name}`, [s.name]);
  return out;
}

/** 0: the whole value (or an accepted spelling of it); 1: at the start of the value or of a segment; 2: inside. */
function matchRank(term: Term, q: string): number | undefined {
  if (term.key === q || term.exact.includes(q)) return 0;
  if (q.length < SUBSTRING_MIN) return undefined;
  const at = term.key.indexOf(q);
  if (at < 0) return undefined;
  if (at === 0) return 1;
  const before = term.key[at - 1];
  return before === '/' || before === '.' || before === '@' || before === ':' ? 1 : 2;
}

/** An object's key in the index: its cluster and ref (the group only when the summary names one). */
const entryKey = (
  cluster: string,
  s: Pick<FluxObjectSummary, 'kind' | 'group' | 'namespace' | 'name'>,
): string => `${cluster}\u0000${s.group ?? ''}\u0000${s.kind}\u0000${s.namespace}\u0000${s.name}`;

function compareHits(a: FleetSearchHit, b: FleetSearchHit): number {
  return (
    (a.cluster < b.cluster ? -1 : a.cluster > b.cluster ? 1 : 0) ||
    (a.object.kind < b.object.kind ? -1 : a.object.kind > b.object.kind ? 1 : 0) ||
    (a.object.namespace < b.object.namespace ? -1 : a.object.namespace > b.object.namespace ? 1 : 0) ||
    (a.object.name < b.object.name ? -1 : a.object.name > b.object.name ? 1 : 0)
  );
}

/**
 * Entries and clusters are numbered, so a query's bookkeeping (each object once, the clusters it found) is
 * array stamps rather than string sets: a query matching 100,000 objects costs a pass over their numbers.
 */
export class FleetSearchIndex {
  private readonly byKey = new Map<string, Entry>();
  private readonly byId: Array<Entry | undefined> = [];
  private readonly freeIds: number[] = [];
  private readonly clusterIds = new Map<string, number>();
  /** Term key → the entries carrying it, per field and spelling. */
  private readonly postings = new Map<string, Posting[]>();
  private seenStamp: Uint32Array = new Uint32Array(1024);
  private clusterStamp: Uint32Array = new Uint32Array(64);
  private generation = 0;
  /**
   * Every distinct value, joined by newlines (which values never hold), with where each starts: one native
   * indexOf pass over it finds the values containing a query. Made again only when a value appears or goes,
   * not when objects come and go with values already known.
   */
  private keysText: { text: string; starts: number[]; keys: string[] } | undefined;

  /** Objects indexed. */
  get size(): number {
    return this.byKey.size;
  }

  /** Distinct values indexed (what a query is compared with). */
  get values(): number {
    return this.postings.size;
  }

  /** Adds or replaces one object's summary. */
  upsert(cluster: string, summary: FluxObjectSummary): void {
    const key = entryKey(cluster, summary);
    const previous = this.byKey.get(key);
    if (previous) this.unindex(previous);
    let clusterId = this.clusterIds.get(cluster);
    if (clusterId === undefined) this.clusterIds.set(cluster, (clusterId = this.clusterIds.size));
    const id = previous?.id ?? this.freeIds.pop() ?? this.byId.length;
    const entry: Entry = { id, cluster, clusterId, summary, terms: termsOf(summary) };
    this.byKey.set(key, entry);
    this.byId[id] = entry;
    entry.terms.forEach((term, i) => {
      let list = this.postings.get(term.key);
      if (!list) {
        this.postings.set(term.key, (list = []));
        this.keysText = undefined;
      }
      // One key can come from different fields (a chart and an object both named "podinfo").
      let posting = list.find(p => p.term.field === term.field && sameExact(p.term, term));
      if (!posting) list.push((posting = { term, entries: new Set() }));
      posting.entries.add(id);
      // Objects carrying the same value share one Term: a fleet repeats its charts and images.
      entry.terms[i] = posting.term;
    });
  }

  /** Removes one object; a no-op when it is not indexed. */
  remove(cluster: string, ref: Pick<FluxObjectSummary, 'kind' | 'group' | 'namespace' | 'name'>): void {
    const key = entryKey(cluster, ref);
    const entry = this.byKey.get(key);
    if (!entry) return;
    this.unindex(entry);
    this.forget(key, entry);
  }

  /** Forgets a whole cluster (it left the fleet). O(objects indexed). */
  removeCluster(cluster: string): void {
    for (const [key, entry] of this.byKey)
      if (entry.cluster === cluster) {
        this.unindex(entry);
        this.forget(key, entry);
      }
  }

  /** `visible`: only objects it accepts count (a user's rights with --impersonate), totals included. */
  search(
    query: string,
    limit = FLEET_SEARCH_LIMIT,
    visible?: (cluster: string, object: FluxObjectSummary) => boolean,
  ): FleetSearchResponse {
    const q = query.trim().toLowerCase();
    const out: FleetSearchResponse = { query, hits: [], total: 0, clusters: [] };
    if (!q) return out;
    // Tiers: match rank x field rank, best first.
    const tiers: Posting[][] = Array.from({ length: 3 * FIELDS }, () => []);
    for (const list of this.candidates(q))
      for (const posting of list) {
        const rank = matchRank(posting.term, q);
        if (rank !== undefined) tiers[rank * FIELDS + FIELD_RANK[posting.term.field]]!.push(posting);
      }
    const gen = this.nextGeneration();
    const seen = this.seenStamp;
    const clusterSeen = this.clusterStamp;
    const clusters: string[] = [];
    let total = 0;
    for (const tier of tiers) {
      const fresh: FleetSearchHit[] = [];
      for (const { term, entries } of tier)
        for (const id of entries) {
          if (seen[id] === gen) continue;
          seen[id] = gen;
          const entry = this.byId[id]!;
          if (visible && !visible(entry.cluster, entry.summary)) continue;
          total++;
          if (clusterSeen[entry.clusterId] !== gen) {
            clusterSeen[entry.clusterId] = gen;
            clusters.push(entry.cluster);
          }
          // Hits past the limit are counted, not built.
          if (out.hits.length + fresh.length < limit)
            fresh.push({
              cluster: entry.cluster,
              object: entry.summary,
              field: term.field,
              value: term.value,
              exact: matchRank(term, q) === 0,
            });
        }
      fresh.sort(compareHits);
      out.hits.push(...fresh);
    }
    out.total = total;
    out.clusters = clusters.sort();
    return out;
  }

  /** The postings whose value contains `q` (every accepted spelling is part of its value, so this is all). */
  private candidates(q: string): Posting[][] {
    if (!this.keysText) {
      const keys = [...this.postings.keys()];
      const starts: number[] = [];
      let at = 0;
      for (const key of keys) {
        starts.push(at);
        at += key.length + 1;
      }
      this.keysText = { text: keys.join('\n'), starts, keys };
    }
    const { text, starts, keys } = this.keysText;
    const out: Posting[][] = [];
    // Occurrences come in order, so the value holding each is found by walking the starts forward once.
    let i = -1;
    for (let at = text.indexOf(q); at >= 0; at = text.indexOf(q, at + 1)) {
      const before = i;
      while (i + 1 < starts.length && starts[i + 1]! <= at) i++;
      if (i === before) continue;
      const list = this.postings.get(keys[i]!);
      if (list) out.push(list);
      // The rest of this value cannot give another: go on from the next one.
      at = (starts[i + 1] ?? text.length) - 1;
    }
    return out;
  }

  /** A new stamp for this query; the stamp arrays grow with the index and are cleared when stamps wrap. */
  private nextGeneration(): number {
    if (this.seenStamp.length < this.byId.length) this.seenStamp = grow(this.seenStamp, this.byId.length);
    if (this.clusterStamp.length < this.clusterIds.size)
      this.clusterStamp = grow(this.clusterStamp, this.clusterIds.size);
    if (++this.generation === 0xffffffff) {
      this.seenStamp.fill(0);
      this.clusterStamp.fill(0);
      this.generation = 1;
    }
    return this.generation;
  }

  private forget(key: string, entry: Entry): void {
    this.byKey.delete(key);
    this.byId[entry.id] = undefined;
    this.freeIds.push(entry.id);
  }

  private unindex(entry: Entry): void {
    for (const term of entry.terms) {
      const list = this.postings.get(term.key);
      if (!list) continue;
      const i = list.findIndex(p => p.term.field === term.field && sameExact(p.term, term));
      if (i < 0) continue;
      list[i]!.entries.delete(entry.id);
      if (list[i]!.entries.size === 0) list.splice(i, 1);
      if (list.length === 0) {
        this.postings.delete(term.key);
        this.keysText = undefined;
      }
    }
  }
}

function grow(stamps: Uint32Array, atLeast: number): Uint32Array {
  const next = new Uint32Array(Math.max(atLeast, stamps.length * 2));
  next.set(stamps);
  return next;
}

function sameExact(a: Term, b: Term): boolean {
  return a.exact.length === b.exact.length && a.exact.every((e, i) => e === b.exact[i]);
}

/** One-off search over summaries grouped by cluster (builds the index; a server keeps one instead). */
export function fleetSearch(
  query: string,
  clusters: Iterable<{ cluster: string; summaries: Iterable<FluxObjectSummary> }>,
  limit = FLEET_SEARCH_LIMIT,
): FleetSearchResponse {
  const index = new FleetSearchIndex();
  for (const { cluster, summaries } of clusters) for (const s of summaries) index.upsert(cluster, s);
  return index.search(query, limit);
}
