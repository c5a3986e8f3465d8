/**
 * NATS permissions as an attacker sees them: nats-server runs with the generated authorization (one NKey
 * user per agent, one for the hub). A real agent and hub work under it; then, holding agent A's own seed, we
 * try to write, delete and read cluster B's keys, answer B's drill-downs, write B's events, listen to the
 * hub's replies and wipe the bucket, and every attempt is refused by the server.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type FleetResponse } from '@fluxscope/shared';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { Kvm } from '@nats-io/kv';
import { connect, nkeyAuthenticator, type NatsConnection } from '@nats-io/transport-node';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FleetModeConfig } from '../config/nats-flags.js';
import { type RunningServer, startServer, testConfig, waitFor } from '../test-support/harness.js';
import { NatsServer } from '../test-support/nats-server.js';
import { buildHubApp } from './hub-app.js';
import { type FleetUser, fleetAuthorization, newUser } from './server-config.js';
import { fleetNames, heartbeatKey, objectKey } from './subjects.js';

const names = fleetNames();
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fluxscope-nkeys-'));
const hubUser = newUser();
const userA = newUser();
const userB = newUser();

function seedFile(name: string, user: FleetUser): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, user.seed, { mode: 0o600 });
  return file;
}

function fleetConfig(mode: 'agent' | 'hub', url: string, seed: string, cluster?: string): FleetModeConfig {
  return {
    mode,
    nats: { servers: [url], prefix: 'fluxscope', nkeySeedFile: seed },
    ...(cluster ? { clusterName: cluster } : {}),
    drillTimeoutMs: 15_000,
    heartbeatMs: 500,
    eventsMaxAgeMs: 3_600_000,
    eventsMaxBytes: 16 * 1024 * 1024,
    maxValueBytes: 64 * 1024,
  };
}

let nats: NatsServer;
let hub: FastifyInstance;
let hubUrl: string;
let agentA: RunningServer;
/** The attacker: a connection with agent A's own credentials and inbox prefix. */
let evil: NatsConnection;

async function asUser(user: FleetUser, inboxPrefix?: string): Promise<NatsConnection> {
  return connect({
    servers: nats.url,
    authenticator: nkeyAuthenticator(new TextEncoder().encode(user.seed)),
    ...(inboxPrefix ? { inboxPrefix } : {}),
  });
}

/** Resolves to the error the server answered with (a refused publish never gets a JetStream ack). */
async function refused(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    return String((err as Error).message ?? err);
  }
  throw new Error('the server accepted it');
}

beforeAll(async () => {
  nats = await NatsServer.start({
    config: fleetAuthorization(hubUser, [
      { cluster: 'demo-a', user: userA },
      { cluster: 'demo-b', user: userB },
    ]),
  });
  hub = await buildHubApp(
    testConfig({ fleetMode: fleetConfig('hub', nats.url, seedFile('hub.nk', hubUser)) }),
    { logger: false },
  );
  hubUrl = await hub.listen({ host: '127.0.0.1', port: 0 });
  agentA = await startServer(
    testConfig({
      demo: true,
      demoScenario: 'steady',
      fleetMode: fleetConfig('agent', nats.url, seedFile('a.nk', userA), 'demo-a'),
    }),
  );
  evil = await asUser(userA, names.inboxPrefix('demo-a'));
});

afterAll(async () => {
  await evil?.close();
  await agentA?.close();
  await hub?.close();
  await nats?.dispose();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('fleet permissions', () => {
  it('let an agent and the hub do their work', async () => {
    const row = await waitFor(
      async () => {
        const res = (await (await fetch(`${hubUrl}/api/v1/fleet`)).json()) as FleetResponse;
        return res.clusters.find(
          r => r.name === 'demo-a' && r.objects > 10 && r.connection.state === 'connected',
        );
      },
      45_000,
      'demo-a on the fleet page',
    );
    expect(row.objects).toBeGreaterThan(10);
    const stats = await fetch(`${hubUrl}/api/v1/c/demo-a/stats?format=text`);
    expect(stats.status).toBe(200);
    // The agent reconciles (reads its own keys back) on connect: that needs the consumer it is allowed.
    await waitFor(() => (agentA.app.fleetAgent?.stats.reconciles ?? 0) > 0, 45_000, 'a reconcile');
  });

  it("refuse agent A's credentials writing or deleting cluster B's keys", async () => {
    const kv = await new Kvm(evil).open(names.bucket, { allow_direct: true });
    const bKey = objectKey('demo-b', {
      kind: 'Kustomization',
      namespace: 'flux-system',
      name: 'flux-system',
    });
    const fake = JSON.stringify({
      kind: 'Kustomization',
      namespace: 'flux-system',
      name: 'flux-system',
      state: 'failed',
    });
    expect(await refused(kv.put(bKey, fake))).toMatch(/permission|timeout/i);
    expect(await refused(kv.put(heartbeatKey('demo-b'), '{}'))).toMatch(/permission|timeout/i);
    expect(await refused(kv.delete(bKey))).toMatch(/permission|timeout/i);
    // The hub never saw any of it.
    expect(hub.fleetHub!.clusters.has('demo-b')).toBe(false);
    // While its own keys are its to write.
    await kv.put(
      objectKey('demo-a', { kind: 'Kustomization', namespace: 'x', name: 'y' }),
      fake.replace(/flux-system/g, 'y').replace('"namespace":"y"', '"namespace":"x"'),
    );
  });

  it("refuse reading cluster B's keys, answering its drill-downs or writing its events", async () => {
    const kv = await new Kvm(evil).open(names.bucket, { allow_direct: true });
    expect(
      await refused(kv.get(objectKey('demo-b', { kind: 'Kustomization', namespace: 'a', name: 'b' }))),
    ).toMatch(/permission|timeout/i);
    expect(
      await refused(
        (async () => {
          const keys = await kv.keys('demo-b.>');
          for await (const k of keys) void k;
        })(),
      ),
    ).toMatch(/permission|timeout/i);
    const js = jetstream(evil);
    expect(await refused(js.publish(names.eventsSubject('demo-b'), '{}'))).toMatch(/permission|timeout/i);

    for (const subject of [
      names.drillSubject('demo-b'),
      `${names.hubInboxPrefix}.>`,
      `${names.inboxPrefix('demo-b')}.>`,
      '>',
    ]) {
      const sub = evil.subscribe(subject);
      const closed = await Promise.race([
        // A refused subscription is closed with the server's permission error as its value.
        sub.closed.then(
          (v: unknown) => (v instanceof Error ? v.message : 'closed without an error'),
          (err: unknown) => String((err as Error).message),
        ),
        new Promise<string>(r => setTimeout(() => r('still open'), 3000)),
      ]);
      expect(closed, subject).toMatch(/permission/i);
    }
  });

  it('refuse wiping the bucket or the events stream', async () => {
    const jsm = await jetstreamManager(evil, { checkAPI: false });
    expect(await refused(jsm.streams.purge(`KV_${names.bucket}`))).toMatch(/permission|timeout/i);
    expect(await refused(jsm.streams.delete(names.eventsStream))).toMatch(/permission|timeout/i);
    expect(await refused(jsm.streams.deleteMessage(`KV_${names.bucket}`, 1))).toMatch(/permission|timeout/i);
  });

  it('refuse connections without a known NKey', async () => {
    expect(await refused(connect({ servers: nats.url, reconnect: false }))).toMatch(/authorization/i);
    const stranger = newUser();
    expect(
      await refused(
        connect({
          servers: nats.url,
          reconnect: false,
          authenticator: nkeyAuthenticator(new TextEncoder().encode(stranger.seed)),
        }),
      ),
    ).toMatch(/authorization/i);
  });
});
