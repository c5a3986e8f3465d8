/**
 * Fluxscope watching a real bootstrap. testbed/test.sh brings the test bed up without Flux objects; this
 * file starts Fluxscope on it, bootstraps, and checks through Fluxscope's API what the real controllers did:
 * readiness in dependsOn order, trees equal to the controllers' inventories, a HelmRelease Deployment's
 * trace, the controllers' Events, and a Git push showing up within seconds.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ClusterObject,
  type FluxEvent,
  type FluxRuntime,
  crdSummaryOf,
  formatInventoryId,
  workloadStatusOf,
} from '@fluxscope/shared';
import {
  bootstrapTestbed,
  CHARTS_URL,
  git,
  GIT_URL,
  HELMRELEASES,
  keyOf,
  kubeClients,
  KUSTOMIZATIONS,
  listFlux,
  requestReconcile,
  startFluxscope,
  StreamWatcher,
  TESTBED_KUBECONFIG,
  type Fluxscope,
  type KubeClients,
} from './support.js';
import { waitFor } from '../../server/src/test-support/wait.js';

const EXPECTED = { Kustomization: 8, HelmRelease: 5 };

interface Ref {
  group: string;
  kind: string;
  namespace: string;
  name: string;
}
interface TreeNode {
  ref: Ref;
  found: boolean;
  children: TreeNode[];
}
interface TraceLink {
  ref: Ref;
  role: string;
  details: Array<{ label: string; value: string }>;
  missing?: boolean;
}
interface Trace {
  managed: boolean;
  chain: TraceLink[];
  ancestors: TraceLink[];
}

/**
 * helm-controller's inventory is the release manifest then the chart's crds/ CRDs; flux tree reads the
 * manifest, so it shows those CRDs only when install.crds or upgrade.crds is set (then sorted by name).
 */
function asFluxTreeShowsRelease(hr: ClusterObject, ids: string[]): string[] {
  const isCrd = (id: string) => id.endsWith('_apiextensions.k8s.io_CustomResourceDefinition');
  let end = ids.length;
  while (end > 0 && isCrd(ids[end - 1]!)) end--;
  if (end === 0) return ids;
  const spec = hr.spec as { install?: { crds?: string }; upgrade?: { crds?: string } } | undefined;
  const appends = [spec?.install?.crds, spec?.upgrade?.crds].some(p => p && p !== 'Skip');
  return [...ids.slice(0, end), ...(appends ? ids.slice(end).sort() : [])];
}

/** status.inventory.entries ids, the `<ns>_<name>_<group>_<kind>` strings the controllers wrote. */
function inventoryIds(o: ClusterObject): string[] | undefined {
  const inventory = (o.status as { inventory?: { entries?: Array<{ id: string }> } } | undefined)?.inventory;
  return inventory?.entries?.map(e => e.id);
}
/** The bootstrap's objects (demo-drift.test.ts puts suspended copies of the demo's in drift-* namespaces). */
const inFluxSystem = (o: ClusterObject) => o.metadata.namespace === 'flux-system';
const specDependsOn = (o: ClusterObject) =>
  ((o.spec?.['dependsOn'] as Array<{ name: string; namespace?: string }> | undefined) ?? []).map(
    d => `${o.kind}/${d.namespace ?? o.metadata.namespace ?? ''}/${d.name}`,
  );

describe.skipIf(!TESTBED_KUBECONFIG)('Fluxscope on the real test bed', () => {
  const kubeconfig = TESTBED_KUBECONFIG ?? '';
  let kube: KubeClients;
  let server: Fluxscope;
  let stream: StreamWatcher;
  let bootstrapMs = 0;

  beforeAll(async () => {
    kube = kubeClients(kubeconfig);
    server = await startFluxscope(kubeconfig);
    stream = await StreamWatcher.open(server.url);
    expect(stream.byKind('Kustomization'), 'test bed must start without Flux objects').toHaveLength(0);
    const start = Date.now();
    await bootstrapTestbed();
    const allReady = () =>
      Object.entries(EXPECTED).every(([kind, count]) => {
        const objects = stream.byKind(kind).filter(inFluxSystem);
        return objects.length >= count && objects.every(o => stream.readyAt.has(keyOf(o)));
      });
    await stream.until(allReady, 180_000, 'every Kustomization and HelmRelease ready');
    bootstrapMs = Date.now() - start;
    console.log(
      `bootstrap to all Ready (seen through Fluxscope's stream): ${(bootstrapMs / 1000).toFixed(1)} s`,
    );
    console.log(`ready order: ${stream.readyOrder.map(k => `${k}@${stream.readyAt.get(k)}ms`).join(', ')}`);
  });

  afterAll(async () => {
    stream?.close();
    await server?.stop();
  });

  it('every Kustomization and HelmRelease turns Ready, none before what it dependsOn', async () => {
    const objects = [
      ...(await listFlux(kube, KUSTOMIZATIONS)),
      ...(await listFlux(kube, HELMRELEASES)),
    ].filter(inFluxSystem);
    expect(objects.filter(o => o.kind === 'Kustomization')).toHaveLength(EXPECTED.Kustomization);
    expect(objects.filter(o => o.kind === 'HelmRelease')).toHaveLength(EXPECTED.HelmRelease);
    let dependencies = 0;
    for (const o of objects) {
      const at = stream.readyAt.get(keyOf(o));
      expect(at, `${keyOf(o)} turned ready`).toBeDefined();
      for (const dependency of specDependsOn(o)) {
        dependencies++;
        const depAt = stream.readyAt.get(dependency);
        expect(depAt, `${dependency} (dependency of ${keyOf(o)}) turned ready`).toBeDefined();
        // Both are stamped when their batch arrives: a dependent is never in an earlier batch.
        expect(depAt ?? Infinity, `${dependency} ready no later than ${keyOf(o)}`).toBeLessThanOrEqual(
          at ?? -1,
        );
      }
    }
    expect(dependencies, 'the fixture has dependsOn edges to check').toBeGreaterThanOrEqual(4);
  });

  it("trees equal the controllers' own status.inventory, in order, as flux tree prints them", async () => {
    const objects = [
      ...(await listFlux(kube, KUSTOMIZATIONS)),
      ...(await listFlux(kube, HELMRELEASES)),
    ].filter(inFluxSystem);
    let withInventory = 0;
    for (const o of objects) {
      const ids = inventoryIds(o);
      if (o.kind === 'HelmRelease')
        expect(ids, `helm-controller v1.6 writes ${keyOf(o)}'s status.inventory`).toBeDefined();
      if (!ids) continue;
      withInventory++;
      const tree = await server.get<TreeNode>(
        `/api/v1/tree/${o.kind}/${o.metadata.namespace}/${o.metadata.name}`,
      );
      const expected = o.kind === 'HelmRelease' ? asFluxTreeShowsRelease(o, ids) : ids;
      if (o.metadata.name === 'karpenter')
        expect(ids.length - expected.length, 'the karpenter chart has one CRD in crds/').toBe(1);
      expect(
        tree.children.map(c => formatInventoryId(c.ref)),
        `tree of ${keyOf(o)}`,
      ).toEqual(expected);
    }
    expect(withInventory).toBe(EXPECTED.Kustomization + EXPECTED.HelmRelease);
  });

  it('the trace of a Deployment a HelmRelease installed reaches the HelmRepository and GitRepository flux-system', async () => {
    const trace = await server.get<Trace>('/api/v1/trace/apps/v1/Deployment/karpenter/karpenter');
    expect(trace.managed).toBe(true);
    const roles = trace.chain.map(l => `${l.role}:${l.ref.kind}/${l.ref.name}`);
    expect(roles).toEqual([
      'object:Deployment/karpenter',
      'reconciler:HelmRelease/karpenter',
      'chart:HelmChart/flux-system-karpenter',
      'source:HelmRepository/karpenter',
    ]);
    expect(trace.chain.every(l => !l.missing)).toBe(true);
    const source = trace.chain.at(-1);
    expect(source?.details).toContainEqual({ label: 'URL', value: CHARTS_URL });
    const ancestors = trace.ancestors.map(l => `${l.ref.kind}/${l.ref.name}`);
    expect(ancestors).toEqual([
      'Kustomization/infrastructure',
      'Kustomization/flux-system',
      'GitRepository/flux-system',
    ]);
    expect(trace.ancestors.at(-1)?.details).toContainEqual({ label: 'URL', value: GIT_URL });
  });

  it('workload status is read right from the real objects: a Deployment, its kwok Pods, the Flux CRDs', async () => {
    // client-node hands typed objects back (timestamps as Date): back to JSON, as the API server sent them.
    const read = async (apiVersion: string, kind: string, namespace: string, name: string) =>
      JSON.parse(
        JSON.stringify(await kube.objects.read({ apiVersion, kind, metadata: { name, namespace } })),
      ) as ClusterObject;
    // Date.toJSON writes milliseconds the API server leaves out: compare the summaries' times as instants.
    // Key order is not compared: the route's schema serializer writes properties in the schema's order.
    const same = (a: unknown, b: unknown) => {
      const norm = (v: unknown) =>
        JSON.stringify(v, (_k, x: unknown) => {
          if (typeof x === 'string' && /^\d{4}-\d\d-\d\dT[\d:.]+Z$/.test(x)) return Date.parse(x);
          if (x && typeof x === 'object' && !Array.isArray(x))
            return Object.fromEntries(Object.entries(x).sort(([p], [q]) => (p < q ? -1 : 1)));
          return x;
        });
      return norm(a) === norm(b);
    };
    const served = (group: string, kind: string, namespace: string, name: string) =>
      server.get<{ object: ClusterObject }>(`/api/v1/objects/${group}/${kind}/${namespace}/${name}`);
    // The same summary from the kube-apiserver's object as from Fluxscope's slim copy (retried: kwok may
    // still be updating the Pods' statuses when the HelmRelease turns Ready).
    let real = await read('apps/v1', 'Deployment', 'karpenter', 'karpenter');
    await waitFor(
      async () => {
        real = await read('apps/v1', 'Deployment', 'karpenter', 'karpenter');
        const slim = (await served('apps', 'Deployment', 'karpenter', 'karpenter')).object;
        return same(slim.workload, workloadStatusOf(real));
      },
      30_000,
      'Deployment karpenter/karpenter summary matches the API server',
    );
    const status = real.status as { readyReplicas?: number; updatedReplicas?: number };
    expect(workloadStatusOf(real)?.replicas).toMatchObject({
      desired: real.spec?.['replicas'] ?? 1,
      ready: status.readyReplicas ?? 0,
      updated: status.updatedReplicas ?? 0,
    });
    expect(workloadStatusOf(real)?.rollout?.reason).toBe('NewReplicaSetAvailable');
    const pods = (await kube.core.listNamespacedPod({ namespace: 'karpenter' })).items;
    expect(pods.length, 'kwok runs the karpenter Pods').toBeGreaterThan(0);
    for (const pod of pods) {
      const name = pod.metadata?.name ?? '';
      const realPod = await read('v1', 'Pod', 'karpenter', name);
      const summary = workloadStatusOf(realPod)?.pod;
      expect(summary, name).toMatchObject({ phase: 'Running', ready: true, node: pod.spec?.nodeName });
      expect(summary?.startTime, `${name} startTime`).toBeDefined();
      expect(summary?.containers.map(c => [c.name, c.state, c.ready, c.restarts])).toEqual(
        (pod.status?.containerStatuses ?? []).map(c => [c.name, 'running', true, c.restartCount]),
      );
      await waitFor(
        async () =>
          same(
            (await served('core', 'Pod', 'karpenter', name)).object.workload,
            workloadStatusOf(await read('v1', 'Pod', 'karpenter', name)),
          ),
        30_000,
        `Pod karpenter/${name} summary matches the API server`,
      );
    }
    // The Flux CRDs as the runtime page shows them: storage and stored versions as the API server has them.
    const runtime = await server.get<FluxRuntime>('/api/v1/flux-runtime');
    // Items of a list response carry no kind: put it back, as a watch event would have it.
    const crds = (
      JSON.parse(
        JSON.stringify(
          (await kube.objects.list('apiextensions.k8s.io/v1', 'CustomResourceDefinition')).items,
        ),
      ) as ClusterObject[]
    ).map(c => ({ ...c, apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition' }));
    const fluxCrds = crds.filter(c => (crdSummaryOf(c)?.group ?? '').endsWith('.toolkit.fluxcd.io'));
    expect(fluxCrds.length).toBeGreaterThanOrEqual(10);
    for (const crd of fluxCrds) {
      const summary = crdSummaryOf(crd);
      expect(
        runtime.crds.find(c => c.name === crd.metadata.name),
        crd.metadata.name,
      ).toMatchObject({
        storage: summary?.versions.find(v => v.storage)?.name,
        storedVersions: summary?.storedVersions,
        needsMigration: false,
        deprecatedUses: [],
      });
    }
  });

  it('the Alert of the fixture covers what its eventSources select, as the objects are in the cluster', async () => {
    const runtime = await server.get<FluxRuntime>('/api/v1/flux-runtime');
    const alert = runtime.alerts.find(a => a.ref.name === 'on-call');
    const kustomizations = (await listFlux(kube, KUSTOMIZATIONS)).filter(inFluxSystem);
    expect(alert).toMatchObject({
      provider: 'on-call',
      severity: 'error',
      ready: 'True',
      sources: ['Kustomization/flux-system/*', 'HelmRelease/flux-system/karpenter'],
    });
    expect(alert?.covers.map(r => `${r.kind}/${r.name}`).sort()).toEqual(
      [...kustomizations.map(k => `Kustomization/${k.metadata.name}`), 'HelmRelease/karpenter'].sort(),
    );
    expect(runtime.providers).toContainEqual(
      expect.objectContaining({
        type: 'generic',
        ready: 'True',
        ref: expect.objectContaining({ name: 'on-call' }),
      }),
    );
  });

  it("events are the controllers' real core/v1 Events", async () => {
    const events = await server.get<FluxEvent[]>('/api/v1/events');
    const direct = (await kube.core.listEventForAllNamespaces()).items;
    // Fluxscope flattens the Event's source.component into `source`.
    const seen = new Set(events.map(e => `${String((e as { source?: unknown }).source ?? '')}:${e.reason}`));
    const seenDirect = new Set(direct.map(e => `${e.source?.component ?? ''}:${e.reason ?? ''}`));
    for (const expected of [
      'kustomize-controller:ReconciliationSucceeded',
      'helm-controller:InstallSucceeded',
      'source-controller:NewArtifact',
      'source-controller:ChartPullSucceeded',
    ]) {
      expect(seenDirect, `the API server holds ${expected}`).toContain(expected);
      expect(seen, `Fluxscope lists ${expected}`).toContain(expected);
    }
    // Every Flux event Fluxscope lists is one the API server holds, with the same reason and message.
    const byId = new Map(direct.map(e => [`${e.metadata?.namespace}/${e.metadata?.name}`, e]));
    for (const e of events) {
      const real = byId.get(e.id);
      if (!real) continue; // aged out or replaced since (count bumps keep the name)
      expect({ reason: e.reason, message: e.message, kind: e.involvedObject.kind }).toEqual({
        reason: real.reason,
        message: real.message,
        kind: real.involvedObject.kind,
      });
    }
    const fluxDirect = direct.filter(e => /fluxcd\.io\//.test(e.involvedObject.apiVersion ?? ''));
    expect(events.length).toBeGreaterThanOrEqual(fluxDirect.length * 0.9);
  });

  it('a change pushed to the Git repository shows up within seconds (new revision, new object)', async () => {
    const work = await mkdtemp(join(tmpdir(), 'fluxscope-testbed-push-'));
    try {
      await git(['clone', '-q', GIT_URL, work]);
      const name = `pushed-${Date.now()}`;
      await writeFile(
        join(work, 'application-plane/production/tenants/pushed.yaml'),
        `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n  namespace: default\ndata:\n  pushed: "yes"\n`,
      );
      const kustomization = join(work, 'application-plane/production/tenants/kustomization.yaml');
      const text = await readFile(kustomization, 'utf8');
      await writeFile(kustomization, text.replace(/resources:\n/, 'resources:\n  - pushed.yaml\n'));
      await git(['add', '.'], work);
      await git(['commit', '-q', '-m', `add ConfigMap ${name}`], work);
      await git(['push', '-q', 'origin', 'HEAD:main'], work);
      const sha = await git(['rev-parse', 'HEAD'], work);
      const revision = `main@sha1:${sha}`;

      const start = Date.now();
      // What `flux reconcile source git` does: ask source-controller to reconcile now.
      await requestReconcile(kube, {
        apiVersion: 'source.toolkit.fluxcd.io/v1',
        kind: 'GitRepository',
        namespace: 'flux-system',
        name: 'flux-system',
      });
      const artifactRevision = (o: ClusterObject | undefined) =>
        (o?.status as { artifact?: { revision?: string } } | undefined)?.artifact?.revision;
      await stream.until(
        () => artifactRevision(stream.objects.get('GitRepository/flux-system/flux-system')) === revision,
        30_000,
        `GitRepository flux-system at ${revision}`,
      );
      const sourceMs = Date.now() - start;
      await stream.until(() => stream.objects.has(`ConfigMap/default/${name}`), 60_000, `ConfigMap ${name}`);
      const objectMs = Date.now() - start;
      const tenants = () => stream.objects.get('Kustomization/flux-system/dataplane-tenants');
      await stream.until(
        () =>
          (tenants()?.status as { lastAppliedRevision?: string } | undefined)?.lastAppliedRevision ===
          revision,
        30_000,
        'dataplane-tenants applied the new revision',
      );
      console.log(
        `git push -> dashboard: new revision on the GitRepository ${(sourceMs / 1000).toFixed(1)} s, new ConfigMap ${(objectMs / 1000).toFixed(1)} s`,
      );
      expect(objectMs).toBeLessThan(30_000);
      const tree = await server.get<TreeNode>('/api/v1/tree/Kustomization/flux-system/dataplane-tenants');
      expect(tree.children.map(c => formatInventoryId(c.ref))).toContain(`default_${name}__ConfigMap`);
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  });
});
