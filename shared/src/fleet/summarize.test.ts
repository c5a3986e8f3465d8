import { describe, expect, it } from 'vitest';
import { Value } from '@sinclair/typebox/value';
import { ClusterIndex, refOf } from '../index/cluster-index.js';
import { isFluxKind } from '../kinds/registry.js';
import { storedForm } from '../index/slim.js';
import type { ClusterObject } from '../kube/types.js';
import { buildSeedIndex } from '../views/__fixtures__/seed.js';
import { FluxObjectSummarySchema } from '../wire/fleet.js';
import { SUMMARY_MESSAGE_MAX, fluxVersionOf, summarize, summarizeIndex, summaryRef } from './summarize.js';

const fs = 'flux-system';
const get = (index: ClusterIndex, group: string, kind: string, name: string): ClusterObject => {
  const obj = index.get({ group, kind, namespace: fs, name });
  if (!obj) throw new Error(`no ${kind}/${name} in the seed`);
  return obj;
};

function deployment(namespace: string, name: string, images: string[], labels: Record<string, string> = {}) {
  return storedForm({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace, uid: `uid-${name}`, labels },
    spec: {
      replicas: 1,
      template: { spec: { containers: images.map((image, i) => ({ name: `c${i}`, image })) } },
    },
    status: { readyReplicas: 1, replicas: 1, updatedReplicas: 1, availableReplicas: 1 },
  });
}

describe('summarize', () => {
  const index = buildSeedIndex({ helmInventory: true });

  it('a HelmRelease: state, message, chart and installed version, revision; no group when it is the usual one', () => {
    const s = summarize(index, get(index, 'helm.toolkit.fluxcd.io', 'HelmRelease', 'kubecost'));
    expect(s).toMatchObject({
      kind: 'HelmRelease',
      namespace: fs,
      name: 'kubecost',
      state: 'ready',
      reason: 'InstallSucceeded',
      chart: 'cost-analyzer',
      chartVersion: '2.1.0',
      revision: '2.1.0',
    });
    expect(s.group).toBeUndefined();
    expect(s.message).toContain('cost-analyzer@2.1.0');
    expect(Value.Check(FluxObjectSummarySchema, s)).toBe(true);
  });

  it('sources carry their URL and artifact revision; a HelmChart its chart and pulled version', () => {
    const git = summarize(index, get(index, 'source.toolkit.fluxcd.io', 'GitRepository', fs));
    expect(git.url).toBe('ssh://git@github.com/example/eks-saas-gitops');
    expect(git.revision).toMatch(/^main@sha1:/);
    const repo = summarize(index, get(index, 'source.toolkit.fluxcd.io', 'HelmRepository', 'kubecost'));
    expect(repo.url).toBe('oci://public.ecr.aws/kubecost/');
    const chart = summarize(
      index,
      get(index, 'source.toolkit.fluxcd.io', 'HelmChart', 'flux-system-kubecost'),
    );
    expect(chart).toMatchObject({ chart: 'cost-analyzer', chartVersion: '2.1.0' });
  });

  it('images of the workloads in a HelmRelease inventory, or by Helm labels without one', () => {
    const idx = new ClusterIndex();
    const hr: ClusterObject = {
      apiVersion: 'helm.toolkit.fluxcd.io/v2',
      kind: 'HelmRelease',
      metadata: { name: 'podinfo', namespace: 'apps' },
      spec: { chart: { spec: { chart: 'podinfo', version: '6.x' } } },
      status: {
        inventory: {
          entries: [
            { id: 'apps_podinfo_apps_Deployment', v: 'v1' },
            { id: 'apps_gone_apps_Deployment', v: 'v1' },
          ],
        },
      },
    };
    idx.upsert(hr);
    idx.upsert(deployment('apps', 'podinfo', ['ghcr.io/stefanprodan/podinfo:6.5.0', 'busybox:1.36']));
    // The dangling inventory entry (no such Deployment in the cache) adds nothing.
    expect(summarize(idx, hr).images).toEqual(['ghcr.io/stefanprodan/podinfo:6.5.0', 'busybox:1.36']);
    expect(summarize(idx, hr).chartVersion).toBe('6.x');

    const old = { ...hr, metadata: { name: 'old', namespace: 'apps' }, status: {} };
    idx.upsert(old);
    idx.upsert(
      deployment('apps', 'old', ['nginx:1.27'], {
        'helm.toolkit.fluxcd.io/name': 'old',
        'helm.toolkit.fluxcd.io/namespace': 'apps',
      }),
    );
    expect(summarize(idx, old).images).toEqual(['nginx:1.27']);
  });

  it('ImagePolicy: the latest image it chose; the state of a never-reconciled object is unknown', () => {
    const idx = new ClusterIndex();
    const policy: ClusterObject = {
      apiVersion: 'image.toolkit.fluxcd.io/v1',
      kind: 'ImagePolicy',
      metadata: { name: 'p', namespace: fs },
      status: { latestRef: { name: 'ghcr.io/x/app', tag: '1.2.3' } },
    };
    const s = summarize(idx, policy);
    expect(s.images).toEqual(['ghcr.io/x/app:1.2.3']);
    expect(s.state).toBe('unknown');
  });

  it('cuts long messages and names an unusual group', () => {
    const long: ClusterObject = {
      apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
      kind: 'Kustomization',
      metadata: { name: 'k', namespace: fs },
      status: {
        conditions: [{ type: 'Ready', status: 'False', reason: 'BuildFailed', message: 'x'.repeat(5000) }],
      },
    };
    const s = summarize(new ClusterIndex(), long);
    expect(s.state).toBe('failed');
    expect(s.message).toHaveLength(SUMMARY_MESSAGE_MAX);
    const odd = summarize(new ClusterIndex(), { ...long, apiVersion: 'example.com/v1' });
    expect(odd.group).toBe('example.com');
    expect(summaryRef(odd).group).toBe('example.com');
    expect(summaryRef(s).group).toBe('kustomize.toolkit.fluxcd.io');
  });

  it('summarizeIndex covers every Flux object and each summary is small', () => {
    const all = summarizeIndex(index);
    const flux = [...index.all()].filter(o => isFluxKind(refOf(o).group, o.kind));
    expect(all).toHaveLength(flux.length);
    for (const s of all) expect(JSON.stringify(s).length).toBeLessThan(1200);
  });

  it('the Flux version from the namespace label, else the controllers', () => {
    const idx = new ClusterIndex();
    expect(fluxVersionOf(idx)).toBeUndefined();
    idx.upsert(
      deployment(fs, 'source-controller', ['ghcr.io/fluxcd/source-controller:v1.6.0'], {
        'app.kubernetes.io/part-of': 'flux',
        'app.kubernetes.io/version': 'v2.6.4',
      }),
    );
    expect(fluxVersionOf(idx)).toBe('v2.6.4');
    idx.upsert(
      storedForm({
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: fs, labels: { 'app.kubernetes.io/version': 'v2.7.0' } },
      }),
    );
    expect(fluxVersionOf(idx)).toBe('v2.7.0');
  });
});
