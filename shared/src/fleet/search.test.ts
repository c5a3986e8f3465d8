import { describe, expect, it } from 'vitest';
import type { FluxObjectSummary } from '../wire/fleet.js';
import { FleetSearchIndex, fleetSearch, imageRepository } from './search.js';

const hr = (name: string, chart: string, version: string, images: string[] = []): FluxObjectSummary => ({
  kind: 'HelmRelease',
  namespace: 'flux-system',
  name,
  state: 'ready',
  chart,
  chartVersion: version,
  ...(images.length ? { images } : {}),
});
const git = (name: string, url: string): FluxObjectSummary => ({
  kind: 'GitRepository',
  namespace: 'flux-system',
  name,
  state: 'ready',
  url,
});

const fleet = () => [
  {
    cluster: 'prod-eu',
    summaries: [
      hr('podinfo', 'podinfo', '6.5.0', ['ghcr.io/stefanprodan/podinfo:6.5.0']),
      git('flux-system', 'https://github.com/acme/fleet.git'),
    ],
  },
  {
    cluster: 'staging-us',
    summaries: [
      hr('podinfo', 'podinfo', '6.7.1', ['ghcr.io/stefanprodan/podinfo:6.7.1']),
      hr('podinfo-extras', 'podinfo-extras', '1.0.0'),
      git('flux-system', 'https://github.com/acme/fleet-staging'),
    ],
  },
  { cluster: 'dev', summaries: [hr('kubecost', 'cost-analyzer', '2.1.0')] },
];

describe('fleet search', () => {
  it('a chart by name: its exact matches in every cluster first, then longer names that contain it', () => {
    const out = fleetSearch('podinfo', fleet());
    expect(out.clusters).toEqual(['prod-eu', 'staging-us']);
    const charts = out.hits.filter(h => h.field === 'chart');
    expect(charts.map(h => [h.cluster, h.value, h.exact])).toEqual([
      ['prod-eu', 'podinfo@6.5.0', true],
      ['staging-us', 'podinfo@6.7.1', true],
      ['staging-us', 'podinfo-extras@1.0.0', false],
    ]);
    expect(out.hits[0]!.exact).toBe(true);
    // Each object once, though its image and name match too.
    expect(out.total).toBe(3);
  });

  it('a chart at a version, an image by repository or with its tag, a URL with or without scheme and .git', () => {
    expect(fleetSearch('podinfo@6.7', fleet()).clusters).toEqual(['staging-us']);
    const image = fleetSearch('ghcr.io/stefanprodan/podinfo', fleet());
    expect(image.hits.filter(h => h.exact).map(h => h.cluster)).toEqual(['prod-eu', 'staging-us']);
    expect(fleetSearch('ghcr.io/stefanprodan/podinfo:6.5.0', fleet()).clusters).toEqual(['prod-eu']);
    const url = fleetSearch('github.com/acme/fleet', fleet());
    expect(url.hits[0]).toMatchObject({ cluster: 'prod-eu', field: 'url', exact: true });
    expect(url.clusters).toEqual(['prod-eu', 'staging-us']);
    expect(fleetSearch('HTTPS://GITHUB.COM/ACME/FLEET.GIT', fleet()).hits[0]!.exact).toBe(true);
  });

  it('nothing for a value nobody carries, an empty query, or a one-letter substring', () => {
    expect(fleetSearch('nginx', fleet()).hits).toEqual([]);
    expect(fleetSearch('  ', fleet()).total).toBe(0);
    expect(fleetSearch('p', fleet()).total).toBe(0);
  });

  it('limit cuts the hits, total still counts them all', () => {
    const out = fleetSearch('flux-system', fleet(), 2);
    expect(out.hits).toHaveLength(2);
    expect(out.total).toBe(6);
  });

  it('keeps up with deltas: an upgrade replaces the old version, a removal forgets it, a cluster can leave', () => {
    const index = new FleetSearchIndex();
    for (const { cluster, summaries } of fleet()) for (const s of summaries) index.upsert(cluster, s);
    const values = index.values;
    index.upsert('prod-eu', hr('podinfo', 'podinfo', '6.7.1', ['ghcr.io/stefanprodan/podinfo:6.7.1']));
    expect(index.search('podinfo@6.5.0').total).toBe(0);
    expect(index.search('podinfo@6.7.1').clusters).toEqual(['prod-eu', 'staging-us']);
    expect(index.values).toBeLessThan(values);
    index.remove('staging-us', { kind: 'HelmRelease', namespace: 'flux-system', name: 'podinfo' });
    expect(index.search('podinfo@6.7.1').clusters).toEqual(['prod-eu']);
    index.removeCluster('prod-eu');
    expect(index.search('podinfo').clusters).toEqual(['staging-us']);
    expect(index.size).toBe(3);
    index.removeCluster('staging-us');
    index.removeCluster('dev');
    expect(index.size).toBe(0);
    expect(index.values).toBe(0);
  });

  it('imageRepository drops the tag and digest, not a registry port', () => {
    expect(imageRepository('registry:5000/app:1.0@sha256:abc')).toBe('registry:5000/app');
    expect(imageRepository('registry:5000/app')).toBe('registry:5000/app');
    expect(imageRepository('nginx')).toBe('nginx');
  });
});
