import { describe, expect, it } from 'vitest';
import { hrefs, inCluster, parseRoute, splitCluster, switchClusterHref } from './routes';

describe('routes', () => {
  it('round-trips object refs, including core group, cluster scope and odd names', () => {
    const refs = [
      {
        group: 'kustomize.toolkit.fluxcd.io',
        kind: 'Kustomization',
        namespace: 'flux-system',
        name: 'infrastructure',
      },
      { group: '', kind: 'Namespace', namespace: '', name: 'argo-events' },
      {
        group: 'rbac.authorization.k8s.io',
        kind: 'ClusterRole',
        namespace: '',
        name: 'system:aggregate/x y',
      },
      {
        group: 'apiextensions.k8s.io',
        kind: 'CustomResourceDefinition',
        namespace: '',
        name: 'eventbus.argoproj.io',
      },
    ];
    for (const ref of refs) {
      expect(parseRoute(hrefs.object(ref))).toEqual({ name: 'object', ref });
      expect(parseRoute(hrefs.trace(ref))).toEqual({ name: 'trace', ref });
    }
  });

  it('never ends an object path in something that looks like a file extension', () => {
    const href = hrefs.object({
      group: 'apiextensions.k8s.io',
      kind: 'CustomResourceDefinition',
      namespace: '',
      name: 'a.b.io',
    });
    expect(href).toBe('/object/apiextensions.k8s.io/CustomResourceDefinition/_/a%2Eb%2Eio');
  });

  it('parses the top-level views and rejects the rest', () => {
    expect(parseRoute('/')).toEqual({ name: 'map' });
    expect(parseRoute('/objects')).toEqual({ name: 'objects' });
    expect(parseRoute('/events/')).toEqual({ name: 'events' });
    expect(parseRoute('/timeline')).toEqual({ name: 'timeline' });
    expect(parseRoute('/flux')).toEqual({ name: 'flux' });
    expect(parseRoute('/reconciles')).toEqual({ name: 'reconciles' });
    expect(parseRoute('/object/a/b')).toEqual({ name: 'not-found', path: '/object/a/b' });
  });

  it('adds only the query params that are set', () => {
    expect(hrefs.map({ ns: 'flux-system', kind: undefined })).toBe('/?ns=flux-system');
    expect(hrefs.events()).toBe('/events');
  });

  it('a cluster segment: /c/{cluster}/... parses like the path without it; the fleet page', () => {
    const ref = {
      group: 'helm.toolkit.fluxcd.io',
      kind: 'HelmRelease',
      namespace: 'flux-system',
      name: 'kubecost',
    };
    expect(parseRoute('/fleet')).toEqual({ name: 'fleet' });
    expect(parseRoute('/c/prod-eu-west-1/')).toEqual({ name: 'map' });
    expect(parseRoute('/c/prod-eu-west-1')).toEqual({ name: 'map' });
    expect(parseRoute(`/c/prod${hrefs.object(ref)}`)).toEqual({ name: 'object', ref });
    expect(splitCluster('/c/arn%3Aaws%3Aeks%3Aus-west-2%3A1%3Acluster%2Fprod/events')).toEqual({
      cluster: 'arn:aws:eks:us-west-2:1:cluster/prod',
      path: '/events',
    });
    expect(splitCluster('/objects')).toEqual({ path: '/objects' });
    expect(splitCluster('/c/')).toEqual({ path: '/c/' });
  });

  it('app paths stay in the cluster of the URL; the fleet page and other clusters do not', () => {
    expect(inCluster('prod', '/objects?kind=HelmRelease')).toBe('/c/prod/objects?kind=HelmRelease');
    expect(inCluster('a/b', '/')).toBe('/c/a%2Fb/');
    expect(inCluster(undefined, '/objects')).toBe('/objects');
    expect(inCluster('prod', '/fleet')).toBe('/fleet');
    expect(inCluster('prod', '/c/stage/events')).toBe('/c/stage/events');
    expect(switchClusterHref('stage', '/c/prod/events', '?type=Warning')).toBe(
      '/c/stage/events?type=Warning',
    );
    expect(switchClusterHref('stage', '/objects')).toBe('/c/stage/objects');
    expect(switchClusterHref('stage', '/fleet')).toBe('/c/stage/');
  });
});
