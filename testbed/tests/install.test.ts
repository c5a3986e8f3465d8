/**
 * docs/install.md, done by the real helm-controller: the YAML of both ways it gives (OCIRepository +
 * chartRef, HelmRepository + chart.spec) is applied as written, with only the example registry and chart
 * repository URLs pointed at the test bed's chart server (and `insecure`, which its plain-HTTP OCI registry
 * needs). The chart is helm/fluxscope, published there by testbed/fixture/publish.sh. Each install must turn
 * Ready, and Fluxscope (watching the test bed) must show its own Deployment in the HelmRelease's tree.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as k8s from '@kubernetes/client-node';
import {
  CHARTS_URL,
  HELMRELEASES,
  ROOT,
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

interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace: string };
  spec: Record<string, unknown>;
}

/** The YAML block under the heading that starts with `heading` in docs/install.md. */
function docYaml(heading: string): Manifest[] {
  const doc = readFileSync(join(ROOT, 'docs/install.md'), 'utf8');
  const section = doc.split(/^## /m).find(s => s.startsWith(heading));
  const block = section && /```yaml\n([\s\S]*?)```/.exec(section)?.[1];
  if (!block) throw new Error(`docs/install.md has no yaml block under "## ${heading}"`);
  return k8s.loadAllYaml(block) as Manifest[];
}

/** Points the doc's example URLs at the test bed; everything else is applied as the doc has it. */
function forTestbed(manifests: Manifest[]): Manifest[] {
  const charts = CHARTS_URL.replace(/\/$/, '');
  return manifests.map(m => {
    const spec = { ...m.spec };
    if (m.kind === 'OCIRepository') {
      expect(spec['url']).toBe('oci://registry.example.com/charts/fluxscope');
      spec['url'] = `${charts.replace(/^http:/, 'oci:')}/charts/fluxscope`;
      spec['insecure'] = true;
    }
    if (m.kind === 'HelmRepository') {
      expect(spec['url']).toBe('https://charts.example.com/');
      spec['url'] = `${charts}/`;
    }
    return { ...m, spec };
  });
}

async function readyOf(clients: KubeClients, name: string): Promise<string | undefined> {
  const ready = await fluxReadyCondition(clients, HELMRELEASES, name);
  return ready && `${ready.status}: ${ready.message ?? ''}`;
}

async function exists(clients: KubeClients, name: string): Promise<boolean> {
  return (await listFlux(clients, HELMRELEASES)).some(
    h => h.metadata.name === name && h.metadata.namespace === 'flux-system',
  );
}

describe.skipIf(!TESTBED_KUBECONFIG)('docs/install.md on the test bed', () => {
  let fluxscope: Fluxscope;
  let clients: KubeClients;

  beforeAll(async () => {
    clients = kubeClients(TESTBED_KUBECONFIG ?? '');
    await bootstrapTestbed();
    fluxscope = await startFluxscope(TESTBED_KUBECONFIG ?? '');
  }, 300_000);

  afterAll(async () => {
    await fluxscope?.stop();
  });

  for (const heading of ['2a. From an OCI registry', '2b. From a Helm repository']) {
    it(`${heading}: helm-controller installs the chart and Fluxscope shows its own Deployment`, async () => {
      const manifests = forTestbed(docYaml(heading));
      expect(manifests.map(m => m.kind)).toEqual([expect.stringMatching(/Repository$/), 'HelmRelease']);
      const release = manifests[1]!;
      for (const m of manifests) await clients.objects.create(m);
      try {
        let ready: string | undefined;
        const deadline = Date.now() + 180_000;
        while (
          Date.now() < deadline &&
          !(ready = await readyOf(clients, release.metadata.name))?.startsWith('True')
        ) {
          await sleep(2000);
        }
        expect(ready, 'the HelmRelease turns Ready').toMatch(/^True: Helm install succeeded/);
        const tree = `/api/v1/tree/HelmRelease/flux-system/${release.metadata.name}?format=text`;
        let text = '';
        for (let i = 0; i < 20 && !text.includes('Deployment/fluxscope/fluxscope'); i++) {
          const res = await fetch(`${fluxscope.url}${tree}`);
          text = res.ok ? await res.text() : '';
          if (!text.includes('Deployment/fluxscope/fluxscope')) await sleep(1000);
        }
        expect(text).toContain('HelmRelease/flux-system/fluxscope\n');
        expect(text).toContain('Deployment/fluxscope/fluxscope');
        expect(text).toContain('ServiceAccount/fluxscope/fluxscope');
      } finally {
        for (const m of [...manifests].reverse()) await clients.objects.delete(m).catch(() => undefined);
        // The next install reuses the names: wait until this release is gone.
        for (let i = 0; i < 60 && (await exists(clients, release.metadata.name)); i++) await sleep(1000);
      }
    });
  }
});
