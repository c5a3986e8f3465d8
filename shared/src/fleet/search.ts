/**
 * Fleet search: "where does chart X / image Y / GitRepository URL Z run". An inverted index from each
 * reference value (source URL, chart@version, image, Kind/namespace/name) to the objects that carry it,
 * kept incrementally (upsert or remove one summary), so a hub maintains it from key-value deltas and a
 * process watching contexts from its caches' changes, without rebuilding.
 *
 * A query is matched against the distinct values, not the objects: fleets repeat the same charts, images and
 * repositories across clusters, so there are far fewer values than objects. Exact matches rank first (the
 * whole URL, a chart's name, an image without its tag), then matches at the start of a value or of one of its
 * path segments, then any substring; within a rank charts, images, URLs, then names; within those by cluster,
 * kind, namespace and name. An object counts once, at its best; the answer's page is the first `limit` hits in
 * that order, whatever order objects were indexed in.
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
  /** Where this entry's id sits in each term's posting (aligned with `terms`), so removal is O(1). */
  slots: number[];
}

interface Posting {
  term: Term;
  /** Entry ids, unordered: an array, not a set, because a broad query walks tens of thousands of postings. */
  ids: number[];
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

/**
 * 0: the whole value (or an accepted spelling of it); 1: at the start of the value or of a segment; 2: inside.
 * `at` is where `q` first occurs in the term's key (the caller found it); `whole`: whether `q` is any value or
 * accepted spelling at all (most broad queries are not, and then no term needs comparing whole).
 */
function matchRank(term: Term, q: string, at: number, whole: boolean): number | undefined {
  if (whole && (term.key === q || term.exact.includes(q))) return 0;
  if (q.length < SUBSTRING_MIN) return undefined;
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
  /** Every value and accepted spelling, with how many postings carry it. */
  private readonly spellings = new Map<string, number>();
  private seenStamp: Uint32Array = new Uint32Array(1024);
  private clusterStamp: Uint32Array = new Uint32Array(64);
  /** Per entry number: its cluster's number. */
  private clusterOf: Int32Array = new Int32Array(1024);
  /** While a query pages: the tier's newly found entries and the index (in the tier) of the posting found them. */
  private foundIds: Int32Array = new Int32Array(1024);
  private foundPosting: Int32Array = new Int32Array(1024);
  /** Per cluster number: a tier's objects in that cluster, while a query pages. */
  private tierCount: Uint32Array = new Uint32Array(64);
  private readonly clusterNames: string[] = [];
  private order: { rank: Int32Array; byRank: number[] } | undefined;
  private generation = 0;
  /**
   * Every distinct value, joined by newlines (which values never hold), with where each starts: one native
   * indexOf pass over it finds the values containing a query. Made again only when a value appears or goes,
   * not when objects come and go with values already known.
   */
  private keysText: { text: string; starts: number[]; lists: Posting[][] } | undefined;

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
    if (clusterId === undefined) {
      this.clusterIds.set(cluster, (clusterId = this.clusterIds.size));
      this.clusterNames.push(cluster);
    }
    const id = previous?.id ?? this.freeIds.pop() ?? this.byId.length;
    if (this.clusterOf.length <= id) {
      this.clusterOf = growInt(this.clusterOf, id + 1);
      this.foundIds = growInt(this.foundIds, id + 1);
      this.foundPosting = growInt(this.foundPosting, id + 1);
    }
    this.clusterOf[id] = clusterId;
    const entry: Entry = { id, cluster, clusterId, summary, terms: termsOf(summary), slots: [] };
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
      if (!posting) {
        list.push((posting = { term, ids: [] }));
        for (const spelling of [term.key, ...term.exact])
          this.spellings.set(spelling, (this.spellings.get(spelling) ?? 0) + 1);
      }
      entry.slots[i] = posting.ids.push(id) - 1;
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
    const { lists, offsets } = this.candidates(q);
    const whole = this.spellings.has(q);
    for (let v = 0; v < lists.length; v++)
      for (const posting of lists[v]!) {
        const rank = matchRank(posting.term, q, offsets[v]!, whole);
        if (rank !== undefined) tiers[rank * FIELDS + FIELD_RANK[posting.term.field]]!.push(posting);
      }
    const gen = this.nextGeneration();
    const { seenStamp: seen, clusterStamp: clusterSeen, clusterOf, tierCount } = this;
    const clusters: string[] = [];
    let total = 0;
    // Each object counts once, in the best tier that finds it. Counting touches only typed arrays indexed by
    // entry number (not the entries themselves): a broad query's 100,000 matches are a pass over numbers.
    for (let t = 0; t < tiers.length; t++) {
      const tier = tiers[t]!;
      if (tier.length === 0) continue;
      const paging = out.hits.length < limit;
      if (paging) tierCount.fill(0, 0, this.clusterIds.size);
      // While paging, the tier's new objects are noted (with the posting that found them first) for page().
      let found = 0;
      for (let p = 0; p < tier.length; p++) {
        const ids = tier[p]!.ids;
        for (let k = 0; k < ids.length; k++) {
          const id = ids[k]!;
          if (seen[id] === gen) continue;
          seen[id] = gen;
          // A user's rights (--impersonate): an object they may not list is not counted, nor paged.
          if (visible) {
            const entry = this.byId[id]!;
            if (!visible(entry.cluster, entry.summary)) continue;
          }
          total++;
          const c = clusterOf[id]!;
          if (paging) {
            tierCount[c]!++;
            this.foundIds[found] = id;
            this.foundPosting[found++] = p;
          }
          if (clusterSeen[c] !== gen) {
            clusterSeen[c] = gen;
            clusters.push(this.clusterNames[c]!);
          }
        }
      }
      if (found > 0) out.hits.push(...this.page(tier, t, found, limit - out.hits.length));
    }
    out.total = total;
    out.clusters = clusters.sort();
    return out;
  }

  /**
   * The first `need` hits of tier `t` in hit order (cluster, kind, namespace, name). Hits are ordered by
   * cluster first, so the tier's per-cluster counts say which clusters hold them: only objects of those
   * clusters become hits, however many the tier found.
   */
  private page(tier: Posting[], t: number, found: number, need: number): FleetSearchHit[] {
    const { clusterOf, tierCount, foundIds, foundPosting } = this;
    const { rank, byRank } = this.clusterOrder();
    let cutoff = byRank.length;
    for (let r = 0, sum = 0; r < byRank.length; r++) {
      sum += tierCount[byRank[r]!]!;
      if (sum >= need) {
        cutoff = r;
        break;
      }
    }
    const hits: FleetSearchHit[] = [];
    for (let k = 0; k < found; k++) {
      const id = foundIds[k]!;
      if (rank[clusterOf[id]!]! > cutoff) continue;
      const entry = this.byId[id]!;
      const { term } = tier[foundPosting[k]!]!;
      hits.push({
        cluster: entry.cluster,
        object: entry.summary,
        field: term.field,
        value: term.value,
        exact: t < FIELDS,
      });
    }
    return hits.sort(compareHits).slice(0, need);
  }

  /** Each cluster's place in name order; sorted again only when a cluster joins. */
  private clusterOrder(): { rank: Int32Array; byRank: number[] } {
    if (!this.order || this.order.byRank.length !== this.clusterNames.length) {
      const byRank = this.clusterNames.map((_, i) => i);
      byRank.sort((a, b) => {
        const x = this.clusterNames[a]!;
        const y = this.clusterNames[b]!;
        return x < y ? -1 : x > y ? 1 : 0;
      });
      const rank = new Int32Array(byRank.length);
      byRank.forEach((c, r) => (rank[c] = r));
      this.order = { rank, byRank };
    }
    return this.order;
  }

  /**
   * The postings of each value containing `q` (every accepted spelling is part of its value, so this is all),
   * with where `q` first occurs in it.
   */
  private candidates(q: string): { lists: Posting[][]; offsets: number[] } {
    const lists: Posting[][] = [];
    const offsets: number[] = [];
    // Values never hold a newline; a query holding one matches nothing (it would span two values).
    if (q.includes('\n')) return { lists, offsets };
    if (!this.keysText) {
      const starts: number[] = [];
      const all: Posting[][] = [];
      let at = 0;
      for (const [key, list] of this.postings) {
        starts.push(at);
        all.push(list);
        at += key.length + 1;
      }
      this.keysText = { text: [...this.postings.keys()].join('\n'), starts, lists: all };
    }
    const { text, starts, lists: all } = this.keysText;
    // Occurrences come in order, so the value holding each is found by walking the starts forward once.
    let i = -1;
    for (let at = text.indexOf(q); at >= 0; at = text.indexOf(q, at + 1)) {
      while (i + 1 < starts.length && starts[i + 1]! <= at) i++;
      lists.push(all[i]!);
      offsets.push(at - starts[i]!);
      // The rest of this value cannot give another: go on from the next one.
      at = (starts[i + 1] ?? text.length) - 1;
    }
    return { lists, offsets };
  }

  /** A new stamp for this query; the stamp arrays grow with the index and are cleared when stamps wrap. */
  private nextGeneration(): number {
    if (this.seenStamp.length < this.byId.length) this.seenStamp = grow(this.seenStamp, this.byId.length);
    if (this.clusterStamp.length < this.clusterIds.size) {
      this.clusterStamp = grow(this.clusterStamp, this.clusterIds.size);
      this.tierCount = new Uint32Array(this.clusterStamp.length);
    }
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
    for (let t = 0; t < entry.terms.length; t++) {
      const term = entry.terms[t]!;
      const list = this.postings.get(term.key);
      if (!list) continue;
      const i = list.findIndex(p => p.term === term);
      if (i < 0) continue;
      const { ids } = list[i]!;
      // Swap-remove: the last id takes this slot, and its entry learns where it now sits.
      const slot = entry.slots[t]!;
      const last = ids.pop()!;
      if (slot < ids.length) {
        ids[slot] = last;
        const moved = this.byId[last]!;
        for (let j = 0; j < moved.terms.length; j++)
          if (moved.terms[j] === term && moved.slots[j] === ids.length) {
            moved.slots[j] = slot;
            break;
          }
      }
      if (ids.length === 0) {
        list.splice(i, 1);
        for (const spelling of [term.key, ...term.exact]) {
          const n = (this.spellings.get(spelling) ?? 1) - 1;
          if (n > 0) this.spellings.set(spelling, n);
          else this.spellings.delete(spelling);
        }
      }
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

function growInt(values: Int32Array, atLeast: number): Int32Array {
  const next = new Int32Array(Math.max(atLeast, values.length * 2));
  next.set(values);
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
