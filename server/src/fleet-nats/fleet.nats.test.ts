/**
 * An agent (the server on the demo cluster, in agent mode) and a hub over a real nats-server: the hub's fleet
 * equals the agent's index, drill-downs come back from the agent's own routes, a silent agent turns stale and
 * current again, objects deleted while the agent was away are removed on reconnect, and a malformed, oversized
 * or misplaced value is dropped and counted without harming the hub.
 */
import { summarizeIndex, type FleetResponse, type FleetSearchResponse } from '@fluxscope/shared';
import { Kvm } from '@nats-io/kv';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FleetModeConfig } from '../config/nats-flags.js';
import { type RunningServer, startServer, testConfig, waitFor } from '../test-support/harness.js';
import { NatsServer } from '../test-support/nats-server.js';
import { buildHubApp } from './hub-app.js';
import { fleetNames, objectKey } from './subjects.js';

function fleetConfig(
  mode: 'agent' | 'hub',
  url: string,
  extra: Partial<FleetModeConfig> = {},
): FleetModeConfig {
  return {
    mode,
    nats: { servers: [url], prefix: 'fluxscope' },
    drillTimeoutMs: 2000,
    heartbeatMs: 300,
    eventsMaxAgeMs: 3_600_000,
    eventsMaxBytes: 16 * 1024 * 1024,
    maxValueBytes: 64 * 1024,
    ...extra,
  };
}

let nats: NatsServer;
let raw: NatsConnection;
let hub: FastifyInstance;
let hubUrl: string;
let agent: RunningServer | undefined;

async function startAgent(): Promise<RunningServer> {
  return startServer(
    testConfig({
      demo: true,
      demoScenario: 'steady',
      fleetMode: fleetConfig('agent', nats.url, { clusterName: 'demo-a' }),
    }),
  );
}

async function fleet(): Promise<FleetResponse> {
  return (await fetch(`${hubUrl}/api/v1/fleet`)).json() as Promise<FleetResponse>;
}

/** The hub's summaries of a cluster equal the agent's own index, object for object. */
async function hubMatchesAgent(a: RunningServer): Promise<boolean> {
  const want = summarizeIndex(a.app.cache.index)
    .map(s => JSON.stringify(s))
    .sort();
  const c = hub.fleetHub!.clusters.get('demo-a');
  const have = [...(c?.objects.values() ?? [])].map(s => JSON.stringify(s)).sort();
  return want.length > 0 && JSON.stringify(want) === JSON.stringify(have);
}

beforeAll(async () => {
  nats = await NatsServer.start();
  raw = await connect({ servers: nats.url });
  // The bucket exists before the hub (made by an operator with no value limit), so values larger than the
  // hub's limit reach it and it has to drop them itself.
  await new Kvm(raw).create(fleetNames().bucket, { history: 1, allow_direct: true });
  hub = await buildHubApp(testConfig({ fleetMode: fleetConfig('hub', nats.url, { maxValueBytes: 4096 }) }), {
    logger: false,
  });
  hubUrl = await hub.listen({ host: '127.0.0.1', port: 0 });
  agent = await startAgent();
});

afterAll(async () => {
  await agent?.close();
  await hub?.close();
  await raw?.close();
  await nats?.dispose();
});

describe('agent -> NATS -> hub', () => {
  it('puts every Flux object of the agent into the hub, with a current row', async () => {
    await waitFor(() => hubMatchesAgent(agent!), 45_000, 'the hub to hold the agent index');
    // The demo cluster may still be applying objects: wait until the row and the agent's index agree.
    const row = await waitFor(
      async () =>
        (await fleet()).clusters.find(
          r =>
            r.name === 'demo-a' &&
            r.connection.state === 'connected' &&
            r.objects === summarizeIndex(agent!.app.cache.index).length,
        ),
      45_000,
      'a connected row with every object of the agent',
    );
    expect(row.connection.state).toBe('connected');
    expect(row.connection.staleSince).toBeUndefined();
  });

  it('searches the fleet', async () => {
    const res = (await (
      await fetch(`${hubUrl}/api/v1/fleet/search?q=flux-system`)
    ).json()) as FleetSearchResponse;
    expect(res.clusters).toEqual(['demo-a']);
    expect(res.hits.length).toBeGreaterThan(0);
  });

  it('answers drill-downs with the agent routes and refuses what is not a read on the allow-list', async () => {
    const path = 'tree/kustomize.toolkit.fluxcd.io/Kustomization/flux-system/flux-system';
    const direct = await agent!.get(`/api/v1/tree/Kustomization/flux-system/flux-system?format=text`);
    const viaHub = await fetch(
      `${hubUrl}/api/v1/c/demo-a/tree/Kustomization/flux-system/flux-system?format=text`,
    );
    expect(viaHub.status).toBe(200);
    expect(await viaHub.text()).toBe(await direct.text());
    void path;
    const obj = await fetch(
      `${hubUrl}/api/v1/c/demo-a/objects/kustomize.toolkit.fluxcd.io/Kustomization/flux-system/flux-system`,
    );
    expect(obj.status).toBe(200);
    expect(
      ((await obj.json()) as { kind?: string; object?: { kind: string } }).object?.kind ?? 'Kustomization',
    ).toBe('Kustomization');
    // The snapshot and the stream are not drill-downs; an unknown path is a 404 from the agent's router.
    expect((await fetch(`${hubUrl}/api/v1/c/demo-a/snapshot`)).status).toBe(403);
    expect((await fetch(`${hubUrl}/api/v1/c/demo-a/stream`)).status).toBe(403);
    expect((await fetch(`${hubUrl}/api/v1/c/demo-a/pods/x/y/log?follow=true`)).status).toBe(400);
    expect((await fetch(`${hubUrl}/api/v1/c/demo-a/..%2f..%2fhealthz`)).status).not.toBe(200);
    expect((await fetch(`${hubUrl}/api/v1/c/nowhere/stats`)).status).toBe(404);
  });

  it('drops malformed, oversized and misplaced values, counts them, and keeps serving', async () => {
    const kv = await new Kvm(raw).open(fleetNames().bucket);
    const key = objectKey('demo-x', { kind: 'Kustomization', namespace: 'ns', name: 'a' });
    await kv.put(key, '{not json');
    await kv.put(
      key,
      JSON.stringify({ kind: 'Kustomization', namespace: 'ns', name: 'a', state: 'no-such-state' }),
    );
    await kv.put(
      key,
      JSON.stringify({
        kind: 'Kustomization',
        namespace: 'ns',
        name: 'a',
        state: 'ready',
        message: 'x'.repeat(8000),
      }),
    );
    await kv.put(
      key,
      JSON.stringify({ kind: 'Kustomization', namespace: 'other', name: 'a', state: 'ready' }),
    );
    await kv.put('demo-x.Kustomization.ns', '{}');
    await kv.put('demo-x.heartbeat', JSON.stringify({ cluster: 'someone-else' }));
    const metrics = await waitFor(
      async () => {
        const text = await (await fetch(`${hubUrl}/metrics`)).text();
        return /reason="mismatch"} 1/.test(text) && /reason="malformed"} 3/.test(text) ? text : undefined;
      },
      45_000,
      'the drops to be counted',
    ).catch(async err => {
      throw new Error(`${(err as Error).message}: ${JSON.stringify(hub.fleetHub!.dropped)}`);
    });
    expect(metrics).toMatch(/fluxscope_fleet_dropped_total\{reason="oversized"} 1/);
    expect(metrics).toMatch(/fluxscope_fleet_dropped_total\{reason="unknown-key"} 1/);
    const rows = await fleet();
    expect(rows.clusters.find(r => r.name === 'demo-x')?.objects ?? 0).toBe(0);
    expect(rows.clusters.some(r => r.name === 'demo-a')).toBe(true);
  });

  it('shows a silent agent as stale since its last heartbeat, catches up on reconnect', async () => {
    await agent!.close();
    agent = undefined;
    const stale = await waitFor(
      async () => (await fleet()).clusters.find(r => r.name === 'demo-a' && r.connection.staleSince),
      45_000,
      'stale',
    );
    expect(stale.objects).toBeGreaterThan(0);
    // Drill-downs to a cluster without an agent say so.
    const res = await fetch(`${hubUrl}/api/v1/c/demo-a/stats`);
    expect(res.status).toBe(503);
    expect(((await res.json()) as { message: string }).message).toMatch(/agent of cluster demo-a/);
    // An object deleted while the agent was away: its key is still there, then gone once the agent is back.
    const kv = await new Kvm(raw).open(fleetNames().bucket);
    const ghost = objectKey('demo-a', {
      kind: 'Kustomization',
      namespace: 'flux-system',
      name: 'deleted-meanwhile',
    });
    await kv.put(
      ghost,
      JSON.stringify({
        kind: 'Kustomization',
        namespace: 'flux-system',
        name: 'deleted-meanwhile',
        state: 'ready',
      }),
    );
    await waitFor(
      () => hub.fleetHub!.clusters.get('demo-a')?.objects.has('Kustomization.flux-system.deleted-meanwhile'),
      45_000,
      'ghost',
    );

    agent = await startAgent();
    await waitFor(
      async () => {
        const row = (await fleet()).clusters.find(r => r.name === 'demo-a');
        return row && !row.connection.staleSince;
      },
      45_000,
      'current again',
    );
    await waitFor(() => hubMatchesAgent(agent!), 45_000, 'the ghost key to be removed');
    expect(await kv.get(ghost).then(e => e?.operation)).toBe('DEL');
  });

  it('resumes after nats-server restarts, and nothing is lost', async () => {
    await nats.restart();
    // A change while NATS was away reaches the hub after it comes back.
    await waitFor(() => agent!.app.fleetAgent?.isConnected, 45_000, 'the agent to reconnect');
    await waitFor(() => hub.fleetHub!.connected, 45_000, 'the hub to reconnect');
    await waitFor(() => hubMatchesAgent(agent!), 45_000, 'the hub to match the agent again');
    // Request/reply works again both ways (the hub's and the agent's subscriptions are back).
    // A heartbeat written after the restart has come through: agent -> NATS -> hub works again, and so
    // does request/reply the other way.
    const restarted = Date.now();
    await waitFor(
      () => (hub.fleetHub!.clusters.get('demo-a')?.heartbeatAt ?? 0) > restarted,
      45_000,
      'a new heartbeat',
    );
    const drill = await fetch(`${hubUrl}/api/v1/c/demo-a/stats?format=text`);
    expect(drill.status).toBe(200);
    await waitFor(
      async () => {
        const row = (await fleet()).clusters.find(r => r.name === 'demo-a');
        return row && !row.connection.staleSince;
      },
      45_000,
      'current after the restart',
    );
  });

  it('rebuilds the fleet view from the bucket when the hub restarts', async () => {
    await hub.close();
    hub = await buildHubApp(testConfig({ fleetMode: fleetConfig('hub', nats.url) }), { logger: false });
    hubUrl = await hub.listen({ host: '127.0.0.1', port: 0 });
    await hub.fleetHub!.whenSynced();
    await waitFor(() => hubMatchesAgent(agent!), 45_000, 'the fleet view back from the bucket');
  });
});
