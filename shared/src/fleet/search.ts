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
import { refKey } from '../inventory/ids.js';
import type {
  FleetSearchField,
  FleetSearchHit,
  FleetSearchResponse,
  FluxObjectSummary,
} from '../wire/fleet.js';
import { summaryRef } from './summarize.js';

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
  cluster: string;
  summary: FluxObjectSummary;
  terms: Term[];
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

const entryKey = (cluster: string, s: FluxObjectSummary): string =>
  `${cluster}\u0000${refKey(summaryRef(s))}`;

function compareHits(a: FleetSearchHit, b: FleetSearchHit): number {
  return (
    (a.cluster < b.cluster ? -1 : a.cluster > b.cluster ? 1 : 0) ||
    (a.object.kind < b.object.kind ? -1 : a.object.kind > b.object.kind ? 1 : 0) ||
    (a.object.namespace < b.object.namespace ? -1 : a.object.namespace > b.object.namespace ? 1 : 0) ||
    (a.object.name < b.object.name ? -1 : a.object.name > b.object.name ? 1 : 0)
  );
}

export class FleetSearchIndex {
  private readonly entries = new Map<string, Entry>();
  /** Term key → the entries carrying it (with the term, for its field and value as shown). */
  private readonly postings = new Map<string, { term: Term; entries: Set<string> }[]>();

  /** Objects indexed. */
  get size(): number {
    return this.entries.size;
  }

  /** Distinct values indexed (what a query is compared with). */
  get values(): number {
    return this.postings.size;
  }

  /** Adds or replaces one object's summary. */
  upsert(cluster: string, summary: FluxObjectSummary): void {
    const key = entryKey(cluster, summary);
    const previous = this.entries.get(key);
    if (previous) this.unindex(key, previous);
    const entry: Entry = { cluster, summary, terms: termsOf(summary) };
    this.entries.set(key, entry);
    for (const term of entry.terms) {
      let list = this.postings.get(term.key);
      if (!list) this.postings.set(term.key, (list = []));
      // One key can come from different fields (a chart and an object both named "podinfo").
      let posting = list.find(p => p.term.field === term.field && sameExact(p.term, term));
      if (!posting) list.push((posting = { term, entries: new Set() }));
      posting.entries.add(key);
    }
  }

  /** Removes one object; a no-op when it is not indexed. */
  remove(cluster: string, ref: Pick<FluxObjectSummary, 'kind' | 'group' | 'namespace' | 'name'>): void {
    const key = entryKey(cluster, ref as FluxObjectSummary);
    const entry = this.entries.get(key);
    if (entry) this.unindex(key, entry);
    this.entries.delete(key);
  }

  /** Forgets a whole cluster (it left the fleet). O(its objects). */
  removeCluster(cluster: string): void {
    for (const [key, entry] of this.entries)
      if (entry.cluster === cluster) {
        this.unindex(key, entry);
        this.entries.delete(key);
      }
  }

  search(query: string, limit = FLEET_SEARCH_LIMIT): FleetSearchResponse {
    const q = query.trim().toLowerCase();
    const out: FleetSearchResponse = { query, hits: [], total: 0, clusters: [] };
    if (!q) return out;
    // Tiers: match rank x field rank, best first; each holds [term, entry keys] groups.
    const tiers: { term: Term; entries: Set<string> }[][] = Array.from({ length: 3 * FIELDS }, () => []);
    for (const [key, list] of this.postings) {
      if (key.length < q.length) continue;
      for (const posting of list) {
        const rank = matchRank(posting.term, q);
        if (rank !== undefined) tiers[rank * FIELDS + FIELD_RANK[posting.term.field]]!.push(posting);
      }
    }
    const seen = new Set<string>();
    const clusters = new Set<string>();
    for (const tier of tiers) {
      const fresh: FleetSearchHit[] = [];
      for (const { term, entries } of tier)
        for (const key of entries) {
          if (seen.has(key)) continue;
          seen.add(key);
          const entry = this.entries.get(key);
          if (!entry) continue;
          clusters.add(entry.cluster);
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
    out.total = seen.size;
    out.clusters = [...clusters].sort();
    return out;
  }

  private unindex(key: string, entry: Entry): void {
    for (const term of entry.terms) {
      const list = this.postings.get(term.key);
      if (!list) continue;
      const i = list.findIndex(p => p.term.field === term.field && sameExact(p.term, term));
      if (i < 0) continue;
      list[i]!.entries.delete(key);
      if (list[i]!.entries.size === 0) list.splice(i, 1);
      if (list.length === 0) this.postings.delete(term.key);
    }
  }
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
