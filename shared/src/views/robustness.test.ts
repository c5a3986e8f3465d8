/** Property: no view throws on odd objects (no status, odd conditions, malformed inventories, cycles, dangling refs). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ClusterIndex, refOf } from '../index/cluster-index.js';
import type { ClusterObject } from '../kube/types.js';
import { fluxStatus } from '../status/flux-status.js';
import { healthOf } from '../status/health.js';
import { renderTraceText } from '../text/trace.js';
import { renderTreeText } from '../text/tree.js';
import { listEvents } from './events.js';
import { buildGraph } from './graph.js';
import { getAll } from './get-all.js';
import { rootCause } from './root-cause.js';
import { computeStats } from './stats.js';
import { buildTimeline } from './timeline.js';
import { buildTrace } from './trace.js';
import { buildTree } from './tree.js';

const names = fc.constantFrom('a', 'b', 'c', 'flux-system');
const kinds = fc.constantFrom(
  ['kustomize.toolkit.fluxcd.io/v1', 'Kustomization'],
  ['helm.toolkit.fluxcd.io/v2', 'HelmRelease'],
  ['source.toolkit.fluxcd.io/v1', 'GitRepository'],
  ['source.toolkit.fluxcd.io/v1', 'HelmChart'],
  ['source.toolkit.fluxcd.io/v1', 'HelmRepository'],
  ['infra.contrib.fluxcd.io/v1alpha2', 'Terraform'],
  ['apps/v1', 'Deployment'],
  ['apps/v1', 'ReplicaSet'],
  ['v1', 'Pod'],
  ['v1', 'ConfigMap'],
);
const odd = fc.oneof(
  fc.constant(undefined),
  fc.constant(null),
  fc.string(),
  fc.integer(),
  fc.constant([]),
  fc.constant({}),
);
const condition = fc.record({
  type: fc.constantFrom('Ready', 'Stalled', 'Reconciling', 'Weird'),
  status: fc.constantFrom('True', 'False', 'Unknown', 'Maybe', ''),
  reason: fc.option(fc.constantFrom('DependencyNotReady', 'SourceNotReady', 'InstallFailed', ''), {
    nil: undefined,
  }),
  lastTransitionTime: fc.option(fc.constantFrom('2026-01-01T00:00:00Z', 'not a time'), { nil: undefined }),
});
const inventoryId = fc.oneof(
  fc
    .tuple(
      names,
      names,
      fc.constantFrom('kustomize.toolkit.fluxcd.io', 'helm.toolkit.fluxcd.io', 'apps', ''),
      fc.constantFrom('Kustomization', 'HelmRelease', 'Deployment', 'ConfigMap'),
    )
    .map(([ns, n, g, k]) => `${ns}_${n}_${g}_${k}`),
  fc.string({ maxLength: 12 }),
);
const ref = fc.record({
  kind: fc.constantFrom(
    'GitRepository',
    'HelmRepository',
    'OCIRepository',
    'Bucket',
    'HelmChart',
    'ExternalArtifact',
    '',
  ),
  name: names,
  namespace: fc.option(names, { nil: undefined }),
});
const object = fc
  .record({
    kind: kinds,
    name: names,
    namespace: names,
    uid: fc.option(fc.constantFrom('u1', 'u2', 'u3'), { nil: undefined }),
    owner: fc.option(
      fc.record({
        uid: fc.constantFrom('u1', 'u2', 'u3', 'zz'),
        name: names,
        kind: fc.constantFrom('ReplicaSet', 'Deployment'),
      }),
      { nil: undefined },
    ),
    labels: fc.option(
      fc.dictionary(
        fc.constantFrom(
          'kustomize.toolkit.fluxcd.io/name',
          'kustomize.toolkit.fluxcd.io/namespace',
          'helm.toolkit.fluxcd.io/name',
          'helm.toolkit.fluxcd.io/namespace',
        ),
        names,
      ),
      { nil: undefined },
    ),
    spec: fc.option(
      fc.record(
        {
          sourceRef: fc.oneof(ref, odd),
          dependsOn: fc.oneof(
            fc.array(fc.record({ name: names, namespace: fc.option(names, { nil: undefined }) }), {
              maxLength: 3,
            }),
            odd,
          ),
          chart: fc.oneof(fc.record({ spec: fc.record({ chart: names, sourceRef: ref }) }), odd),
          chartRef: fc.oneof(ref, odd),
          suspend: fc.oneof(fc.boolean(), odd),
          kubeConfig: odd,
        },
        { requiredKeys: [] },
      ),
      { nil: undefined },
    ),
    status: fc.option(
      fc.record(
        {
          conditions: fc.oneof(fc.array(condition, { maxLength: 3 }), odd),
          inventory: fc.oneof(
            fc.record({
              entries: fc.oneof(
                fc.array(fc.oneof(fc.record({ id: inventoryId, v: fc.constant('v1') }), odd), {
                  maxLength: 5,
                }),
                odd,
              ),
            }),
            odd,
          ),
          helmChart: fc.oneof(fc.constantFrom('a/b', 'x', '/', ''), odd),
          artifact: fc.oneof(fc.record({ revision: fc.string(), size: fc.oneof(fc.integer(), odd) }), odd),
          history: odd,
        },
        { requiredKeys: [] },
      ),
      { nil: undefined },
    ),
  })
  .map(({ kind: [apiVersion, kind], name, namespace, uid, owner, labels, spec, status }): ClusterObject => {
    const o: ClusterObject = {
      apiVersion: apiVersion ?? 'v1',
      kind: kind ?? 'ConfigMap',
      metadata: { name, namespace },
    };
    if (uid) o.metadata.uid = uid;
    if (owner) o.metadata.ownerReferences = [{ apiVersion: 'apps/v1', ...owner }];
    if (labels) o.metadata.labels = labels;
    if (spec) o.spec = spec as Record<string, unknown>;
    if (status) o.status = status as Record<string, unknown>;
    return o;
  });

describe('views never throw on odd clusters', () => {
  it('holds for generated objects', () => {
    fc.assert(
      fc.property(fc.array(object, { maxLength: 25 }), objects => {
        const index = new ClusterIndex();
        for (const o of objects) index.upsert(o);
        for (const o of objects) {
          fluxStatus(o);
          healthOf(o);
          const ref = refOf(o);
          if (o.kind === 'Kustomization' || o.kind === 'HelmRelease') {
            renderTreeText(buildTree(index, ref, { owned: true }));
            renderTreeText(buildTree(index, ref, { compact: true }));
          }
          renderTraceText(buildTrace(index, ref));
          rootCause(index, ref);
        }
        const graph = buildGraph(index);
        expect(graph.edges.every(e => graph.nodes.some(n => n.id === e.target))).toBe(true);
        computeStats(index);
        getAll(index);
        listEvents(index, { kind: 'Kustomization', name: 'a', namespace: 'a' });
        buildTimeline(index);
      }),
      { numRuns: 150 },
    );
  });
});
