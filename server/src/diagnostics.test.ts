/**
 * Workload diagnostics against the demo cluster's `failure` scenario, over HTTP through client-node: the root
 * cause reaches the crash-looping Pod (JSON and text), its Events are served, the Flux runtime lists the
 * controllers and CRDs, and slim workloads carry their container states.
 */
import { startDemoCluster, type DemoCluster } from '@fluxscope/demo-cluster';
import type { ClusterObject, FluxEvent, FluxRuntime, RootCause } from '@fluxscope/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stopWithin } from './kube/demo.js';
import { type RunningServer, startServer, testConfig, waitFor, writeTemp } from './test-support/harness.js';

const INFRA = '/api/v1/root-cause/kustomize.toolkit.fluxcd.io/Kustomization/flux-system/infrastructure';

describe('diagnostics on the demo failure scenario', () => {
  let demo: DemoCluster;
  let server: RunningServer;

  beforeAll(async () => {
    demo = await startDemoCluster({ scenario: 'failure', speed: 25, periodic: false });
    server = await startServer(testConfig({ kubeconfig: writeTemp('kubeconfig', demo.kubeconfig) }));
    await demo.settled();
    // The end state: kubecost out of retries (Stalled, its objects left in place), every other release installed.
    await waitFor(
      async () => {
        const cause = await server.json<RootCause | null>(INFRA);
        const rt = await server.json<FluxRuntime>('/api/v1/flux-runtime');
        return (
          cause?.culpritState === 'stalled' &&
          cause.workload?.pod !== undefined &&
          rt.controllers.some(c => c.name === 'tf-controller' && c.ready === c.desired)
        );
      },
      30_000,
      'kubecost stalled with its crash-looping Pod',
    );
  }, 60_000);
  afterAll(async () => {
    await server?.close();
    if (demo) await stopWithin(demo, 1000);
  });

  it('root cause: infrastructure → HelmRelease kubecost → Deployment → the crash-looping Pod, in one line', async () => {
    const cause = await server.json<RootCause>(INFRA);
    expect(cause.culprit).toMatchObject({ kind: 'HelmRelease', name: 'kubecost' });
    expect(cause.workload).toMatchObject({
      workload: { kind: 'Deployment', namespace: 'kubecost', name: 'kubecost-cost-analyzer' },
      pod: { kind: 'Pod', namespace: 'kubecost' },
      container: 'analyzer',
    });
    expect(cause.workload?.line).toMatch(
      /^Pod kubecost\/kubecost-cost-analyzer-[a-z0-9]+-[a-z0-9]+: container analyzer CrashLoopBackOff, 7 restarts, last exit 1 \(Error\) \d+[smh]\S* ago$/,
    );
    const text = await (await server.get(`${INFRA}?format=text`)).text();
    expect(text).toContain('Culprit:  HelmRelease/flux-system/kubecost (');
    expect(text).toContain(`Why:      ${cause.workload?.line.replace(/\d+[smh]\S* ago$/, '')}`);
    const ok = await (
      await server.get(
        '/api/v1/root-cause/kustomize.toolkit.fluxcd.io/Kustomization/flux-system/sources?format=text',
      )
    ).text();
    expect(ok).toBe('Kustomization/flux-system/sources is not blocked\n');
  });

  it('slim Pods carry container states, and their Events are served with all=true', async () => {
    const cause = await server.json<RootCause>(INFRA);
    const pod = cause.workload!.pod!;
    const detail = await server.json<{ object: ClusterObject }>(
      `/api/v1/objects/core/Pod/kubecost/${pod.name}`,
    );
    expect(detail.object.spec).toBeUndefined();
    expect(detail.object.workload?.pod?.containers[0]).toMatchObject({
      name: 'analyzer',
      state: 'waiting',
      reason: 'CrashLoopBackOff',
      restarts: 7,
      last: { exitCode: 1, reason: 'Error' },
    });
    const events = await server.json<FluxEvent[]>(
      `/api/v1/events?all=true&kind=Pod&namespace=kubecost&name=${pod.name}`,
    );
    expect(events.map(e => `${e.type} ${e.reason}`)).toContain('Warning BackOff');
    expect(
      await server.json<FluxEvent[]>(`/api/v1/events?kind=Pod&namespace=kubecost&name=${pod.name}`),
    ).toEqual([]);
  });

  it('flux runtime: the controllers with their version, the Flux CRDs with their versions', async () => {
    const rt = await server.json<FluxRuntime>('/api/v1/flux-runtime');
    expect(rt.namespace).toBe('flux-system');
    expect(rt.controllers.map(c => c.name)).toEqual([
      'helm-controller',
      'image-automation-controller',
      'image-reflector-controller',
      'kustomize-controller',
      'notification-controller',
      'source-controller',
      // The tofu controller, installed by the tf-controller HelmRelease, runs in flux-system too.
      'tf-controller',
    ]);
    const core = rt.controllers.filter(c => c.image.startsWith('ghcr.io/fluxcd/'));
    expect(core).toHaveLength(6);
    expect(core.every(c => c.version === 'v1.6.0' && c.ready === c.desired)).toBe(true);
    expect(rt.crds.find(c => c.name === 'helmreleases.helm.toolkit.fluxcd.io')).toMatchObject({
      storage: 'v2',
      needsMigration: false,
    });
  });
});
