import { describe, expect, it } from 'vitest';
import { ClusterIndex } from '../index/cluster-index.js';
import { storedForm } from '../index/slim.js';
import type { ClusterObject, FluxEvent } from '../kube/types.js';
import { ksLabels, obj, ownerRef, parseFluxRef as r, ready } from './__fixtures__/builders.js';
import { crashingPod } from './__fixtures__/workloads.js';
import { buildFluxRuntime, imageTag } from './flux-runtime.js';
import { listEvents } from './events.js';

function controller(name: string, image: string, labels: Record<string, string> = {}): ClusterObject {
  return obj(r(`Deployment/flux-system/${name}`), {
    labels,
    spec: {
      replicas: 1,
      template: { spec: { containers: [{ name: 'manager', image, args: ['--log-level=info'] }] } },
    },
    status: { replicas: 1, updatedReplicas: 1, readyReplicas: 1, availableReplicas: 1 },
  });
}

function crd(
  plural: string,
  group: string,
  kind: string,
  versions: Array<[string, boolean, boolean, boolean?]>,
  stored: string[],
) {
  return storedForm({
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: {
      name: `${plural}.${group}`,
      // flux install labels its CRDs; a third-party CRD has no such label.
      ...(group.endsWith('fluxcd.io') ? { labels: { 'app.kubernetes.io/part-of': 'flux' } } : {}),
    },
    spec: {
      group,
      names: { kind, plural },
      versions: versions.map(([name, served, storage, deprecated]) => ({
        name,
        served,
        storage,
        ...(deprecated ? { deprecated } : {}),
      })),
    },
    status: { storedVersions: stored },
  });
}

function runtimeIndex(): ClusterIndex {
  const index = new ClusterIndex();
  const helm = controller('helm-controller', 'ghcr.io/fluxcd/helm-controller:v1.6.0@sha256:abc');
  const source = controller('source-controller', 'ghcr.io/fluxcd/source-controller:v1.7.2', {
    'app.kubernetes.io/part-of': 'flux',
  });
  const custom = controller('my-extra', 'registry.local/flux/extra:0.3', {
    'app.kubernetes.io/part-of': 'flux',
  });
  const other = controller('podinfo', 'ghcr.io/stefanprodan/podinfo:6.7.0');
  for (const d of [helm, source, custom, other]) index.upsert(storedForm(d));
  index.upsert(
    storedForm({
      ...other,
      metadata: { ...other.metadata, name: 'helm-controller', namespace: 'elsewhere' },
    }),
  );
  const rs = obj(r('ReplicaSet/flux-system/helm-controller-5d9'), { owners: [ownerRef(helm)] });
  index.upsert(storedForm(rs));
  const pod = crashingPod('helm-controller-5d9-abcde', 'flux-system');
  index.upsert(storedForm({ ...pod, metadata: { ...pod.metadata, ownerReferences: [ownerRef(rs)] } }));
  const event = (id: string, kind: string, name: string, reason: string, at: string): FluxEvent => ({
    id,
    namespace: 'flux-system',
    type: 'Warning',
    reason,
    message: `${reason} on ${name}`,
    involvedObject: { kind, name, namespace: 'flux-system' },
    lastTimestamp: at,
  });
  index.upsertEvent(event('e1', 'Pod', 'helm-controller-5d9-abcde', 'BackOff', '2026-12-03T10:05:00Z'));
  index.upsertEvent(event('e2', 'Deployment', 'helm-controller', 'FailedCreate', '2026-12-03T10:06:00Z'));
  index.upsertEvent(event('e3', 'Deployment', 'podinfo', 'Unrelated', '2026-12-03T10:07:00Z'));

  index.upsert(
    crd(
      'helmreleases',
      'helm.toolkit.fluxcd.io',
      'HelmRelease',
      [
        ['v2', true, true],
        ['v2beta2', true, false, true],
      ],
      ['v2beta2', 'v2'],
    ),
  );
  index.upsert(
    crd('kustomizations', 'kustomize.toolkit.fluxcd.io', 'Kustomization', [['v1', true, true]], ['v1']),
  );
  index.upsert(crd('widgets', 'example.com', 'Widget', [['v1', true, true]], ['v1']));
  index.upsert(
    obj(r('Kustomization/flux-system/apps'), {
      status: {
        conditions: [ready('Applied')],
        inventory: {
          entries: [
            { id: 'apps_web_helm.toolkit.fluxcd.io_HelmRelease', v: 'v2beta2' },
            { id: 'apps_api_helm.toolkit.fluxcd.io_HelmRelease', v: 'v2' },
            { id: 'apps_db_kustomize.toolkit.fluxcd.io_Kustomization', v: 'v1beta1' },
          ],
        },
      },
    }),
  );
  index.upsert(
    obj(r('Kustomization/apps/db'), { labels: { team: 'data' }, status: { conditions: [ready('ok')] } }),
  );
  index.upsert(
    obj(r('Kustomization/apps/web'), {
      labels: ksLabels('flux-system', 'apps'),
      status: { conditions: [ready('ok')] },
    }),
  );
  index.upsert(obj(r('HelmRelease/apps/web'), { status: { conditions: [ready('ok')] } }));
  index.upsert(
    obj(r('Alert/apps/on-call'), {
      spec: {
        providerRef: { name: 'slack' },
        eventSeverity: 'error',
        eventSources: [
          { kind: 'Kustomization', name: '*', matchLabels: { team: 'data' } },
          { kind: 'HelmRelease', name: 'web' },
          { kind: 'HelmRelease', name: 'gone' },
          { kind: 'GitRepository', name: 'flux-system', namespace: 'flux-system' },
        ],
      },
    }),
  );
  index.upsert(obj(r('Provider/apps/slack'), { spec: { type: 'slack' } }));
  index.upsert(
    obj(r('Receiver/flux-system/github'), {
      spec: { type: 'github', resources: [{ kind: 'GitRepository', name: 'flux-system' }] },
      status: { conditions: [ready('Receiver initialized for path: /hook/abc')] },
    }),
  );
  return index;
}

describe('buildFluxRuntime', () => {
  const rt = buildFluxRuntime(runtimeIndex());

  it('finds the controllers by name or part-of label, with version, readiness, restarts and Warnings', () => {
    expect(rt.namespace).toBe('flux-system');
    expect(rt.controllers.map(c => [c.name, c.version, `${c.ready}/${c.desired}`, c.restarts])).toEqual([
      ['helm-controller', 'v1.6.0', '1/1', 14],
      ['my-extra', '0.3', '1/1', 0],
      ['source-controller', 'v1.7.2', '1/1', 0],
    ]);
    expect(rt.controllers[0]?.pods).toEqual([r('Pod/flux-system/helm-controller-5d9-abcde')]);
    expect(rt.controllers[0]?.warnings.map(w => `${w.object} ${w.reason}`)).toEqual([
      'Deployment/helm-controller FailedCreate',
      'Pod/helm-controller-5d9-abcde BackOff',
    ]);
  });

  it('lists Flux CRDs with their versions, migrations needed and objects applied in deprecated versions', () => {
    expect(rt.crds.map(c => c.name)).toEqual([
      'helmreleases.helm.toolkit.fluxcd.io',
      'kustomizations.kustomize.toolkit.fluxcd.io',
    ]);
    expect(rt.crds[0]).toMatchObject({
      served: ['v2', 'v2beta2'],
      storage: 'v2',
      deprecated: ['v2beta2'],
      storedVersions: ['v2beta2', 'v2'],
      needsMigration: true,
      deprecatedUses: [
        {
          object: r('HelmRelease/apps/web'),
          version: 'v2beta2',
          appliedBy: r('Kustomization/flux-system/apps'),
        },
      ],
    });
    expect(rt.crds[1]).toMatchObject({
      needsMigration: false,
      deprecatedUses: [{ object: r('Kustomization/apps/db'), version: 'v1beta1' }],
    });
  });

  it("resolves each Alert's eventSources (`*` with matchLabels, names, other namespaces) to what it covers", () => {
    expect(rt.alerts).toHaveLength(1);
    expect(rt.alerts[0]).toMatchObject({
      provider: 'slack',
      severity: 'error',
      ready: 'True',
      sources: [
        'Kustomization/apps/* {team=data}',
        'HelmRelease/apps/web',
        'HelmRelease/apps/gone',
        'GitRepository/flux-system/flux-system',
      ],
      covers: [r('Kustomization/apps/db'), r('HelmRelease/apps/web')],
    });
    expect(rt.providers).toMatchObject([{ ref: r('Provider/apps/slack'), type: 'slack', ready: 'True' }]);
    expect(rt.receivers).toMatchObject([
      { type: 'github', ready: 'True', resources: ['GitRepository/flux-system/flux-system'] },
    ]);
  });

  it('reads version tags from images with registries, ports and digests', () => {
    expect(imageTag('localhost:5000/fluxcd/source-controller')).toBe('');
    expect(imageTag('localhost:5000/fluxcd/source-controller:v1.7.2@sha256:abc')).toBe('v1.7.2');
  });
});

describe('listEvents with all', () => {
  it('keeps Events about every kind only when asked; flux events stays Flux-only', () => {
    const index = runtimeIndex();
    expect(listEvents(index)).toEqual([]);
    expect(listEvents(index, { all: true }).map(e => e.id)).toEqual(['e1', 'e2', 'e3']);
    expect(
      listEvents(index, {
        all: true,
        kind: 'Deployment',
        namespace: 'flux-system',
        name: 'helm-controller',
      }).map(e => e.id),
    ).toEqual(['e2']);
  });
});
