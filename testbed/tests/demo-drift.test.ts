/**
 * The demo cannot drift from real Flux: every Flux object of the demo cluster's seed is created in the
 * real kube-apiserver, which validates it against the real Flux CRDs' openAPIV3Schema (fieldValidation
 * Strict, so unknown fields fail too). The spec is checked by a real create (suspended, in a namespace of
 * its own, so the controllers leave it alone), the status by a dry-run PUT of the demo's status on it.
 */
import { ApiException } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSeedCluster } from '@fluxscope/demo-cluster';
import { isFluxKind, kindInfo } from '@fluxscope/shared';
import { TESTBED_KUBECONFIG, type KubeClients, kubeClients } from './support.js';

/** The demo's namespace `ns` lives in `drift-<ns>` on the test bed, away from the bootstrap's objects. */
const driftNamespace = (ns: string) => `drift-${ns}`.slice(0, 63);

interface Mismatch {
  object: string;
  check: 'spec' | 'status' | 'crd';
  message: string;
}

function errorMessage(err: unknown): string {
  if (err instanceof ApiException) {
    const body = err.body as unknown;
    if (typeof body === 'string') {
      try {
        return String((JSON.parse(body) as { message?: string }).message ?? body);
      } catch {
        return body;
      }
    }
    return `${err.code}: ${JSON.stringify(body)}`;
  }
  return String(err);
}

describe.skipIf(!TESTBED_KUBECONFIG)('the demo cluster against the real Flux CRDs', () => {
  let kube: KubeClients;
  beforeAll(() => {
    kube = kubeClients(TESTBED_KUBECONFIG ?? '');
  });
  const created: Array<{ namespace: string }> = [];

  afterAll(async () => {
    // Best effort: the test bed is torn down after the run anyway.
    for (const ns of new Set(created.map(c => c.namespace)))
      await kube.core.deleteNamespace({ name: ns }).catch(() => undefined);
  });

  it('the check can fail: an unknown spec field or a wrong type is refused', async () => {
    const namespace = driftNamespace('canary');
    await kube.core.createNamespace({ body: { metadata: { name: namespace } } }).catch(() => undefined);
    created.push({ namespace });
    const base = { group: 'kustomize.toolkit.fluxcd.io', version: 'v1', namespace, plural: 'kustomizations' };
    const body = (spec: Record<string, unknown>) => ({
      apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
      kind: 'Kustomization',
      metadata: { name: 'canary', namespace },
      spec: { interval: '1m', prune: true, sourceRef: { kind: 'GitRepository', name: 'x' }, ...spec },
    });
    for (const spec of [{ notAField: true }, { prune: 'yes' }]) {
      const refused = await kube.custom
        .createNamespacedCustomObject({ ...base, body: body(spec), dryRun: 'All', fieldValidation: 'Strict' })
        .then(
          () => false,
          (err: unknown) => err instanceof ApiException && err.code >= 400 && err.code < 500,
        );
      expect(refused, JSON.stringify(spec)).toBe(true);
    }
  });

  it('every Flux object of the seed validates (spec and status) against the served CRD schema', async () => {
    const crds = (await kube.objects.list('apiextensions.k8s.io/v1', 'CustomResourceDefinition')).items;
    type CrdSpec = {
      group: string;
      names: { kind: string };
      versions: Array<{ name: string; served: boolean }>;
    };
    const crdSpecs = crds.map(crd => (crd as unknown as { spec: CrdSpec }).spec);
    const served = new Set(
      crdSpecs.flatMap(spec =>
        spec.versions.filter(v => v.served).map(v => `${spec.group}/${v.name}/${spec.names.kind}`),
      ),
    );
    const installed = new Set(crdSpecs.map(spec => `${spec.group}/${spec.names.kind}`));
    const notInTestbed = new Set<string>();
    const seed = buildSeedCluster().objects.filter(o => {
      const group = o.apiVersion.includes('/') ? o.apiVersion.split('/')[0]! : '';
      return isFluxKind(group, o.kind);
    });
    expect(seed.length).toBeGreaterThan(20);

    /** PUT the demo's status (dry run) on the live object; the controllers may touch it meanwhile (409). */
    const dryRunStatus = async (
      target: { group: string; version: string; namespace: string; plural: string; name: string },
      status: unknown,
    ): Promise<string | undefined> => {
      for (let attempt = 0; ; attempt++) {
        const live = (await kube.custom.getNamespacedCustomObject(target)) as Record<string, unknown>;
        try {
          await kube.custom.replaceNamespacedCustomObjectStatus({
            ...target,
            body: { ...live, status },
            dryRun: 'All',
            fieldValidation: 'Strict',
          });
          return undefined;
        } catch (err) {
          if (err instanceof ApiException && err.code === 409 && attempt < 5) continue;
          return errorMessage(err);
        }
      }
    };
    const mismatches: Mismatch[] = [];
    let checked = 0;
    for (const ns of new Set(seed.map(o => o.metadata.namespace ?? ''))) {
      await kube.core
        .createNamespace({ body: { metadata: { name: driftNamespace(ns) } } })
        .catch((err: unknown) => {
          if (!(err instanceof ApiException && err.code === 409)) throw err;
        });
      created.push({ namespace: driftNamespace(ns) });
    }
    for (const o of seed) {
      const [group = '', version = ''] = o.apiVersion.split('/');
      const label = `${o.kind} ${o.metadata.namespace}/${o.metadata.name} (${o.apiVersion})`;
      const info = kindInfo(group, o.kind);
      if (!installed.has(`${group}/${o.kind}`)) {
        // The test bed runs the four core controllers: no image-automation or tf-controller CRDs.
        notInTestbed.add(o.kind);
        continue;
      }
      if (!served.has(`${o.apiVersion}/${o.kind}`)) {
        mismatches.push({ object: label, check: 'crd', message: 'apiVersion not served by the real CRDs' });
        continue;
      }
      if (!info) continue;
      const namespace = driftNamespace(o.metadata.namespace ?? '');
      const {
        uid: _uid,
        resourceVersion: _rv,
        creationTimestamp: _ct,
        generation: _gen,
        managedFields: _mf,
        ...meta
      } = o.metadata as unknown as Record<string, unknown>;
      const body = {
        apiVersion: o.apiVersion,
        kind: o.kind,
        metadata: { ...meta, namespace },
        spec: { ...(o.spec ?? {}), suspend: true },
      };
      const target = { group, version, namespace, plural: info.plural };
      try {
        await kube.custom.createNamespacedCustomObject({ ...target, body, fieldValidation: 'Strict' });
      } catch (err) {
        mismatches.push({ object: label, check: 'spec', message: errorMessage(err) });
        continue;
      }
      checked++;
      if (o.status) {
        const problem = await dryRunStatus({ ...target, name: o.metadata.name }, o.status);
        if (problem) mismatches.push({ object: label, check: 'status', message: problem });
      }
    }
    console.log(
      `demo drift: ${checked} of ${seed.length} seed Flux objects validated by the real API server ` +
        `(no CRD in the test bed for ${[...notInTestbed].sort().join(', ') || 'none'})`,
    );
    for (const m of mismatches) console.log(`demo drift: ${m.check} of ${m.object}: ${m.message}`);
    expect(mismatches).toEqual([]);
  });
});
