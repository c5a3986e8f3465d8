/**
 * The fleet over NATS with real parts: three agents (two demo clusters and the test bed's real kube-apiserver
 * with real Flux controllers) -> one nats-server (JetStream, 127.0.0.1, free port) -> one hub, all built
 * processes (server/dist/main.js). The hub's rows must equal each agent's own row (the agent is the same
 * server: its /api/v1/fleet describes its one cluster), drill-downs into the test bed come back as the
 * agent answers them and name the controllers' own objects, and the fleet survives losing an agent, NATS
 * and the hub itself.
 */
import { execFile, execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { FleetCluster, FleetResponse } from '@fluxscope/shared';
import { NatsServer } from '@fluxscope/server/test-support/nats-server';
import { type RunningServer, startServerProcess } from '@fluxscope/e2e/support/server-process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../../server/src/test-support/wait.js';
import {
  KUSTOMIZATIONS,
  ROOT,
  TESTBED_KUBECONFIG,
  bootstrapTestbed,
  kubeClients,
  listFlux,
} from './support.js';

const TESTBED_BIN = execFileSync('bash', [join(ROOT, 'testbed/build.sh'), '--print-bin'], {
  encoding: 'utf8',
}).trim();

const HEARTBEAT_S = '1';
const exec = promisify(execFile);

async function kubectl(args: string[]): Promise<void> {
  await exec(join(TESTBED_BIN, 'kubectl'), ['--kubeconfig', TESTBED_KUBECONFIG!, ...args]);
}

let nats: NatsServer;
let hub: RunningServer;
const agents = new Map<string, { args: string[]; server?: RunningServer }>();

function agentArgs(cluster: string, source: string[]): string[] {
  return [
    'agent',
    '--cluster-name',
    cluster,
    '--nats-url',
    nats.url,
    '--fleet-heartbeat',
    HEARTBEAT_S,
    '--log-level',
    'warn',
    ...source,
  ];
}

async function startAgent(cluster: string): Promise<void> {
  const a = agents.get(cluster)!;
  a.server = await startServerProcess(a.args);
}

async function startHub(): Promise<void> {
  hub = await startServerProcess(['hub', '--nats-url', nats.url, '--log-level', 'warn']);
}

async function json<T>(url: string): Promise<T> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`GET ${url}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

const hubRows = async () => (await json<FleetResponse>(`${hub.url}/api/v1/fleet`)).clusters;

/** What a row says about the cluster's objects (connection and times aside). */
function content(row: FleetCluster) {
  return {
    objects: row.objects,
    states: row.states,
    failing: row.failing,
    topFailing: row.topFailing,
    fluxVersion: row.fluxVersion,
  };
}

/** The hub's row of each cluster equals the agent's own row, and says it is current. */
async function hubMatchesAgents(): Promise<boolean> {
  const rows = await hubRows();
  for (const [cluster, a] of agents) {
    const own = (await json<FleetResponse>(`${a.server!.url}/api/v1/fleet`)).clusters[0]!;
    const seen = rows.find(r => r.name === cluster);
    if (!seen || seen.connection.staleSince || own.objects === 0) return false;
    if (JSON.stringify(content(seen)) !== JSON.stringify(content(own))) return false;
  }
  return true;
}

describe.skipIf(!TESTBED_KUBECONFIG)('fleet: three agents -> NATS -> hub', () => {
  beforeAll(async () => {
    await bootstrapTestbed();
    nats = await NatsServer.start();
    agents.set('demo-steady', { args: agentArgs('demo-steady', ['--demo', '--demo-scenario', 'steady']) });
    agents.set('demo-failure', { args: agentArgs('demo-failure', ['--demo', '--demo-scenario', 'failure']) });
    agents.set('testbed', { args: agentArgs('testbed', ['--kubeconfig', TESTBED_KUBECONFIG!]) });
    await startHub();
    await Promise.all([...agents.keys()].map(startAgent));
  });

  afterAll(async () => {
    await Promise.all([...agents.values()].map(a => a.server?.stop()));
    await hub?.stop();
    await nats?.dispose();
  });

  it('lists all three clusters, each row equal to its agent', async () => {
    await waitFor(hubMatchesAgents, 90_000, 'hub rows equal to the agents');
    const rows = await hubRows();
    expect(rows.map(r => r.name).sort()).toEqual(['demo-failure', 'demo-steady', 'testbed']);
  });

  it("drills into the test bed: the real controllers' objects, as its agent answers", async () => {
    const kube = kubeClients(TESTBED_KUBECONFIG!);
    const real = (await listFlux(kube, KUSTOMIZATIONS))
      .map(k => `${k.metadata.namespace}/${k.metadata.name}`)
      .sort();
    expect(real.length).toBeGreaterThan(1);
    const viaHub = await fetch(`${hub.url}/api/v1/c/testbed/objects?kind=Kustomization&format=text`);
    expect(viaHub.status).toBe(200);
    const text = await viaHub.text();
    for (const ref of real) expect(text).toContain(ref.split('/')[1]);
    const tree = '/tree/Kustomization/flux-system/flux-system?format=text';
    const [fromHub, fromAgent] = await Promise.all([
      fetch(`${hub.url}/api/v1/c/testbed${tree}`).then(r => r.text()),
      fetch(`${agents.get('testbed')!.server!.url}/api/v1${tree}`).then(r => r.text()),
    ]);
    expect(fromHub).toBe(fromAgent);
    expect(fromHub).toContain('Kustomization/flux-system/flux-system');
  });

  it('shows a killed agent as stale with its last state, and current once restarted', async () => {
    const before = (await hubRows()).find(r => r.name === 'demo-failure')!;
    await agents.get('demo-failure')!.server!.kill();
    const stale = await waitFor(
      async () => (await hubRows()).find(r => r.name === 'demo-failure' && r.connection.staleSince),
      30_000,
      'demo-failure stale',
    );
    expect(stale.objects).toBe(before.objects);
    const drill = await fetch(`${hub.url}/api/v1/c/demo-failure/stats`);
    expect(drill.status).toBe(503);
    await startAgent('demo-failure');
    await waitFor(hubMatchesAgents, 60_000, 'demo-failure current again');
  });

  it('resumes after nats-server restarts, and nothing is lost', async () => {
    // A change in the real cluster while NATS is down reaches the hub once it is back.
    await nats.stop();
    await kubectl([
      'patch',
      'kustomization',
      'capacitor',
      '-n',
      'flux-system',
      '--type',
      'merge',
      '-p',
      '{"spec":{"suspend":true}}',
    ]);
    await nats.start();
    await waitFor(hubMatchesAgents, 90_000, 'hub rows equal to the agents after the NATS restart');
    // Drill-downs come back too once both sides have reconnected.
    await waitFor(
      async () => (await fetch(`${hub.url}/api/v1/c/testbed/stats?format=text`)).status === 200,
      20_000,
      'a drill-down into the test bed after the NATS restart',
    );
    const search = await json<{
      hits: Array<{ cluster: string; object: { name: string; suspended?: boolean } }>;
    }>(`${hub.url}/api/v1/fleet/search?q=capacitor`);
    expect(
      search.hits.find(h => h.cluster === 'testbed' && h.object.name === 'capacitor')?.object.suspended,
    ).toBe(true);
    await kubectl([
      'patch',
      'kustomization',
      'capacitor',
      '-n',
      'flux-system',
      '--type',
      'json',
      '-p',
      '[{"op":"remove","path":"/spec/suspend"}]',
    ]);
    await waitFor(hubMatchesAgents, 30_000, 'the resume seen by the hub');
  });

  it('rebuilds the fleet view from the bucket when the hub restarts', async () => {
    await hub.stop();
    await startHub();
    await waitFor(hubMatchesAgents, 30_000, 'the fleet back after the hub restart');
  });
});
