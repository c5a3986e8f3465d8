/**
 * Faults against the real kube-apiserver, where the demo cluster could only imitate them: a restart of the
 * API server (etcd kept, so its watch cache starts over) and 403s written by real RBAC. Each test prints a
 * `[fault] ...` line like server/src/faults; figures go to docs/faults.md.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { PatchStrategy } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectionState, KindState } from '@fluxscope/shared';
import { waitFor } from '@fluxscope/server/test-support/wait';
import {
  bootstrapTestbed,
  kubeClients,
  restartApiserver,
  startFluxscope,
  startReadyFluxscope,
  TESTBED_KUBECONFIG,
  type Fluxscope,
  type KubeClients,
} from './support.js';

const run = promisify(execFile);

interface Status {
  connection: ConnectionState;
  kinds: KindState[];
  watches: Array<{ kind: string; restarts: number; relists: number }>;
}

const report = (fault: string, ms: number, saw: string) =>
  console.log(`[fault] ${fault}: recovered in ${ms} ms; user saw: ${saw}`);

describe.skipIf(!TESTBED_KUBECONFIG)('Fluxscope through real API server faults', () => {
  let kube: KubeClients;
  let fluxscope: Fluxscope;
  const status = () => fluxscope.get<Status>('/api/v1/status');

  beforeAll(async () => {
    kube = kubeClients(TESTBED_KUBECONFIG!);
    // Runs after bootstrap.test.ts (files go by name): the fixture cluster is there. Applying the bootstrap
    // again is a no-op then, and makes this file work on its own too.
    await bootstrapTestbed();
    fluxscope = await startReadyFluxscope(TESTBED_KUBECONFIG!);
  });
  afterAll(async () => {
    await fluxscope?.stop();
  });

  it('kube-apiserver restarted (etcd kept): unreachable while down, then live; a change made after it shows up', async () => {
    const restarting = restartApiserver(4);
    const shown = await waitFor(
      async () => {
        const c = (await status()).connection;
        return c.state === 'unreachable' && c.message;
      },
      20_000,
      'unreachable',
    );
    expect(shown).toMatch(/cannot reach https:\/\/127\.0\.0\.1:\d+/);
    await restarting;
    const back = Date.now();
    const stamp = new Date().toISOString();
    await waitFor(
      async () => {
        await kube.objects.patch(
          {
            apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
            kind: 'Kustomization',
            metadata: {
              name: 'flux-system',
              namespace: 'flux-system',
              annotations: { 'fluxscope.test/after-restart': stamp },
            },
          },
          undefined,
          undefined,
          undefined,
          undefined,
          PatchStrategy.MergePatch,
        );
        return true;
      },
      30_000,
      'the API server to take writes',
    );
    await waitFor(
      async () => {
        const ks = await fluxscope.get<{ object: { metadata: { annotations?: Record<string, string> } } }>(
          '/api/v1/objects/kustomize.toolkit.fluxcd.io/Kustomization/flux-system/flux-system',
        );
        return ks.object.metadata.annotations?.['fluxscope.test/after-restart'] === stamp;
      },
      30_000,
      'the change after the restart',
    ).catch((err: unknown) => {
      throw new Error(`${String(err)}\nFluxscope's log:\n${fluxscope.logs().slice(-3000)}`);
    });
    const recovery = Date.now() - back;
    // Every kind, not just this one: CRD-backed kinds get 429 (Retry-After: 1) while their watch cache fills.
    const after = await waitFor(
      async () => {
        const st = await status();
        const behind = st.kinds.filter(k => k.served && (!k.synced || k.errorCode !== undefined));
        return st.connection.state === 'connected' && behind.length === 0 && st;
      },
      30_000,
      'every kind live again',
    );
    const allLive = Date.now() - back;
    const relists = after.watches.reduce((n, w) => n + w.relists, 0) - after.watches.length;
    report(
      'real kube-apiserver restarted (4 s down)',
      allLive,
      `"${shown}", then live (the change after it in ${recovery} ms, every kind in ${allLive} ms); ${relists} relists beyond the first lists (a fresh watch cache answers old resourceVersions with 410)`,
    );
    // Was 9 s when the outage's backoff outlived the API server's own Retry-After: 1.
    expect(allLive).toBeLessThan(6_000);
  });

  it('real RBAC that omits HelmReleases: that kind is named forbidden, everything else is live and ready', async () => {
    // A user of the test bed's CA who may read every group but helm.toolkit.fluxcd.io (RBAC has no deny).
    const pki = join(dirname(TESTBED_KUBECONFIG!), 'pki');
    const dir = await mkdtemp(join(tmpdir(), 'fluxscope-rbac-'));
    const user = 'fluxscope-limited';
    await run('openssl', [
      'req',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      join(dir, 'user.key'),
      '-out',
      join(dir, 'user.csr'),
      '-subj',
      `/CN=${user}`,
    ]);
    await run('openssl', [
      'x509',
      '-req',
      '-in',
      join(dir, 'user.csr'),
      '-CA',
      join(pki, 'ca.crt'),
      '-CAkey',
      join(pki, 'ca.key'),
      '-CAcreateserial',
      '-out',
      join(dir, 'user.crt'),
      '-days',
      '1',
    ]);
    const groups = [
      '',
      'apps',
      'batch',
      'events.k8s.io',
      'source.toolkit.fluxcd.io',
      'kustomize.toolkit.fluxcd.io',
      'notification.toolkit.fluxcd.io',
      'image.toolkit.fluxcd.io',
      'infra.contrib.fluxcd.io',
      'networking.k8s.io',
      'rbac.authorization.k8s.io',
      'policy',
      'autoscaling',
      'apiextensions.k8s.io',
      'karpenter.sh',
    ];
    for (const object of [
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRole',
        metadata: { name: user },
        rules: [{ apiGroups: groups, resources: ['*'], verbs: ['get', 'list', 'watch'] }],
      },
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRoleBinding',
        metadata: { name: user },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: user },
        subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: user }],
      },
    ])
      await kube.objects.create(object);
    const kubeconfig = (await readFile(TESTBED_KUBECONFIG!, 'utf8'))
      .replace(/client-certificate: .*/, `client-certificate: ${join(dir, 'user.crt')}`)
      .replace(/client-key: .*/, `client-key: ${join(dir, 'user.key')}`);
    expect(kubeconfig).toContain(join(dir, 'user.crt'));
    await writeFile(join(dir, 'kubeconfig'), kubeconfig);

    const started = Date.now();
    const limited = await startFluxscope(join(dir, 'kubeconfig'));
    try {
      const kinds = await waitFor(
        async () => {
          const st = await limited.get<Status>('/api/v1/status');
          const hr = st.kinds.find(k => k.kind === 'HelmRelease');
          const pending = st.kinds.filter(k => k.served && !k.synced && k.errorCode !== 'forbidden');
          return hr?.errorCode === 'forbidden' && pending.length === 0 && st.kinds;
        },
        60_000,
        'HelmRelease forbidden and the rest synced',
      );
      const ms = Date.now() - started;
      const hr = kinds.find(k => k.kind === 'HelmRelease')!;
      expect(hr.error).toContain(
        `User "${user}" cannot list resource "helmreleases" in API group "helm.toolkit.fluxcd.io"`,
      );
      expect(kinds.filter(k => k.errorCode === 'forbidden').map(k => k.kind)).toEqual(['HelmRelease']);
      expect(kinds.find(k => k.kind === 'Kustomization')).toMatchObject({ synced: true });
      expect((await fetch(`${limited.url}/readyz`)).status).toBe(200);
      const tree = await limited.get<{ children: unknown[] }>(
        '/api/v1/tree/Kustomization/flux-system/flux-system',
      );
      expect(tree.children.length).toBeGreaterThan(0);
      report(
        'real RBAC without helm.toolkit.fluxcd.io',
        ms,
        `"${hr.error}"; every other kind live, /readyz 200`,
      );
    } finally {
      await limited.stop();
    }
  });
});
