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
      logsEnabled: true,
    });
    expect(config !== 'help' && config.watchSilenceMs).toBe(120_000);
  });

  it('--disable-logs or FLUXSCOPE_DISABLE_LOGS turns Pod logs off', () => {
    expect(parseFlags(['--disable-logs'], {})).toMatchObject({ logsEnabled: false });
    expect(parseFlags([], { FLUXSCOPE_DISABLE_LOGS: 'true' })).toMatchObject({ logsEnabled: false });
    expect(parseFlags([], { FLUXSCOPE_DISABLE_LOGS: 'false' })).toMatchObject({ logsEnabled: true });
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

  it('--context a,b,c and --all-contexts name several clusters; --demo-clusters N', () => {
    expect(parseFlags(['--context', 'prod, stage ,prod'], {})).toMatchObject({
      context: 'prod',
      contexts: ['prod', 'stage'],
    });
    const one = parseFlags(['--context', 'prod'], {});
    expect(one !== 'help' && one.contexts).toBeUndefined();
    expect(parseFlags([], { FLUXSCOPE_ALL_CONTEXTS: '1' })).toMatchObject({ allContexts: true });
    expect(() => parseFlags(['--all-contexts', '--context', 'a'], {})).toThrow(/one of them/);
    expect(parseFlags(['--demo-clusters', '3'], {})).toMatchObject({ demoClusters: 3 });
    expect(parseFlags([], { FLUXSCOPE_DEMO_CLUSTERS: '2' })).toMatchObject({ demoClusters: 2 });
    expect(() => parseFlags(['--demo-clusters', '99'], {})).toThrow(/0-12/);
    expect(() => parseFlags(['--demo-clusters', 'x'], {})).toThrow(FlagError);
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
      '--all-contexts',
      '--demo-clusters',
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
      '--allowed-hosts',
      '--trusted-proxies',
    ]) {
      expect(helpText()).toContain(flag);
    }
  });

  it('auth: token from env or file, proxy header, refuses a non-loopback host without auth', () => {
    const long = 'a'.repeat(32);
    expect(parseFlags([], { FLUXSCOPE_AUTH_TOKEN: ` ${long} ` })).toMatchObject({ authToken: long });
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'fluxscope-flags-')), 'token');
    fs.writeFileSync(file, 'from-file-0123456789abcdef0123456789\n');
    expect(parseFlags(['--auth-token-file', file], {})).toMatchObject({
      authToken: 'from-file-0123456789abcdef0123456789',
    });
    expect(() => parseFlags(['--auth-token-file', `${file}.missing`], {})).toThrow(FlagError);
    expect(parseFlags(['--trusted-proxy-header', 'X-Forwarded-User'], {})).toMatchObject({
      trustedProxyHeader: 'x-forwarded-user',
    });
    expect(() => parseFlags(['--host', '0.0.0.0'], {})).toThrow(/without auth/);
    expect(parseFlags(['--host', '0.0.0.0', '--allow-unauthenticated'], {})).toMatchObject({
      host: '0.0.0.0',
      allowUnauthenticated: true,
    });
    expect(parseFlags([], { FLUXSCOPE_HOST: '0.0.0.0', FLUXSCOPE_AUTH_TOKEN: long })).toMatchObject({
      host: '0.0.0.0',
    });
    expect(parseFlags(['--host', '127.0.0.2'], {})).toMatchObject({ host: '127.0.0.2' });
  });

  it('tokens shorter than 32 characters are refused at start, saying how to make one', () => {
    expect(() => parseFlags([], { FLUXSCOPE_AUTH_TOKEN: 'a'.repeat(31) })).toThrow(
      /FLUXSCOPE_AUTH_TOKEN has 31 characters: use at least 32.*openssl rand/,
    );
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'fluxscope-flags-')), 'token');
    fs.writeFileSync(file, 'short\n');
    expect(() => parseFlags(['--auth-token-file', file], {})).toThrow(/auth-token-file .* has 5 characters/);
  });

  it('--allowed-hosts and --trusted-proxies', () => {
    expect(parseFlags([], {})).toMatchObject({ allowedHosts: [] });
    expect(parseFlags([], {})).not.toHaveProperty('trustedProxies');
    expect(
      parseFlags(
        ['--allowed-hosts', 'Dash.Example.com., *.corp.example,*', '--trusted-proxies=10.0.0.0/8,::1'],
        {},
      ),
    ).toMatchObject({
      allowedHosts: ['dash.example.com', '*.corp.example', '*'],
      trustedProxies: ['10.0.0.0/8', '::1'],
    });
    expect(parseFlags([], { FLUXSCOPE_ALLOWED_HOSTS: 'a.example' })).toMatchObject({
      allowedHosts: ['a.example'],
    });
    expect(() => parseFlags(['--allowed-hosts', 'http://x'], {})).toThrow(/not a host name/);
    expect(() => parseFlags(['--trusted-proxies', '10.0.0.0/33'], {})).toThrow(/not an IP address or CIDR/);
    expect(() => parseFlags(['--trusted-proxies', 'proxy.local'], {})).toThrow(/not an IP address or CIDR/);
  });

  it('OIDC: issuer, client, redirect URL, secret from a file, claims; refused when incomplete or insecure', () => {
    const secretFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'fs-flags-')), 'secret');
    fs.writeFileSync(secretFile, 's3cret\n');
    const base = [
      '--oidc-issuer',
      'https://idp.example.com',
      '--oidc-client-id',
      'fluxscope',
      '--oidc-redirect-url',
      'https://fluxscope.example.com/api/v1/auth/oidc/callback',
    ];
    expect(
      parseFlags([...base, '--oidc-client-secret-file', secretFile, '--host', '0.0.0.0'], {}),
    ).toMatchObject({
      host: '0.0.0.0',
      impersonate: false,
      oidc: {
        issuer: 'https://idp.example.com',
        clientId: 'fluxscope',
        clientSecret: 's3cret',
        postLogoutRedirectUrl: 'https://fluxscope.example.com/',
        scopes: ['openid', 'profile', 'email', 'offline_access'],
        usernameClaim: 'email',
        groupsClaim: 'groups',
        autoLogin: false,
      },
    });
    expect(
      parseFlags([...base, '--impersonate', '--oidc-auto-login', '--oidc-groups-claim', 'roles'], {}),
    ).toMatchObject({ impersonate: true, oidc: { autoLogin: true, groupsClaim: 'roles' } });
    expect(() => parseFlags(['--oidc-issuer', 'https://idp.example.com'], {})).toThrow(/--oidc-client-id/);
    expect(() => parseFlags(base.slice(0, 4), {})).toThrow(/--oidc-redirect-url/);
    expect(() => parseFlags(['--oidc-client-id', 'x'], {})).toThrow(/needs --oidc-issuer/);
    expect(() => parseFlags(['--oidc-issuer', 'http://idp.example.com', ...base.slice(2)], {})).toThrow(
      /must be https/,
    );
    expect(parseFlags(['--oidc-issuer', 'http://127.0.0.1:4444', ...base.slice(2)], {})).toMatchObject({
      oidc: { issuer: 'http://127.0.0.1:4444' },
    });
    expect(() =>
      parseFlags([...base.slice(0, 4), '--oidc-redirect-url', 'https://x.example.com/callback'], {}),
    ).toThrow(/must end in \/api\/v1\/auth\/oidc\/callback/);
    expect(() => parseFlags([...base, '--oidc-scopes', 'email'], {})).toThrow(/must include openid/);
    expect(() => parseFlags([...base], { FLUXSCOPE_AUTH_TOKEN: 'a'.repeat(32) })).toThrow(/choose one/);
    expect(() => parseFlags(['--impersonate'], {})).toThrow(/--impersonate needs a signed-in user/);
    expect(parseFlags([...base, '--impersonate', '--impersonate-groups', 'team-a,viewer'], {})).toMatchObject(
      {
        impersonateGroups: ['team-a', 'viewer'],
      },
    );
    expect(() => parseFlags([...base, '--impersonate-groups', 'a'], {})).toThrow(/needs --impersonate/);
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
