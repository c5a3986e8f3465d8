/**
 * Fleet links over TLS with a real nats-server: it requires TLS with a certificate from a test CA and, with
 * `verify: true`, a client certificate from the same CA. An agent and a hub given the CA and a client
 * certificate through the fleet flags' config connect and the agent's objects reach the hub; a client without
 * the CA, or without a client certificate, is refused, and an agent or hub so configured keeps running and
 * says why it is not connected instead of waiting in silence.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type FleetResponse } from '@fluxscope/shared';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FleetModeConfig, NatsConfig } from '../config/nats-flags.js';
import { type RunningServer, startServer, testConfig, waitFor } from '../test-support/harness.js';
import { NatsServer } from '../test-support/nats-server.js';
import { testClientTls, testTls } from '../test-support/tls.js';
import { connectNats } from './connect.js';
import { buildHubApp } from './hub-app.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fluxscope-nats-tls-'));
function write(name: string, text: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text, { mode: 0o600 });
  return file;
}
// testTls() is a self-signed CA certificate for 127.0.0.1: the server's certificate and the CA in one.
const caFile = write('ca.pem', testTls().certPem);
const serverKey = write('server-key.pem', testTls().keyPem);
const client = testClientTls();
const certFile = write('client.pem', client.certPem);
const keyFile = write('client-key.pem', client.keyPem);
const withClientCert: NatsConfig['tls'] = { caFile, certFile, keyFile };

function fleetConfig(mode: 'agent' | 'hub', url: string, tls: NatsConfig['tls']): FleetModeConfig {
  return {
    mode,
    nats: { servers: [url], prefix: 'fluxscope', ...(tls ? { tls } : {}) },
    ...(mode === 'agent' ? { clusterName: 'demo-tls' } : {}),
    drillTimeoutMs: 5000,
    heartbeatMs: 300,
    eventsMaxAgeMs: 3_600_000,
    eventsMaxBytes: 16 * 1024 * 1024,
    maxValueBytes: 64 * 1024,
  };
}

/** The first error connectNats reports for this TLS config (it retries until told to stop). */
async function firstError(tls: NatsConfig['tls']): Promise<string> {
  let error: string | undefined;
  const nc = await connectNats(
    { servers: [nats.url], prefix: 'fluxscope', ...(tls ? { tls } : {}) },
    'tls-test',
    undefined,
    { onError: err => (error ??= err.message), stopped: () => error !== undefined },
  );
  await nc?.close();
  if (error === undefined) throw new Error('the server accepted it');
  return error;
}

let nats: NatsServer;
let hub: FastifyInstance;
let hubUrl: string;
let agent: RunningServer;

beforeAll(async () => {
  nats = await NatsServer.start({
    config: `tls {\n  cert_file: "${caFile}"\n  key_file: "${serverKey}"\n  ca_file: "${caFile}"\n  verify: true\n  timeout: 5\n}\n`,
  });
  hub = await buildHubApp(testConfig({ fleetMode: fleetConfig('hub', nats.url, withClientCert) }), {
    logger: false,
  });
  hubUrl = await hub.listen({ host: '127.0.0.1', port: 0 });
  agent = await startServer(
    testConfig({
      demo: true,
      demoScenario: 'steady',
      fleetMode: fleetConfig('agent', nats.url, withClientCert),
    }),
  );
});

afterAll(async () => {
  await agent?.close();
  await hub?.close();
  await nats?.dispose();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('fleet over TLS', () => {
  it('carries an agent with the CA and a client certificate to the hub', async () => {
    const row = await waitFor(
      async () => {
        const res = (await (await fetch(`${hubUrl}/api/v1/fleet`)).json()) as FleetResponse;
        return res.clusters.find(
          r => r.name === 'demo-tls' && r.objects > 10 && r.connection.state === 'connected',
        );
      },
      45_000,
      'demo-tls on the fleet page',
    );
    expect(row.objects).toBeGreaterThan(10);
    expect(agent.app.fleetAgent?.lastError).toBeUndefined();
    expect(hub.fleetHub?.lastError).toBeUndefined();
    // A drill-down travels the same TLS links, to the agent and back.
    const stats = await fetch(`${hubUrl}/api/v1/c/demo-tls/stats?format=text`);
    expect(stats.status).toBe(200);
    // The server saw a TLS client, not a plain one.
    expect(nats.log).not.toMatch(/TLS handshake error/);
  });

  it('refuses a client without the CA, with a certificate error', async () => {
    expect(await firstError(undefined)).toMatch(/certificate/i);
    // A client certificate alone does not make the server's certificate trusted.
    expect(await firstError({ certFile, keyFile })).toMatch(/certificate/i);
  });

  it('refuses a client with the CA but no client certificate', async () => {
    const before = nats.log;
    // TLS 1.3 finishes the client's side of the handshake before the server checks for a client certificate, so
    // the client library only sees the server hang up: it reports its connect timeout. The server names it.
    expect(await firstError({ caFile })).toMatch(/timeout|certificate/i);
    await waitFor(
      () => /client didn't provide a certificate/i.test(nats.log),
      10_000,
      "the server's refusal",
    );
    expect(before).not.toMatch(/client didn't provide a certificate/i);
  });

  it('keeps an agent and a hub without the CA running, saying why they are not connected', async () => {
    const lone = await startServer(
      testConfig({
        demo: true,
        demoScenario: 'steady',
        fleetMode: { ...fleetConfig('agent', nats.url, undefined), clusterName: 'no-ca' },
      }),
    );
    const loneHub = await buildHubApp(testConfig({ fleetMode: fleetConfig('hub', nats.url, undefined) }), {
      logger: false,
    });
    try {
      const loneHubUrl = await loneHub.listen({ host: '127.0.0.1', port: 0 });
      const why = await waitFor(() => lone.app.fleetAgent?.lastError, 15_000, "the agent's error");
      expect(why).toMatch(/certificate/i);
      expect(lone.app.fleetAgent?.isConnected).toBe(false);
      // The agent's own server still answers.
      expect((await fetch(`${lone.url}/api/v1/stats?format=text`)).status).toBe(200);
      const ready = await waitFor(
        async () => {
          const res = await fetch(`${loneHubUrl}/readyz`);
          const body = (await res.json()) as { reasons: string[] };
          return res.status === 503 && body.reasons.some(r => /certificate/i.test(r)) ? body : undefined;
        },
        15_000,
        "the hub's readiness naming the error",
      );
      expect(ready.reasons.join(' ')).toMatch(/not connected to NATS \(.*certificate/i);
      // And it never reached the fleet.
      expect(hub.fleetHub!.clusters.has('no-ca')).toBe(false);
    } finally {
      await lone.close();
      await loneHub.close();
    }
  });
});
