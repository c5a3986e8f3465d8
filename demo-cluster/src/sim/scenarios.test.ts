/** The bootstrap and failure replays, observed through a client-node watch as the server would observe them. */
import { CoreV1Api, Watch } from '@kubernetes/client-node';
import { afterEach, describe, expect, it } from 'vitest';
import { eventually, kubeConfigOf } from '../__fixtures__/client.js';
import { startDemoCluster } from '../index.js';
import type { DemoCluster } from '../index.js';

type Cond = { type: string; status: string; reason?: string; message?: string };
type Ks = {
  metadata: { name: string };
  spec: { dependsOn?: Array<{ name: string }> };
  status?: { conditions?: Cond[] };
};

const ready = (k: Ks | undefined): Cond | undefined => k?.status?.conditions?.find(c => c.type === 'Ready');

let cluster: DemoCluster | undefined;
afterEach(async () => {
  await cluster?.stop();
  cluster = undefined;
});

/** Follows every Kustomization through a watch and records the order of things. */
async function watchKustomizations(c: DemoCluster) {
  const state = new Map<string, Ks>();
  const violations: string[] = [];
  const readyOrder: string[] = [];
  const reasons = new Map<string, Set<string>>();
  const messages = new Set<string>();
  const watch = await new Watch(kubeConfigOf(c)).watch(
    '/apis/kustomize.toolkit.fluxcd.io/v1/kustomizations',
    { allowWatchBookmarks: true },
    (type, obj: Ks) => {
      if (type === 'BOOKMARK' || type === 'ERROR') return;
      const name = obj.metadata.name;
      const wasReady = ready(state.get(name))?.status === 'True';
      state.set(name, obj);
      const r = ready(obj);
      if (r?.reason) reasons.set(name, (reasons.get(name) ?? new Set()).add(r.reason));
      if (r?.message) messages.add(r.message);
      if (r?.status === 'True' && !wasReady) {
        readyOrder.push(name);
        for (const dep of obj.spec.dependsOn ?? []) {
          if (ready(state.get(dep.name))?.status !== 'True')
            violations.push(`${name} turned Ready before ${dep.name}`);
        }
      }
    },
    () => undefined,
  );
  return { state, violations, readyOrder, reasons, messages, stop: () => watch.abort() };
}

describe('scenarios', () => {
  it('bootstrap: sources, then infrastructure, then its dependents; everything ends Ready', async () => {
    cluster = await startDemoCluster({
      scenario: 'bootstrap',
      speed: 25,
      periodic: false,
      bookmarkIntervalMs: 1000,
    });
    const w = await watchKustomizations(cluster);
    try {
      await cluster.settled();
      await eventually(
        () => w.state.size === 8 && [...w.state.values()].every(k => ready(k)?.status === 'True'),
        5000,
      );
      expect(w.violations).toEqual([]);
      expect(w.readyOrder.indexOf('sources')).toBeLessThan(w.readyOrder.indexOf('infrastructure'));
      expect(w.readyOrder.indexOf('infrastructure')).toBeLessThan(w.readyOrder.indexOf('controlplane'));
      expect(w.readyOrder.indexOf('infrastructure')).toBeLessThan(w.readyOrder.indexOf('dependencies'));
      expect(w.reasons.get('infrastructure')).toContain('DependencyNotReady');
      expect(w.messages).toContain("dependency 'flux-system/sources' is not ready");
      expect(w.messages).toContain("dependency 'flux-system/infrastructure' is not ready");
      const events = await kubeConfigOf(cluster)
        .makeApiClient(CoreV1Api)
        .listNamespacedEvent({ namespace: 'flux-system' });
      const reasons = new Set(events.items.map(e => e.reason));
      for (const r of [
        'NewArtifact',
        'Progressing',
        'DependencyNotReady',
        'ReconciliationSucceeded',
        'InstallSucceeded',
        'ChartPullSucceeded',
      ])
        expect(reasons).toContain(r);
      // The replayed cluster ends where the steady one starts: same objects.
      const deployments = () => cluster?.store.list('apps/Deployment') ?? [];
      // settled() fires when the last release turns Ready; its workloads are written a tick later.
      await eventually(
        () =>
          deployments().length === 20 &&
          deployments().every(d => d.status?.['readyReplicas'] === d.spec?.['replicas']),
        5000,
      );
      expect(deployments()).toHaveLength(20);
    } finally {
      w.stop();
    }
  });

  it('failure: kubecost fails to install and retries; infrastructure fails its health check; dependents wait', async () => {
    cluster = await startDemoCluster({ scenario: 'failure', speed: 25, periodic: false });
    await cluster.settled();
    const { store } = cluster;
    const conds = (gk: string, name: string): Cond[] =>
      (store.get(gk, 'flux-system', name)?.status?.['conditions'] as Cond[] | undefined) ?? [];
    const infra = conds('kustomize.toolkit.fluxcd.io/Kustomization', 'infrastructure').find(
      c => c.type === 'Ready',
    );
    expect(infra).toMatchObject({ status: 'False', reason: 'HealthCheckFailed' });
    expect(infra?.message).toContain("HelmRelease/flux-system/kubecost status: 'Failed'");
    await eventually(
      () =>
        conds('kustomize.toolkit.fluxcd.io/Kustomization', 'controlplane').find(c => c.type === 'Ready')
          ?.reason === 'DependencyNotReady',
    );
    expect(
      conds('kustomize.toolkit.fluxcd.io/Kustomization', 'dependencies').find(c => c.type === 'Ready'),
    ).toMatchObject({
      status: 'False',
      reason: 'DependencyNotReady',
      message: "dependency 'flux-system/infrastructure' is not ready",
    });
    expect(
      conds('helm.toolkit.fluxcd.io/HelmRelease', 'kubecost').find(c => c.type === 'Ready')?.status,
    ).toBe('False');
    expect(
      conds('helm.toolkit.fluxcd.io/HelmRelease', 'metrics-server').find(c => c.type === 'Ready')?.status,
    ).toBe('True');
    const warnings = store
      .list('/Event', 'flux-system')
      .filter(e => e['type'] === 'Warning')
      .map(e => e['reason']);
    expect(warnings).toEqual(expect.arrayContaining(['InstallFailed', 'HealthCheckFailed']));
  });

  it('restarts the replay while running', async () => {
    cluster = await startDemoCluster({ scenario: 'steady', periodic: false, speed: 25 });
    expect(cluster.store.list('helm.toolkit.fluxcd.io/HelmRelease')).toHaveLength(9);
    cluster.restartScenario({ scenario: 'bootstrap' });
    expect(cluster.store.list('helm.toolkit.fluxcd.io/HelmRelease')).toHaveLength(0);
    expect(
      cluster.store.get('kustomize.toolkit.fluxcd.io/Kustomization', 'flux-system', 'flux-system')?.status,
    ).toBeUndefined();
    await cluster.settled();
    expect(cluster.store.list('helm.toolkit.fluxcd.io/HelmRelease')).toHaveLength(9);
  });
});
