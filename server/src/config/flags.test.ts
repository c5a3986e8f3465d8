import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FlagError, helpText, parseFlags } from './flags.js';

describe('parseFlags', () => {
  it('defaults: 127.0.0.1:8080, bootstrap demo scenario, read-only, 2 min silence limit', () => {
    const config = parseFlags([], {});
    expect(config).toMatchObject({
      host: '127.0.0.1',
      port: 8080,
      demo: false,
      demoScenario: 'bootstrap',
      enableActions: false,
    });
    expect(config !== 'help' && config.watchSilenceMs).toBe(120_000);
  });

  it('flags win over env; --flag=value and --flag value; KUBECONFIG kept as a list', () => {
    const config = parseFlags(['--port=9000', '--demo', '--demo-scenario', 'failure', '--context', 'prod'], {
      FLUXSCOPE_PORT: '7000',
      FLUXSCOPE_HOST: '0.0.0.0',
      FLUXSCOPE_ALLOW_UNAUTHENTICATED: '1',
      KUBECONFIG: '/a:/b',
    });
    expect(config).toMatchObject({
      port: 9000,
      host: '0.0.0.0',
      demo: true,
      demoScenario: 'failure',
      context: 'prod',
      kubeconfigEnv: '/a:/b',
    });
  });

  it('rejects bad values with a message, --help lists every flag', () => {
    expect(() => parseFlags(['--port', 'x'], {})).toThrow(FlagError);
    expect(() => parseFlags(['--demo-scenario', 'chaos'], {})).toThrow(/bootstrap, steady, failure/);
    expect(() => parseFlags(['--nope'], {})).toThrow(/unknown flag --nope/);
    expect(parseFlags(['--help'], {})).toBe('help');
    for (const flag of [
      '--host',
      '--port',
      '--kubeconfig',
      '--context',
      '--demo',
      '--demo-scenario',
      '--demo-speed',
      '--enable-actions',
      '--static-dir',
      '--log-level',
      '--auth-token-file',
      '--trusted-proxy-header',
      '--allow-unauthenticated',
      '--namespaces',
    ]) {
      expect(helpText()).toContain(flag);
    }
  });

  it('auth: token from env or file, proxy header, refuses a non-loopback host without auth', () => {
    expect(parseFlags([], { FLUXSCOPE_AUTH_TOKEN: ' abc ' })).toMatchObject({ authToken: 'abc' });
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'fluxscope-flags-')), 'token');
    fs.writeFileSync(file, 'from-file\n');
    expect(parseFlags(['--auth-token-file', file], {})).toMatchObject({ authToken: 'from-file' });
    expect(() => parseFlags(['--auth-token-file', `${file}.missing`], {})).toThrow(FlagError);
    expect(parseFlags(['--trusted-proxy-header', 'X-Forwarded-User'], {})).toMatchObject({
      trustedProxyHeader: 'x-forwarded-user',
    });
    expect(() => parseFlags(['--host', '0.0.0.0'], {})).toThrow(/without auth/);
    expect(parseFlags(['--host', '0.0.0.0', '--allow-unauthenticated'], {})).toMatchObject({
      host: '0.0.0.0',
      allowUnauthenticated: true,
    });
    expect(parseFlags([], { FLUXSCOPE_HOST: '0.0.0.0', FLUXSCOPE_AUTH_TOKEN: 't' })).toMatchObject({
      host: '0.0.0.0',
    });
    expect(parseFlags(['--host', '127.0.0.2'], {})).toMatchObject({ host: '127.0.0.2' });
  });

  it('--namespaces: a deduplicated list of namespace names', () => {
    expect(parseFlags(['--namespaces=flux-system,apps,apps'], {})).toMatchObject({
      namespaces: ['flux-system', 'apps'],
    });
    expect(parseFlags([], { FLUXSCOPE_NAMESPACES: 'a, b' })).toMatchObject({ namespaces: ['a', 'b'] });
    expect(parseFlags([], {})).toMatchObject({ namespaces: undefined });
    expect(() => parseFlags(['--namespaces', 'Bad_NS'], {})).toThrow(/not a namespace name/);
    expect(() => parseFlags(['--namespaces', ','], {})).toThrow(/at least one/);
  });
});
