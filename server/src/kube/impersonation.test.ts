/**
 * The user's client over real HTTP: the server's own credentials, then Impersonate-User and one
 * Impersonate-Group line per group (the API server reads each line as one group; a comma would be part of a
 * name), for API clients and for client-node's Log and Watch alike.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { PassThrough } from 'node:stream';
import { Log } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClientKubeConfig } from './client-config.js';
import { ImpersonatingKubeConfig, UserClients } from './impersonation.js';
import { RawKubeApi } from './raw-api.js';

let server: http.Server;
const seen: Array<{ url: string; raw: string[] }> = [];
let base: ClientKubeConfig;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    seen.push({ url: req.url ?? '', raw: req.rawHeaders });
    res.writeHead(200, { 'content-type': req.url?.includes('/log') ? 'text/plain' : 'application/json' });
    res.end(req.url?.includes('/log') ? 'a line\n' : '{"kind":"Pod","metadata":{"name":"p"}}');
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  base = new ClientKubeConfig();
  base.loadFromOptions({
    clusters: [{ name: 'c', server: url, skipTLSVerify: true }],
    users: [{ name: 'u', token: 'server-token' }],
    contexts: [{ name: 'ctx', cluster: 'c', user: 'u' }],
    currentContext: 'ctx',
  });
});
afterAll(() => new Promise<void>(resolve => server.close(() => resolve())));

/** Header lines of one request, as [name, value] pairs in order (repeated names kept). */
const lines = (raw: string[]) => {
  const out: Array<[string, string]> = [];
  for (let i = 0; i < raw.length; i += 2) out.push([raw[i]!.toLowerCase(), raw[i + 1]!]);
  return out;
};

describe('ImpersonatingKubeConfig', () => {
  it('adds Impersonate-User and one Impersonate-Group line per group to the server credentials', async () => {
    const kc = new ImpersonatingKubeConfig(base, {
      user: 'alice@example.com',
      groups: ['team-a', 'ops, admins'],
    });
    await RawKubeApi.forConfig(kc).getJson('/api/v1/namespaces/a/pods/p');
    const got = lines(seen.at(-1)!.raw);
    expect(got).toContainEqual(['authorization', 'Bearer server-token']);
    expect(got.filter(([name]) => name === 'impersonate-user')).toEqual([
      ['impersonate-user', 'alice@example.com'],
    ]);
    expect(got.filter(([name]) => name === 'impersonate-group')).toEqual([
      ['impersonate-group', 'team-a'],
      ['impersonate-group', 'ops, admins'],
    ]);
  });

  it("client-node's Log goes as the user too", async () => {
    const kc = new ImpersonatingKubeConfig(base, { user: 'bob', groups: [] });
    const sink = new PassThrough();
    await new Log(kc).log('a', 'p', 'c', sink, {});
    const got = lines(seen.at(-1)!.raw);
    expect(seen.at(-1)!.url).toMatch(/\/pods\/p\/log/);
    expect(got.filter(([name]) => name === 'impersonate-user')).toEqual([['impersonate-user', 'bob']]);
    expect(got.some(([name]) => name === 'impersonate-group')).toBe(false);
  });

  it("the server's own client never impersonates; one client per user and group set", async () => {
    await RawKubeApi.forConfig(base).getJson('/api/v1/namespaces/a/pods/p');
    expect(lines(seen.at(-1)!.raw).some(([name]) => name.startsWith('impersonate-'))).toBe(false);
    const clients = new UserClients(base);
    const a = clients.for({ user: 'alice', groups: ['x', 'y'] });
    expect(clients.for({ user: 'alice', groups: ['y', 'x'] })).toBe(a);
    expect(clients.for({ user: 'alice', groups: ['x'] })).not.toBe(a);
  });
});
