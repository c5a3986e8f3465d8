import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FlagError } from './flags.js';
import { parseFleetFlags } from './nats-flags.js';

describe('fleet flags', () => {
  it('leaves the plain server alone and passes other flags through', () => {
    const { fleet, rest } = parseFleetFlags(['--port', '9000', '--demo'], {});
    expect(fleet.mode).toBe('server');
    expect(rest).toEqual(['--port', '9000', '--demo']);
  });

  it('reads `agent` with its cluster name, NATS URL and credentials file', () => {
    const seed = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'fs-nk-')), 'seed');
    fs.writeFileSync(seed, 'SUAEXAMPLE');
    const { fleet, rest } = parseFleetFlags(
      [
        'agent',
        '--cluster-name',
        'prod-eu',
        '--nats-url=tls://nats.example:4222',
        '--nats-nkey',
        seed,
        '--port',
        '0',
      ],
      { FLUXSCOPE_NATS_PREFIX: 'acme' },
    );
    expect(fleet).toMatchObject({
      mode: 'agent',
      clusterName: 'prod-eu',
      nats: { servers: ['tls://nats.example:4222'], nkeySeedFile: seed, prefix: 'acme' },
    });
    expect(rest).toEqual(['--port', '0']);
  });

  it('refuses what cannot work, saying why', () => {
    expect(() => parseFleetFlags(['hub'], {})).toThrow(/needs --nats-url/);
    expect(() => parseFleetFlags(['agent', '--nats-url', 'nats://x:4222'], {})).toThrow(/--cluster-name/);
    expect(() =>
      parseFleetFlags(['agent', '--nats-url', 'nats://x:4222', '--cluster-name', 'Bad_Name'], {}),
    ).toThrow(/DNS label/);
    expect(() => parseFleetFlags(['hub', '--nats-url', 'http://x'], {})).toThrow(FlagError);
    expect(() =>
      parseFleetFlags(['hub', '--nats-url', 'nats://x:4222', '--nats-creds', '/no/such/file'], {}),
    ).toThrow(/nats-creds/);
    expect(() => parseFleetFlags(['--mode', 'satellite'], {})).toThrow(/--mode/);
  });
});
