/**
 * Parity with the flux binary: every read command Fluxscope answers as text, run by the real flux CLI (the same
 * Flux release as the controllers) and by Fluxscope against the same test bed, byte for byte with only relative
 * ages masked. Then the states a steady cluster lacks, made for real: a suspended Kustomization, a failing one,
 * and a HelmRelease held mid-upgrade by a hook that never completes.
 */
import * as k8s from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectSameText, flux, fluxBinary, type Comparison } from './flux-cli.js';
import {
  CHARTS_URL,
  HELMRELEASES,
  KUSTOMIZATIONS,
  TESTBED_KUBECONFIG,
  bootstrapTestbed,
  fluxReadyCondition,
  kubeClients,
  listFlux,
  sleep,
  startFluxscope,
  type Fluxscope,
  type KubeClients,
} from './support.js';
import { fluxStatus, type ClusterObject } from '@fluxscope/shared';

const kubeconfig = TESTBED_KUBECONFIG ?? '';

/** flux's `get` subcommand per kind, for `flux get <kind> -A`. */
const GET_COMMANDS: Record<string, string[]> = {
  GitRepository: ['get', 'sources', 'git'],
  OCIRepository: ['get', 'sources', 'oci'],
  HelmRepository: ['get', 'sources', 'helm'],
  HelmChart: ['get', 'sources', 'chart'],
  Bucket: ['get', 'sources', 'bucket'],
  Kustomization: ['get', 'kustomizations'],
  HelmRelease: ['get', 'helmreleases'],
  Alert: ['get', 'alerts'],
  Provider: ['get', 'alert-providers'],
  Receiver: ['get', 'receivers'],
};

const path = (group: string) => (group === '' ? 'core' : group);

async function until(what: string, timeoutMs: number, check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await sleep(1000);
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

async function allReady(clients: KubeClients): Promise<boolean> {
  const objects = [...(await listFlux(clients, KUSTOMIZATIONS)), ...(await listFlux(clients, HELMRELEASES))];
  return objects.length > 0 && objects.every(o => fluxStatus(o).state === 'ready');
}

describe.skipIf(!TESTBED_KUBECONFIG)('the flux CLI and Fluxscope print the same text', () => {
  let fluxscope: Fluxscope;
  let bin: string;
  let clients: KubeClients;
  const same = (c: Comparison) => expectSameText(bin, kubeconfig, fluxscope.url, c);

  beforeAll(async () => {
    bin = await fluxBinary();
    clients = kubeClients(kubeconfig);
    await bootstrapTestbed();
    fluxscope = await startFluxscope(kubeconfig);
    await until('every Kustomization and HelmRelease Ready', 300_000, () => allReady(clients));
  }, 900_000);

  afterAll(async () => {
    await fluxscope?.stop();
  });

  it('flux get all, in all namespaces and in one', async () => {
    const all = await same({
      what: 'get all -A',
      args: ['get', 'all', '-A'],
      path: '/api/v1/objects?format=text',
    });
    expect(all).toContain('kustomization/flux-system');
    await same({
      what: 'get all -n flux-system',
      args: ['get', 'all', '-n', 'flux-system'],
      path: '/api/v1/objects?format=text&namespace=flux-system',
    });
  });

  it('flux get <kind> -A for every kind the cluster has', async () => {
    const listed = (await fluxscope.get<Array<{ kind: string }>>('/api/v1/objects')).map(t => t.kind);
    expect(listed).toEqual(
      expect.arrayContaining([
        'GitRepository',
        'HelmRepository',
        'HelmChart',
        'Kustomization',
        'HelmRelease',
      ]),
    );
    for (const kind of listed) {
      const args = GET_COMMANDS[kind];
      if (!args) continue;
      await same({
        what: `get ${kind} -A`,
        args: [...args, '-A'],
        path: `/api/v1/objects?format=text&kind=${kind}`,
      });
    }
  });

  it('flux stats -A', async () => {
    await same({ what: 'stats -A', args: ['stats', '-A'], path: '/api/v1/stats?format=text' });
  });

  it('flux tree kustomization: the root, full and --compact, and one that applies HelmReleases', async () => {
    const root = '/api/v1/tree/Kustomization/flux-system/flux-system?format=text';
    const tree = await same({
      what: 'tree ks flux-system',
      args: ['tree', 'kustomization', 'flux-system', '-n', 'flux-system'],
      path: root,
    });
    expect(tree).toContain('HelmRelease/flux-system/');
    await same({
      what: 'tree ks flux-system --compact',
      args: ['tree', 'kustomization', 'flux-system', '-n', 'flux-system', '--compact'],
      path: `${root}&compact=true`,
    });
    const withHelm = await same({
      what: 'tree ks infrastructure',
      args: ['tree', 'kustomization', 'infrastructure', '-n', 'flux-system'],
      path: '/api/v1/tree/Kustomization/flux-system/infrastructure?format=text',
    });
    // A HelmRelease's children come from its release: flux reads Helm storage, Fluxscope status.inventory.
    expect(withHelm).toMatch(/HelmRelease\/flux-system\/\S+\n│ {3}├── /);
    expect(withHelm).toContain('│   └── Deployment/');
  });

  it('flux trace: a Deployment and a Pod a HelmRelease installed, the HelmRelease, a Kustomization-applied Deployment', async () => {
    const deployments = ((await clients.objects.list('apps/v1', 'Deployment')) as { items: ClusterObject[] })
      .items;
    const fromHelm = deployments.find(d => d.metadata.labels?.['helm.toolkit.fluxcd.io/name']);
    const fromKs = deployments.find(
      d =>
        d.metadata.labels?.['kustomize.toolkit.fluxcd.io/name'] &&
        !d.metadata.labels['helm.toolkit.fluxcd.io/name'],
    );
    expect(fromHelm, 'a Deployment installed by a HelmRelease').toBeDefined();
    expect(fromKs, 'a Deployment applied by a Kustomization').toBeDefined();
    const trace = (kind: string, group: string, o: ClusterObject, resource: string) =>
      same({
        what: `trace ${kind} ${o.metadata.namespace}/${o.metadata.name}`,
        args: ['trace', resource, o.metadata.name, '-n', o.metadata.namespace ?? ''],
        path: `/api/v1/trace/${path(group)}/v1/${kind}/${o.metadata.namespace}/${o.metadata.name}?format=text`,
      });
    const helmTrace = await trace('Deployment', 'apps', fromHelm!, 'deployment');
    expect(helmTrace).toContain('HelmRepository:');
    await trace('Deployment', 'apps', fromKs!, 'deployment');

    const hrName = fromHelm!.metadata.labels?.['helm.toolkit.fluxcd.io/name'] ?? '';
    const pods = (
      (await clients.objects.list('v1', 'Pod', fromHelm!.metadata.namespace)) as { items: ClusterObject[] }
    ).items;
    const pod = pods.find(
      p =>
        p.metadata.ownerReferences?.some(o => o.kind === 'ReplicaSet') &&
        p.metadata.name.startsWith(fromHelm!.metadata.name),
    );
    expect(pod, `a Pod of Deployment ${fromHelm!.metadata.name}`).toBeDefined();
    await trace('Pod', '', pod!, 'pod');

    const hrs = await listFlux(clients, HELMRELEASES);
    const hr = hrs.find(h => h.metadata.name === hrName) ?? hrs[0]!;
    const hrTrace = await trace('HelmRelease', 'helm.toolkit.fluxcd.io', hr, 'helmrelease');
    expect(hrTrace).toContain('Kustomization:');
  });

  it('flux trace of an object whose chart came from an OCIRepository (HelmRelease chartRef)', async () => {
    const name = 'parity-oci';
    const registry = CHARTS_URL.replace(/^http:/, 'oci:').replace(/\/$/, '');
    const source = {
      apiVersion: 'source.toolkit.fluxcd.io/v1',
      kind: 'OCIRepository',
      metadata: { name, namespace: 'flux-system' },
      spec: {
        interval: '10m',
        url: `${registry}/charts/parity-chart`,
        ref: { tag: '0.1.0' },
        insecure: true,
        layerSelector: {
          mediaType: 'application/vnd.cncf.helm.chart.content.v1.tar+gzip',
          operation: 'copy',
        },
      },
    };
    const release = {
      apiVersion: 'helm.toolkit.fluxcd.io/v2',
      kind: 'HelmRelease',
      metadata: { name, namespace: 'flux-system' },
      spec: {
        interval: '10m',
        releaseName: name,
        targetNamespace: 'default',
        chartRef: { kind: 'OCIRepository', name },
        values: { greeting: 'from an OCI artifact' },
      },
    };
    await clients.objects.create(source);
    await clients.objects.create(release);
    try {
      await until(
        `${name} installed`,
        180_000,
        async () => (await fluxReadyCondition(clients, HELMRELEASES, name))?.status === 'True',
      );
      await same({
        what: 'get sources oci -A',
        args: ['get', 'sources', 'oci', '-A'],
        path: '/api/v1/objects?format=text&kind=OCIRepository',
      });
      const configMap = `${name}-parity`;
      await until(
        `Fluxscope to see ConfigMap default/${configMap}`,
        30_000,
        async () => (await fetch(`${fluxscope.url}/api/v1/trace/core/v1/ConfigMap/default/${configMap}`)).ok,
      );
      const trace = await same({
        what: `trace configmap default/${configMap}`,
        args: ['trace', 'configmap', configMap, '-n', 'default'],
        path: `/api/v1/trace/core/v1/ConfigMap/default/${configMap}?format=text`,
      });
      expect(trace).toContain('OCIRepository:');
      expect(trace).toMatch(/Revision: +0\.1\.0@sha256:[0-9a-f]{64}\n/);
    } finally {
      await clients.objects.delete(release).catch(() => undefined);
      await clients.objects.delete(source).catch(() => undefined);
    }
  });

  it('flux events: all namespaces, and --for an object with its source', async () => {
    await same({
      what: 'events -A',
      args: ['events', '-A'],
      path: '/api/v1/events?format=text',
      ageColumn: 1,
    });
    await same({
      what: 'events --for Kustomization/infrastructure',
      args: ['events', '-n', 'flux-system', '--for', 'Kustomization/infrastructure'],
      path: '/api/v1/events?format=text&namespace=flux-system&kind=Kustomization&name=infrastructure',
      ageColumn: 0,
    });
    await same({
      what: 'events -n flux-system --types Warning,Normal',
      args: ['events', '-n', 'flux-system', '--types', 'Warning,Normal'],
      path: '/api/v1/events?format=text&namespace=flux-system&type=Warning,Normal',
      ageColumn: 0,
    });
  });

  it('a suspended Kustomization: get, get all and stats count it as flux does', async () => {
    const suspend = await flux(bin, kubeconfig, [
      'suspend',
      'kustomization',
      'capacitor',
      '-n',
      'flux-system',
    ]);
    expect(suspend.code, suspend.stderr).toBe(0);
    try {
      await until('Fluxscope to see capacitor suspended', 30_000, async () =>
        (
          await fetch(`${fluxscope.url}/api/v1/objects?format=text&kind=Kustomization`).then(r => r.text())
        ).includes('capacitor'),
      );
      const ks = await same({
        what: 'get ks -A (suspended)',
        args: ['get', 'kustomizations', '-A'],
        path: '/api/v1/objects?format=text&kind=Kustomization',
      });
      expect(ks).toMatch(/capacitor\s+\S+\s+True/);
      const stats = await same({
        what: 'stats -A (suspended)',
        args: ['stats', '-A'],
        path: '/api/v1/stats?format=text',
      });
      expect(stats).toMatch(/\nKustomization\s+\d+\s+\d+\s+1\s/);
      await same({
        what: 'get all -A (suspended)',
        args: ['get', 'all', '-A'],
        path: '/api/v1/objects?format=text',
      });
    } finally {
      await flux(bin, kubeconfig, ['resume', 'kustomization', 'capacitor', '-n', 'flux-system']);
    }
  });

  it('a failing Kustomization: READY False with the controller message, stats FAILING, events --for', async () => {
    const name = 'parity-broken';
    const manifest = {
      apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
      kind: 'Kustomization',
      metadata: { name, namespace: 'flux-system' },
      spec: {
        interval: '10m',
        retryInterval: '1h',
        path: './does-not-exist',
        prune: false,
        sourceRef: { kind: 'GitRepository', name: 'flux-system' },
      },
    };
    await clients.objects.create(manifest);
    try {
      await until(
        `${name} Ready=False`,
        120_000,
        async () => (await fluxReadyCondition(clients, KUSTOMIZATIONS, name))?.status === 'False',
      );
      const ks = await same({
        what: 'get ks -A (failing)',
        args: ['get', 'kustomizations', '-A'],
        path: '/api/v1/objects?format=text&kind=Kustomization',
      });
      expect(ks).toMatch(new RegExp(`${name}\\s.*False\\s.*not found`));
      await same({ what: 'stats -A (failing)', args: ['stats', '-A'], path: '/api/v1/stats?format=text' });
      await same({
        what: `events --for Kustomization/${name}`,
        args: ['events', '-n', 'flux-system', '--for', `Kustomization/${name}`],
        path: `/api/v1/events?format=text&namespace=flux-system&kind=Kustomization&name=${name}`,
        ageColumn: 0,
      });
    } finally {
      await clients.objects.delete(manifest).catch(() => undefined);
    }
  });

  it('a HelmRelease mid-upgrade: READY Unknown while a hook holds the upgrade', async () => {
    const name = 'parity-upgrade';
    const manifest = {
      apiVersion: 'helm.toolkit.fluxcd.io/v2',
      kind: 'HelmRelease',
      metadata: { name, namespace: 'flux-system' },
      spec: {
        interval: '10m',
        timeout: '5m',
        releaseName: name,
        targetNamespace: 'default',
        chart: {
          spec: {
            chart: 'parity-chart',
            version: '0.1.x',
            sourceRef: { kind: 'HelmRepository', name: 'helm-application-chart' },
          },
        },
        values: { slowHook: false },
      },
    };
    expect(CHARTS_URL).toMatch(/^http:\/\/127\.0\.0\.1:/);
    await clients.objects.create(manifest);
    try {
      await until(
        `${name} installed`,
        180_000,
        async () => (await fluxReadyCondition(clients, HELMRELEASES, name))?.status === 'True',
      );
      // The upgrade now runs a pre-upgrade hook Pod that kwok keeps Running: Helm waits for it to finish.
      await clients.objects.patch(
        { ...manifest, spec: { ...manifest.spec, values: { slowHook: true } } },
        undefined,
        undefined,
        undefined,
        undefined,
        k8s.PatchStrategy.MergePatch,
      );
      await until(
        `${name} upgrading`,
        120_000,
        async () => (await fluxReadyCondition(clients, HELMRELEASES, name))?.status === 'Unknown',
      );
      const hr = await same({
        what: 'get hr -A (mid-upgrade)',
        args: ['get', 'helmreleases', '-A'],
        path: '/api/v1/objects?format=text&kind=HelmRelease',
      });
      expect(hr).toMatch(new RegExp(`${name}\\s.*Unknown`));
      await same({
        what: 'get all -A (mid-upgrade)',
        args: ['get', 'all', '-A'],
        path: '/api/v1/objects?format=text',
      });
      await same({
        what: 'stats -A (mid-upgrade)',
        args: ['stats', '-A'],
        path: '/api/v1/stats?format=text',
      });
    } finally {
      await clients.objects.delete(manifest).catch(() => undefined);
    }
  });
});
