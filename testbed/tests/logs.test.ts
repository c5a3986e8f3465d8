/**
 * Pod logs through the real kube-apiserver: it proxies pods/log to kwok's kubelet port, and kwok serves
 * files in the CRI log format (up.sh: ClusterLogs rules). The Pods named like the Flux controllers log what
 * the real controllers wrote (their own log files, converted live), so the per-object controller log filter
 * is checked here against real Flux output, with the raw log file as the truth.
 */
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ControllerLogs, PodLogTargets } from '@fluxscope/shared';
import { waitFor } from '../../server/src/test-support/wait.js';
import {
  bootstrapTestbed,
  kubeClients,
  requestReconcile,
  startReadyFluxscope,
  TESTBED_KUBECONFIG,
  type Fluxscope,
  type KubeClients,
} from './support.js';

/** The Pods up.sh names like the controllers' (testbed/up.sh controller_pod). */
const CONTROLLER_PODS: Record<string, string> = {
  'source-controller': 'source-controller-7d9c5b8f6c-2xk4p',
  'kustomize-controller': 'kustomize-controller-5f7b9d6c4d-9vq8m',
  'helm-controller': 'helm-controller-6c8d5f7b9b-t4w2n',
  'notification-controller': 'notification-controller-8b6c4d9f5c-k7x3r',
};
const KUSTOMIZE_POD = CONTROLLER_PODS['kustomize-controller']!;

/** The controller's own log, read from disk: each JSON line that controller-runtime logged for this object. */
async function truth(controller: string, kind: string, namespace: string, name: string): Promise<string[]> {
  const text = await readFile(join(dirname(TESTBED_KUBECONFIG!), 'logs', `${controller}.log`), 'utf8');
  const out: string[] = [];
  for (const line of text.split('\n')) {
    if (!line.startsWith('{')) continue;
    const o = JSON.parse(line) as Record<string, unknown>;
    const ref = o[kind] as { name?: string; namespace?: string } | undefined;
    if (o['controllerKind'] === kind && ref?.name === name && ref.namespace === namespace)
      out.push(`${String(o['ts'])} ${String(o['msg'])}`);
  }
  return out;
}

describe.skipIf(!TESTBED_KUBECONFIG)('Pod logs on the real API server (kwok kubelet)', () => {
  let kube: KubeClients;
  let fluxscope: Fluxscope;
  const get = (path: string) => fetch(`${fluxscope.url}${path}`);

  beforeAll(async () => {
    kube = kubeClients(TESTBED_KUBECONFIG!);
    await bootstrapTestbed();
    fluxscope = await startReadyFluxscope(TESTBED_KUBECONFIG!);
  });
  afterAll(async () => {
    await fluxscope?.stop();
  });

  it("a fixture workload's Pod: its log file through pods/log, tailLines honoured", async () => {
    const pods = await kube.core.listNamespacedPod({
      namespace: 'flux-system',
      labelSelector: 'app=capacitor',
    });
    const pod = pods.items[0]?.metadata?.name;
    expect(pod, 'the capacitor Pod').toBeDefined();
    const targets = (await (await get(`/api/v1/pods/flux-system/${pod}/containers`)).json()) as PodLogTargets;
    expect(targets.containers).toMatchObject([{ name: 'capacitor', state: 'running', started: true }]);
    const res = await get(`/api/v1/pods/flux-system/${pod}/log?tailLines=3`);
    expect(res.status).toBe(200);
    expect((await res.text()).trimEnd().split('\n')).toEqual([
      'level=info run=current line=298 msg="request served"',
      'level=info run=current line=299 msg="request served"',
      'level=error run=current line=300 msg="upstream timed out"',
    ]);
    const stamped = (
      await (await get(`/api/v1/pods/flux-system/${pod}/log?tailLines=1&timestamps=true`)).text()
    ).trim();
    expect(stamped).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z level=error run=current line=300 /);
    const unknown = await get(`/api/v1/pods/flux-system/${pod}/log?container=nope`);
    expect(unknown.status).toBe(404);
  });

  it("a controller Pod's log is the real controller's JSON log", async () => {
    const text = await (await get(`/api/v1/pods/flux-system/${KUSTOMIZE_POD}/log?tailLines=20`)).text();
    const lines = text.trimEnd().split('\n');
    expect(lines.length).toBe(20);
    for (const line of lines.filter(l => l.startsWith('{')))
      expect(JSON.parse(line)).toMatchObject({
        level: expect.any(String),
        ts: expect.any(String),
        msg: expect.any(String),
      });
  });

  for (const [controller, group, kind, name] of [
    ['kustomize-controller', 'kustomize.toolkit.fluxcd.io', 'Kustomization', 'flux-system'],
    ['kustomize-controller', 'kustomize.toolkit.fluxcd.io', 'Kustomization', 'infrastructure'],
    ['helm-controller', 'helm.toolkit.fluxcd.io', 'HelmRelease', 'karpenter'],
    ['source-controller', 'source.toolkit.fluxcd.io', 'GitRepository', 'flux-system'],
  ] as const) {
    it(`controller lines of ${kind}/flux-system/${name} are exactly what ${controller} logged for it`, async () => {
      const before = await truth(controller, kind, 'flux-system', name);
      expect(before.length, `${controller} logged ${name}`).toBeGreaterThan(0);
      // The converter copies new lines every 250 ms: wait until pods/log has caught up with the file.
      let logs: ControllerLogs | undefined;
      await waitFor(
        async () => {
          logs = await fluxscope.get<ControllerLogs>(
            `/api/v1/controller-logs/${group}/${kind}/flux-system/${name}`,
          );
          return logs.lines.length >= before.length;
        },
        20_000,
        'pods/log caught up',
      );
      const after = new Set(await truth(controller, kind, 'flux-system', name));
      expect(logs!.controller).toBe(controller);
      expect(logs!.pods).toEqual([`flux-system/${CONTROLLER_PODS[controller]}`]);
      for (const line of logs!.lines) expect(after.has(`${line.ts} ${line.msg}`), line.msg).toBe(true);
      expect(logs!.lines.every(l => l.controller === kind.toLowerCase())).toBe(true);
    });
  }

  it("follow: a reconcile the test asks for shows up live in the controller Pod's log", async () => {
    const abort = new AbortController();
    const res = await fetch(
      `${fluxscope.url}/api/v1/pods/flux-system/${KUSTOMIZE_POD}/log?follow=true&tailLines=0`,
      { signal: abort.signal },
    );
    expect(res.status).toBe(200);
    // What `flux reconcile kustomization flux-system` does.
    await requestReconcile(kube, {
      apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
      kind: 'Kustomization',
      namespace: 'flux-system',
      name: 'flux-system',
    });
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    const deadline = Date.now() + 90_000;
    while (!/"Kustomization":\{"name":"flux-system","namespace":"flux-system"\}/.test(text)) {
      if (Date.now() > deadline)
        throw new Error(`no line about flux-system within 90 s; got:\n${text.slice(-2000)}`);
      const { value, done } = await reader.read();
      if (done) throw new Error('the follow stream ended');
      text += decoder.decode(value);
    }
    abort.abort();
  });
});
