/** pods/log on the demo cluster, read through client-node's Log and raw kubectl-style requests over HTTPS. */
import { PassThrough } from 'node:stream';
import { Log } from '@kubernetes/client-node';
import { controllerLinesFor, type ClusterObject } from '@fluxscope/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, kubeConfigOf, raw } from '../__fixtures__/client.js';
import { startDemoCluster } from '../index.js';
import type { DemoCluster } from '../index.js';

let steady: DemoCluster;
let failure: DemoCluster;

beforeAll(async () => {
  [steady, failure] = await Promise.all([
    startDemoCluster({ scenario: 'steady', periodic: false }),
    startDemoCluster({ scenario: 'failure', periodic: false, speed: 50 }),
  ]);
});
afterAll(async () => {
  await Promise.all([steady.stop(), failure.stop()]);
});

const podOf = (cluster: DemoCluster, namespace: string, prefix: string): ClusterObject => {
  const pod = cluster.store.list('/Pod', namespace).find(p => p.metadata.name.startsWith(prefix));
  if (!pod) throw new Error(`no pod ${namespace}/${prefix}*`);
  return pod;
};
const containerOf = (pod: ClusterObject): string =>
  (pod.spec?.['containers'] as Array<{ name: string }>)[0]!.name;
const logPath = (pod: ClusterObject, query: string) =>
  `/api/v1/namespaces/${pod.metadata.namespace}/pods/${pod.metadata.name}/log?${query}`;

/** Reads a log through client-node's Log (the server's own path), until the stream ends. */
async function readLog(
  cluster: DemoCluster,
  pod: ClusterObject,
  options: Record<string, unknown>,
): Promise<string> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const ended = new Promise(resolve => out.on('end', resolve));
  await new Log(kubeConfigOf(cluster)).log(
    pod.metadata.namespace!,
    pod.metadata.name,
    containerOf(pod),
    out,
    options,
  );
  await ended;
  return Buffer.concat(chunks).toString('utf8');
}

describe('demo pods/log', () => {
  it('serves a running Pod history with tailLines and timestamps', async () => {
    const pod = podOf(steady, 'kubecost', 'kubecost-prometheus-server');
    const all = (await readLog(steady, pod, {})).trimEnd().split('\n');
    expect(all.length).toBe(150);
    expect(all[0]).toMatch(/^ts=\S+ caller=\S+ level=\w+ component=\w+ msg="/);
    const tail = (await readLog(steady, pod, { tailLines: 5, timestamps: true })).trimEnd().split('\n');
    expect(tail).toHaveLength(5);
    expect(tail[4]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z ts=/);
    // Same Pod, same history (times aside): the generator is deterministic.
    const msg = (line: string) => line.replace(/^.*? caller=/, '');
    expect(msg(tail[4]!)).toBe(msg(all[149]!));
  });

  it('answers like kube-apiserver for an unknown pod, container, missing previous and limitBytes', async () => {
    const pod = podOf(steady, 'kubecost', 'kubecost-prometheus-server');
    const missing = await raw(steady, 'GET', '/api/v1/namespaces/kubecost/pods/nope/log');
    expect(missing.status).toBe(404);
    expect(missing.json()['message']).toBe('pods "nope" not found');
    const badContainer = await raw(steady, 'GET', logPath(pod, 'container=nope'));
    expect(badContainer.status).toBe(400);
    expect(badContainer.json()['message']).toBe(`container nope is not valid for pod ${pod.metadata.name}`);
    const previous = await raw(steady, 'GET', logPath(pod, `container=${containerOf(pod)}&previous=true`));
    expect(previous.status).toBe(400);
    expect(previous.json()['message']).toMatch(/previous terminated container .* not found/);
    const limited = await raw(steady, 'GET', logPath(pod, 'limitBytes=100'));
    expect(Buffer.byteLength(limited.body)).toBe(100);
  });

  it('Flux controller Pods log JSON lines naming the demo objects', async () => {
    const pod = podOf(steady, 'flux-system', 'kustomize-controller');
    const text = await readLog(steady, pod, {});
    const { lines } = controllerLinesFor(text, {
      group: 'kustomize.toolkit.fluxcd.io',
      kind: 'Kustomization',
      namespace: 'flux-system',
      name: 'infrastructure',
    });
    expect(lines.length).toBeGreaterThan(3);
    expect(lines[0]).toMatchObject({
      level: 'info',
      msg: 'server-side apply completed',
      controller: 'kustomization',
    });
  });

  it('follows a running container: new lines arrive, and stop when the client aborts', async () => {
    const pod = podOf(steady, 'kubecost', 'kubecost-prometheus-server');
    steady.store.update('/Pod', 'kubecost', pod.metadata.name, p => {
      p.metadata.annotations = { ...p.metadata.annotations, 'demo.fluxscope.dev/log-rate': '50' };
    });
    const out = new PassThrough();
    // client-node pipes the response into `out` and leaves the source's errors unhandled: an abort would
    // otherwise be an uncaught AbortError. The 'pipe' event hands us the source.
    out.on('pipe', (src: NodeJS.ReadableStream) => src.on('error', () => {}));
    let lines = 0;
    out.on('data', (c: Buffer) => (lines += c.toString().split('\n').length - 1));
    const abort = await new Log(kubeConfigOf(steady)).log(
      'kubecost',
      pod.metadata.name,
      containerOf(pod),
      out,
      {
        follow: true,
        tailLines: 0,
      },
    );
    await eventually(() => lines >= 10, 5000);
    abort.abort();
  });

  it('failure: the crash-looping cost-analyzer logs a panic with its stack, now and as previous', async () => {
    await failure.settled();
    // helm-controller's remediation uninstalls and installs again, deleting and recreating the Pod: retry
    // until one read finds it in place.
    const crashing = () =>
      failure.store
        .list('/Pod', 'kubecost')
        .find(
          p =>
            p.metadata.name.startsWith('kubecost-cost-analyzer') &&
            JSON.stringify(p.status ?? {}).includes('CrashLoopBackOff'),
        );
    const logs = await eventually(async () => {
      const pod = crashing();
      if (!pod) return undefined;
      try {
        return [
          await readLog(failure, pod, { previous: false }),
          await readLog(failure, pod, { previous: true }),
        ];
      } catch {
        return undefined;
      }
    }, 20_000);
    for (const text of logs) {
      expect(text).toContain('panic: runtime error: invalid memory address or nil pointer dereference');
      expect(text).toMatch(/goroutine 1 \[running\]:\n.*costmodel/);
    }
  });
});
