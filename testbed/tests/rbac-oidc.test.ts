/**
 * Runs last (files go by name): the team namespaces it adds must not reach the parity suite.
 *
 * Sign-in with a real OpenID Connect provider (Ory Hydra and its login app, e2e/support/identity-provider.ts)
 * and per-user permissions by impersonation against the real kube-apiserver's RBAC:
 *
 * - alice (group team-a; a RoleBinding in team-a to read and patch) sees only team-a's objects, counts only
 *   those, gets buttons for team-a, can reconcile there and is refused elsewhere by the API server;
 * - bob (group viewer; read in team-a) sees team-a's objects, gets no buttons, and a 403 from the action API;
 * - carol (no binding) sees an empty cluster and a message saying why.
 *
 * The teams, their objects and RBAC: testbed/fixture/teams.yaml. Every action is one audit line naming the real user and groups. Fluxscope's own identity (the test bed's
 * admin) could see and patch everything: what each user gets is their RBAC, not the server's.
 *
 * The server watches two contexts (the test bed's, and a second one naming the same API server): each
 * cluster's routes (`/api/v1/c/{cluster}/...`) give the user their view of that cluster, and the fleet
 * routes count, list and find only what the user may see.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  ClusterObject,
  FleetFailingResponse,
  FleetResponse,
  FleetSearchResponse,
  Me,
  Snapshot,
  StatsRow,
} from '@fluxscope/shared';
import {
  type IdentityProvider,
  applyTeams,
  type TestUserName,
  signInWithFetch,
  startIdentityProvider,
} from '@fluxscope/e2e/support/identity-provider';
import { type RunningServer, freePort, startServerProcess } from '@fluxscope/e2e/support/server-process';
import { waitFor } from '../../server/src/test-support/wait.js';
import { type KubeClients, TESTBED_KUBECONFIG, kubeClients } from './support.js';

const KS_GROUP = 'kustomize.toolkit.fluxcd.io';

const namespaceOf = (o: ClusterObject) => o.metadata.namespace ?? '';
const SECOND = 'second';

/** The test bed's kubeconfig plus a context `second` for the same cluster and user: two clusters to watch. */
function twoContexts(kubeconfig: string): { file: string; first: string } {
  const config = parse(readFileSync(kubeconfig, 'utf8')) as {
    'current-context': string;
    contexts: Array<{ name: string; context: unknown }>;
  };
  const first = config['current-context'];
  const context = config.contexts.find(c => c.name === first)!;
  config.contexts.push({ name: SECOND, context: context.context });
  const file = join(mkdtempSync(join(tmpdir(), 'fluxscope-rbac-')), 'kubeconfig');
  writeFileSync(file, stringify(config), { mode: 0o600 });
  return { file, first };
}

describe.skipIf(!TESTBED_KUBECONFIG)(
  'OIDC sign-in and RBAC by impersonation (real Hydra, real kube-apiserver)',
  () => {
    let kube: KubeClients;
    let idp: IdentityProvider;
    let server: RunningServer;
    let first = '';
    const sessions = new Map<TestUserName, string>();
    const as = (user: TestUserName, path: string, init: RequestInit = {}) =>
      fetch(`${server.url}${path}`, {
        ...init,
        headers: { cookie: sessions.get(user)!, ...(init.headers as Record<string, string> | undefined) },
      });
    const json = async <T>(user: TestUserName, path: string): Promise<T> => {
      const res = await as(user, path);
      if (!res.ok) throw new Error(`GET ${path} as ${user}: ${res.status} ${await res.text()}`);
      return (await res.json()) as T;
    };
    const reconcile = (user: TestUserName, namespace: string) =>
      as(user, `/api/v1/actions/reconcile/${KS_GROUP}/Kustomization/${namespace}/apps`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-fluxscope-action': '1',
          origin: server.url,
          'sec-fetch-site': 'same-origin',
        },
        body: '{}',
      });

    beforeAll(async () => {
      kube = kubeClients(TESTBED_KUBECONFIG!);
      await applyTeams(TESTBED_KUBECONFIG!);
      const port = await freePort();
      const url = `http://127.0.0.1:${port}`;
      idp = await startIdentityProvider(url);
      const contexts = twoContexts(TESTBED_KUBECONFIG!);
      first = contexts.first;
      server = await startServerProcess(
        [
          '--kubeconfig',
          contexts.file,
          '--context',
          `${first},${SECOND}`,
          '--log-level',
          'warn',
          '--enable-actions',
          '--impersonate',
          // The groups the server may impersonate: others of a user's groups are left out.
          '--impersonate-groups',
          'team-a,viewer,developers',
          ...idp.fluxscopeArgs(url),
        ],
        { port },
      );
      for (const user of ['alice', 'bob', 'carol'] as const)
        sessions.set(user, await signInWithFetch(server.url, user));
      // The cache holds both teams (the server's identity sees everything) before users look.
      await waitFor(
        async () => {
          const res = await fetch(`${server.url}/readyz`);
          return res.ok;
        },
        60_000,
        'Fluxscope ready',
      );
    });

    afterAll(async () => {
      await server?.stop();
      await idp?.stop();
    });

    it('a wrong password on the provider signs nobody in', async () => {
      await expect(signInWithFetch(server.url, 'alice', 'wrong')).rejects.toThrow(
        /refused by the login form/,
      );
    });

    it('alice (team-a) sees only team-a, counts only team-a, and gets buttons there', async () => {
      const me = await json<Me>('alice', '/api/v1/me');
      // Two groups, each its own Impersonate-Group line: joined into one, team-a's binding would not apply.
      expect(me).toMatchObject({
        user: 'alice',
        groups: ['team-a', 'developers'],
        via: 'oidc',
        impersonated: true,
      });
      expect(me.access).toMatchObject({ everything: false, namespaces: ['team-a'], clusterWide: false });
      let snapshot: Snapshot | undefined;
      await waitFor(
        async () => {
          snapshot = await json<Snapshot>('alice', '/api/v1/snapshot');
          return snapshot.objects.some(o => o.kind === 'ConfigMap' && o.metadata.name === 'settings');
        },
        30_000,
        "alice's snapshot holds team-a's ConfigMap",
      );
      const namespaces = new Set(snapshot!.objects.map(namespaceOf));
      expect([...namespaces]).toEqual(['team-a']);
      expect(snapshot!.objects.map(o => `${o.kind}/${o.metadata.name}`)).toEqual(
        expect.arrayContaining(['Kustomization/apps', 'GitRepository/apps', 'ConfigMap/settings']),
      );
      expect(snapshot!.events.every(e => e.involvedObject.namespace === 'team-a')).toBe(true);
      expect(snapshot!.connection.actionKinds).toEqual(
        expect.arrayContaining([{ group: KS_GROUP, kind: 'Kustomization', namespaces: ['team-a'] }]),
      );
      const stats = await json<StatsRow[]>('alice', '/api/v1/stats');
      const ks = stats.find(r => r.kind === 'Kustomization')!;
      expect(ks.running + ks.suspended).toBe(1); // running counts failing ones too, as flux stats does
      // The object page reads the filtered cache: team-b's Kustomization is not there for alice.
      expect((await as('alice', `/api/v1/objects/${KS_GROUP}/Kustomization/team-b/apps`)).status).toBe(404);
      // The second cluster's routes: her view of that cluster, from her rights there.
      let second: Snapshot | undefined;
      await waitFor(
        async () => {
          second = await json<Snapshot>('alice', `/api/v1/c/${SECOND}/snapshot`);
          return second.objects.some(o => o.kind === 'Kustomization' && o.metadata.name === 'apps');
        },
        30_000,
        "the second cluster's team-a Kustomization for alice",
      );
      expect(new Set(second!.objects.map(namespaceOf))).toEqual(new Set(['team-a']));
      expect((await json<Me>('alice', `/api/v1/c/${SECOND}/me`)).access).toMatchObject({
        everything: false,
        namespaces: ['team-a'],
      });
      expect(
        (await as('alice', `/api/v1/c/${SECOND}/objects/${KS_GROUP}/Kustomization/team-b/apps`)).status,
      ).toBe(404);
      expect(
        (await as('alice', `/api/v1/c/${SECOND}/objects/${KS_GROUP}/Kustomization/team-a/apps`)).status,
      ).toBe(200);
    });

    it('the fleet counts, lists and finds only what the user may see in each cluster', async () => {
      // Alice: both clusters' team-a Kustomization (it fails: its path does not exist), never team-b's.
      const failing = await json<FleetFailingResponse>('alice', '/api/v1/fleet/failing');
      expect(failing.items.every(i => i.object.namespace === 'team-a')).toBe(true);
      for (const cluster of [first, SECOND])
        expect(failing.items).toContainEqual(
          expect.objectContaining({
            cluster,
            object: expect.objectContaining({ kind: 'Kustomization', namespace: 'team-a', name: 'apps' }),
          }),
        );
      const found = await json<FleetSearchResponse>('alice', '/api/v1/fleet/search?q=apps');
      expect(found.clusters).toEqual([first, SECOND].sort());
      expect(found.hits.length).toBeGreaterThan(0);
      expect(found.hits.every(h => h.object.namespace === 'team-a')).toBe(true);
      const rows = (await json<FleetResponse>('alice', '/api/v1/fleet')).clusters;
      expect(rows.map(r => r.name).sort()).toEqual([first, SECOND].sort());
      const snapshot = await json<Snapshot>('alice', '/api/v1/snapshot');
      const fluxObjects = snapshot.objects.filter(o => o.apiVersion.includes('fluxcd.io')).length;
      for (const row of rows) {
        expect(row.objects).toBe(fluxObjects);
        expect(row.topFailing.every(o => o.namespace === 'team-a')).toBe(true);
      }
      // Carol may list nothing: empty rows, nothing failing, nothing found.
      const carol = (await json<FleetResponse>('carol', '/api/v1/fleet')).clusters;
      expect(carol.map(r => [r.objects, r.failing])).toEqual([
        [0, 0],
        [0, 0],
      ]);
      expect((await json<FleetFailingResponse>('carol', '/api/v1/fleet/failing')).total).toBe(0);
      expect((await json<FleetSearchResponse>('carol', '/api/v1/fleet/search?q=apps')).total).toBe(0);
    });

    it('alice can reconcile in team-a; elsewhere the API server refuses her (403)', async () => {
      const ok = await reconcile('alice', 'team-a');
      expect(ok.status, await ok.clone().text()).toBe(200);
      const { requestedAt } = (await ok.json()) as { requestedAt: string };
      const live = (await kube.custom.getNamespacedCustomObject({
        group: KS_GROUP,
        version: 'v1',
        namespace: 'team-a',
        plural: 'kustomizations',
        name: 'apps',
      })) as ClusterObject;
      expect(live.metadata.annotations?.['reconcile.fluxcd.io/requestedAt']).toBe(requestedAt);
      const refused = await reconcile('alice', 'team-b');
      expect(refused.status).toBe(403);
      expect(((await refused.json()) as { message: string }).message).toMatch(
        /"alice" cannot get resource "kustomizations"/,
      );
    });

    it('bob (viewer) sees team-a, gets no buttons, and the action API answers 403', async () => {
      const snapshot = await json<Snapshot>('bob', '/api/v1/snapshot');
      expect(new Set(snapshot.objects.map(namespaceOf))).toEqual(new Set(['team-a']));
      expect(snapshot.objects.some(o => o.kind === 'Kustomization' && o.metadata.name === 'apps')).toBe(true);
      expect(snapshot.connection.actionKinds).toEqual([]);
      const refused = await reconcile('bob', 'team-a');
      expect(refused.status).toBe(403);
      expect(((await refused.json()) as { message: string }).message).toMatch(
        /"bob" cannot patch resource "kustomizations"/,
      );
    });

    it('carol (no binding) sees an empty cluster and is told why', async () => {
      const snapshot = await json<Snapshot>('carol', '/api/v1/snapshot');
      expect(snapshot.objects).toEqual([]);
      expect(snapshot.events).toEqual([]);
      const me = await json<Me>('carol', '/api/v1/me');
      expect(me.access?.message).toMatch(
        /you \(carol\) may not list any Flux object or workload in this cluster/,
      );
      const stats = await json<StatsRow[]>('carol', '/api/v1/stats');
      expect(stats.every(r => r.running + r.suspended === 0)).toBe(true);
      // The status endpoint counts what she may see too.
      const status = await json<{ objects: number; kinds: Array<{ count: number }> }>(
        'carol',
        '/api/v1/status',
      );
      expect(status.objects).toBe(0);
      expect(status.kinds.every(k => k.count === 0)).toBe(true);
    });

    it("the live stream carries only what the user may see: team-b's new ConfigMap never reaches alice", async () => {
      const snapshot = await json<Snapshot>('alice', '/api/v1/snapshot');
      const controller = new AbortController();
      const res = await as('alice', `/api/v1/stream?lastEventId=${snapshot.seq}`, {
        signal: controller.signal,
      });
      expect(res.status).toBe(200);
      const seen: string[] = [];
      const reading = (async () => {
        const decoder = new TextDecoder();
        let buffer = '';
        try {
          for await (const chunk of res.body!) {
            buffer += decoder.decode(chunk as Uint8Array, { stream: true });
            let end: number;
            while ((end = buffer.indexOf('\n\n')) >= 0) {
              const data = /^data: (.*)$/m.exec(buffer.slice(0, end))?.[1];
              buffer = buffer.slice(end + 2);
              if (!data) continue;
              for (const change of (
                JSON.parse(data) as { changes: Array<{ op: string; object?: ClusterObject }> }
              ).changes)
                if (change.op === 'upsert' && change.object)
                  seen.push(`${namespaceOf(change.object)}/${change.object.metadata.name}`);
            }
          }
        } catch {
          // aborted
        }
      })();
      const name = `late-${randomBytes(3).toString('hex')}`;
      for (const namespace of ['team-b', 'team-a'])
        await kube.core.createNamespacedConfigMap({
          namespace,
          body: { metadata: { name }, data: { a: '1' } },
        });
      await waitFor(
        async () => seen.includes(`team-a/${name}`),
        30_000,
        "team-a's new ConfigMap on alice's stream",
      );
      controller.abort();
      await reading;
      expect(seen.every(key => key.startsWith('team-a/'))).toBe(true);
    });

    it('every action is one audit line naming the real user and groups', async () => {
      const audit = server
        .logs()
        .split('\n')
        .filter(line => line.includes('"log":"audit"'))
        .map(line => JSON.parse(line) as Record<string, unknown>);
      expect(audit).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            user: 'alice',
            groups: ['team-a', 'developers'],
            via: 'oidc',
            outcome: 'ok',
            // Several clusters: the line names the cluster too.
            target: `${first}:Kustomization/team-a/apps`,
          }),
          expect.objectContaining({
            user: 'alice',
            groups: ['team-a', 'developers'],
            outcome: 'refused',
            status: 403,
            target: `${first}:Kustomization/team-b/apps`,
          }),
          expect.objectContaining({ user: 'bob', groups: ['viewer'], outcome: 'refused', status: 403 }),
        ]),
      );
    });
  },
);
