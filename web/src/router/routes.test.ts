import { describe, expect, it } from 'vitest';
import { hrefs, parseRoute } from './routes';

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
});
