import { describe, expect, it } from 'vitest';
import type { FleetSearchHit, FluxObjectSummary } from '../wire/fleet.js';
import { FleetSearchIndex, imageRepository } from './search.js';

/** A deterministic PRNG, so the generated fleet is the same on every run. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** A fleet where values repeat across clusters (charts, images, URLs), like the bench's, but small. */
function generate(clusters: number, objects: number, seed: number) {
  const rand = rng(seed);
  const pick = (n: number) => Math.floor(rand() * n);
  return Array.from({ length: clusters }, (_, c) => {
    const summaries: FluxObjectSummary[] = [
      {
        kind: 'GitRepository',
        namespace: 'flux-system',
        name: 'flux-system',
        state: 'ready',
        url: `https://github.com/acme/fleet-${pick(8)}.git`,
      },
    ];
    for (let i = 0; summaries.length < objects; i++) {
      const chart = `app-${pick(15)}`;
      summaries.push(
        {
          kind: 'HelmRelease',
          namespace: `team-${pick(3)}`,
          name: `release-${i}`,
          state: 'ready',
          chart,
          chartVersion: `1.${pick(3)}.0`,
          // Sometimes two images under the same registry: one object, two matching values.
          images: [
            `ghcr.io/acme/${chart}:v${pick(4)}`,
            ...(pick(3) === 0 ? [`ghcr.io/acme/sidecar:v${pick(2)}`] : []),
          ],
        },
        { kind: 'Kustomization', namespace: 'flux-system', name: `apps-${i}`, state: 'ready' },
      );
    }
    // Cluster names not in arrival order, so hit order is not insertion order.
    return { cluster: `c-${String((c * 7) % clusters).padStart(3, '0')}`, summaries };
  });
}

/** The documented ranking, object by object: each object once, at its best (match rank, field); sorted by tier, then cluster/kind/namespace/name. */
function reference(fleet: ReturnType<typeof generate>, query: string, limit: number) {
  const q = query.trim().toLowerCase();
  const fieldRank = { chart: 0, image: 1, url: 2, name: 3 } as const;
  const found: Array<{ tier: number; hit: FleetSearchHit; values: string[] }> = [];
  for (const { cluster, summaries } of fleet)
    for (const s of summaries) {
      const values: Array<[keyof typeof fieldRank, string, string[]]> = [];
      if (s.chart) values.push(['chart', `${s.chart}@${s.chartVersion}`, [s.chart]]);
      for (const image of s.images ?? []) values.push(['image', image, [imageRepository(image)]]);
      if (s.url) values.push(['url', s.url, [s.url.replace(/^https:\/\//, '').replace(/\.git$/, '')]]);
      values.push(['name', `${s.kind}/${s.namespace}/${s.name}`, [s.name]]);
      let best: { tier: number; values: string[]; field: keyof typeof fieldRank } | undefined;
      for (const [field, value, exact] of values) {
        const key = value.toLowerCase();
        const at = key.indexOf(q);
        if (at < 0) continue;
        const rank =
          key === q || exact.some(e => e.toLowerCase() === q)
            ? 0
            : at === 0 || '/.@:'.includes(key[at - 1]!)
              ? 1
              : 2;
        const tier = rank * 4 + fieldRank[field];
        if (!best || tier < best.tier) best = { tier, values: [value], field };
        else if (tier === best.tier) best.values.push(value);
      }
      if (best)
        found.push({
          tier: best.tier,
          values: best.values,
          hit: { cluster, object: s, field: best.field, value: best.values[0]!, exact: best.tier < 4 },
        });
    }
  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  found.sort(
    (a, b) =>
      a.tier - b.tier ||
      cmp(a.hit.cluster, b.hit.cluster) ||
      cmp(a.hit.object.kind, b.hit.object.kind) ||
      cmp(a.hit.object.namespace, b.hit.object.namespace) ||
      cmp(a.hit.object.name, b.hit.object.name),
  );
  return {
    total: found.length,
    clusters: [...new Set(found.map(f => f.hit.cluster))].sort(),
    page: found.slice(0, limit),
  };
}

/** What identifies a hit; the value must be one of the object's values at that rank (any of them, when two tie). */
const shape = (h: FleetSearchHit) => [
  h.cluster,
  h.object.kind,
  h.object.namespace,
  h.object.name,
  h.field,
  h.exact,
];

function expectLikeReference(
  index: FleetSearchIndex,
  fleet: ReturnType<typeof generate>,
  query: string,
  limit: number,
) {
  const got = index.search(query, limit);
  const want = reference(fleet, query, limit);
  expect(got.total).toBe(want.total);
  expect(got.clusters).toEqual(want.clusters);
  expect(got.hits.map(shape)).toEqual(want.page.map(f => shape(f.hit)));
  got.hits.forEach((h, i) => expect(want.page[i]!.values).toContain(h.value));
}

const QUERIES = [
  'ghcr.io/acme',
  'app-1',
  'app-3',
  'flux-system',
  'release-1',
  'github.com/acme/fleet-2',
  'v1',
  'sidecar',
];

describe('fleet search against a brute-force reference', () => {
  it('broad queries: totals, clusters and the first page equal the reference, at several limits', () => {
    const fleet = generate(60, 40, 16);
    const index = new FleetSearchIndex();
    for (const { cluster, summaries } of fleet) for (const s of summaries) index.upsert(cluster, s);
    expect(index.search('ghcr.io/acme', 100).total).toBeGreaterThan(1000);
    for (const q of QUERIES)
      for (const limit of [1, 7, 100, 5000]) expectLikeReference(index, fleet, q, limit);
  });

  it('still equal after deltas: upgrades, removals and a cluster leaving', () => {
    const fleet = generate(30, 30, 7);
    const index = new FleetSearchIndex();
    for (const { cluster, summaries } of fleet) for (const s of summaries) index.upsert(cluster, s);
    const rand = rng(3);
    for (let i = 0; i < 400; i++) {
      const c = fleet[Math.floor(rand() * fleet.length)]!;
      const at = 1 + Math.floor(rand() * (c.summaries.length - 1));
      const s = c.summaries[at]!;
      if (rand() < 0.3) {
        index.remove(c.cluster, s);
        c.summaries.splice(at, 1);
      } else if (s.chart) {
        const next = { ...s, chartVersion: `2.${i}.0`, images: [`ghcr.io/acme/${s.chart}:v${i % 5}`] };
        index.upsert(c.cluster, next);
        c.summaries[at] = next;
      }
    }
    const leaving = fleet.splice(4, 1)[0]!;
    index.removeCluster(leaving.cluster);
    for (const q of QUERIES) for (const limit of [3, 100]) expectLikeReference(index, fleet, q, limit);
  });
});
