import { describe, expect, it } from 'vitest';
import { ClusterIndex } from '../index/cluster-index.js';
import { renderTraceText } from '../text/trace.js';
import {
  helmLabels,
  inventory,
  ksLabels,
  obj,
  ownerRef,
  parseFluxRef,
  ready,
} from './__fixtures__/builders.js';
import { golden } from './__fixtures__/golden.js';
import { buildSeedIndex } from './__fixtures__/seed.js';
import { NotFoundError } from './errors.js';
import { buildTrace } from './trace.js';
import type { TraceResult } from './types.js';

const r = parseFluxRef;
const chain = (t: TraceResult) =>
  t.chain.map(l => `${l.role}:${l.ref.kind}/${l.ref.name}${l.missing ? '!' : ''}${l.extra ? '+' : ''}`);
const ancestors = (t: TraceResult) => t.ancestors.map(l => `${l.role}:${l.ref.kind}/${l.ref.name}`);

describe('buildTrace (flux trace)', () => {
  const seed = buildSeedIndex();

  it('traces the seed Deployment kubecost-cost-analyzer to its HelmRepository and up to the root GitRepository', () => {
    const t = buildTrace(seed, r('Deployment/kubecost/kubecost-cost-analyzer'));
    expect(t.managed).toBe(true);
    expect(chain(t)).toEqual([
      'object:Deployment/kubecost-cost-analyzer',
      'reconciler:HelmRelease/kubecost',
      'chart:HelmChart/flux-system-kubecost',
      'source:HelmRepository/kubecost',
    ]);
    expect(t.chain[2]?.details).toContainEqual({ label: 'Chart', value: 'cost-analyzer' });
    expect(t.chain[3]?.details).toContainEqual({ label: 'URL', value: 'oci://public.ecr.aws/kubecost/' });
    expect(ancestors(t)).toEqual([
      'parent:Kustomization/infrastructure',
      'parent:Kustomization/flux-system',
      'source:GitRepository/flux-system',
    ]);
    expect(renderTraceText(t)).toBe(golden('trace-deployment-kubecost-cost-analyzer.txt'));
  });

  it('walks Pod -> ReplicaSet -> Deployment through ownerReferences; flux prints the same report', () => {
    const t = buildTrace(seed, r('Pod/kubecost/kubecost-cost-analyzer-6c9f8d7b5-x2x7q'));
    expect(chain(t).slice(0, 3)).toEqual([
      'object:Pod/kubecost-cost-analyzer-6c9f8d7b5-x2x7q',
      'owner:ReplicaSet/kubecost-cost-analyzer-6c9f8d7b5+',
      'owner:Deployment/kubecost-cost-analyzer+',
    ]);
    expect(renderTraceText(t)).toContain('Object:         Pod/kubecost-cost-analyzer-6c9f8d7b5-x2x7q\n');
  });

  it('checks the Kustomization first: a HelmRelease traces to the Kustomization that applied it (times in a zone)', () => {
    const t = buildTrace(seed, r('HelmRelease/flux-system/kubecost'));
    expect(chain(t)).toEqual([
      'object:HelmRelease/kubecost',
      'reconciler:Kustomization/infrastructure',
      'source:GitRepository/flux-system',
    ]);
    expect(ancestors(t)).toEqual(['parent:Kustomization/flux-system', 'source:GitRepository/flux-system']);
    expect(renderTraceText(t, { timeZone: 'Asia/Seoul' })).toBe(
      golden('trace-helmrelease-kubecost-seoul.txt'),
    );
  });

  it('reports unmanaged objects with flux’s error text', () => {
    const index = new ClusterIndex();
    index.upsert(obj(r('ConfigMap/default/lonely')));
    const t = buildTrace(index, r('ConfigMap/default/lonely'));
    expect(t).toMatchObject({ managed: false, ancestors: [] });
    expect(renderTraceText(t)).toBe(
      'failed to trace ConfigMap/lonely in namespace default: object not managed by Flux',
    );
  });

  it('throws NotFoundError for an absent object no inventory lists, traces an uncached one through its inventory', () => {
    expect(() => buildTrace(seed, r('ConfigMap/default/nope'))).toThrow(NotFoundError);
    const index = new ClusterIndex();
    index.upsert(
      obj(r('Kustomization/apps/web'), {
        spec: { path: './web', sourceRef: { kind: 'Bucket', name: 'b' } },
        status: { inventory: inventory([r('Secret/apps/token')]) },
      }),
    );
    const t = buildTrace(index, r('Secret/apps/token'));
    expect(chain(t)).toEqual(['object:Secret/token!', 'reconciler:Kustomization/web', 'source:Bucket/b!+']);
    // A Bucket gets no section in flux; the Kustomization has no Ready condition.
    expect(renderTraceText(t)).toBe(
      '\nObject:          Secret/token\nNamespace:       apps\nStatus:          Managed by Flux\n---\nKustomization:   web\nNamespace:       apps\nPath:            ./web\nRevision:        \nStatus:          Unknown\n',
    );
  });

  it('marks missing links and renders flux’s "failed to find" error', () => {
    const index = new ClusterIndex();
    index.upsert(obj(r('Deployment/apps/web'), { labels: helmLabels('apps', 'web') }));
    index.upsert(
      obj(r('HelmRelease/apps/web'), {
        spec: {
          chart: {
            spec: {
              chart: 'web',
              sourceRef: { kind: 'HelmRepository', name: 'repo', namespace: 'flux-system' },
            },
          },
        },
        status: { helmChart: 'flux-system/apps-web' },
      }),
    );
    const t = buildTrace(index, r('Deployment/apps/web'));
    expect(chain(t)).toEqual([
      'object:Deployment/web',
      'reconciler:HelmRelease/web',
      'chart:HelmChart/apps-web!',
      'source:HelmRepository/repo!',
    ]);
    expect(renderTraceText(t)).toBe(
      'failed to trace Deployment/web in namespace apps: failed to find HelmChart: helmcharts.source.toolkit.fluxcd.io "apps-web" not found',
    );
  });

  it('prints failed Git sources, OCI origin lines and chartRef OCI sources', () => {
    const index = new ClusterIndex();
    index.upsert(obj(r('ConfigMap/apps/cfg'), { labels: ksLabels('apps', 'oci') }));
    index.upsert(
      obj(r('Kustomization/apps/oci'), {
        spec: { path: './', targetNamespace: 'prod', sourceRef: { kind: 'OCIRepository', name: 'art' } },
        status: { conditions: [ready('boom', 'BuildFailed', 'False', '2026-01-02T03:04:05.250Z')] },
      }),
    );
    index.upsert(
      obj(r('OCIRepository/apps/art'), {
        spec: { url: 'oci://ghcr.io/x/y', ref: { digest: 'sha256:abc' } },
        status: {
          artifact: {
            revision: 'sha256:abc',
            metadata: { 'org.opencontainers.image.source': 'https://github.com/x/y' },
          },
          conditions: [ready('pull failed', 'OCIArtifactPullFailed', 'False')],
        },
      }),
    );
    const text = renderTraceText(buildTrace(index, r('ConfigMap/apps/cfg')));
    expect(text).toContain('Target:          prod\nPath:            ./\n');
    expect(text).toContain(
      'Status:          Last reconciled at 2026-01-02 03:04:05.25 +0000 UTC\nMessage:         boom\n',
    );
    expect(text).toContain(
      'Digest:          sha256:abc\nRevision:        sha256:abc\n\nOrigin Source:   https://github.com/x/y\nStatus:          Last reconciliation failed at 2026-11-27 15:13:51 +0000 UTC\n',
    );

    index.upsert(obj(r('Deployment/apps/d'), { labels: helmLabels('apps', 'h') }));
    index.upsert(
      obj(r('HelmRelease/apps/h'), {
        spec: { chartRef: { kind: 'OCIRepository', name: 'art' } },
        status: { lastAttemptedRevision: '1.2.3+abcdef123456' },
      }),
    );
    const helm = buildTrace(index, r('Deployment/apps/d'));
    expect(chain(helm)).toEqual([
      'object:Deployment/d',
      'reconciler:HelmRelease/h',
      'source:OCIRepository/art',
    ]);
    const helmText = renderTraceText(helm);
    expect(helmText).toContain(
      '---\nOCIRepository:   art\nNamespace:       apps\nURL:             oci://ghcr.io/x/y\nDigest:          sha256:abc\nRevision:        sha256:abc\nStatus:          Last reconciliation failed',
    );
    expect(helmText).not.toContain('Origin');
  });

  it('stops on ownerReference and parent cycles', () => {
    const index = new ClusterIndex();
    const a = obj(r('ReplicaSet/x/a'), { uid: 'ua' });
    const b = obj(r('ReplicaSet/x/b'), { uid: 'ub', owners: [ownerRef(a)] });
    a.metadata.ownerReferences = [ownerRef(b)];
    index.upsert(a);
    index.upsert(b);
    expect(buildTrace(index, r('ReplicaSet/x/a')).managed).toBe(false);
    index.upsert(obj(r('Kustomization/x/k1'), { labels: ksLabels('x', 'k2') }));
    index.upsert(obj(r('Kustomization/x/k2'), { labels: ksLabels('x', 'k1') }));
    index.upsert(obj(r('ConfigMap/x/c'), { labels: ksLabels('x', 'k1') }));
    expect(ancestors(buildTrace(index, r('ConfigMap/x/c')))).toEqual(['parent:Kustomization/k2']);
  });
});
