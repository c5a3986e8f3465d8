/**
 * Actions under --namespaces, names checked per position, and the audit trail, against the fake API
 * server (which records every request): refusals happen before any request reaches it.
 */
import type { ClusterObject } from '@fluxscope/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CORE_RESOURCES, FLUX_RESOURCES, FakeApiServer } from '../test-support/fake-apiserver.js';
import { type RunningServer, startServer, testConfig, waitFor, writeTemp } from '../test-support/harness.js';
import { rawRequest } from '../test-support/raw-http.js';

const KS = 'kustomize.toolkit.fluxcd.io';
const SRC = 'source.toolkit.fluxcd.io';

const ks = (namespace: string, name: string, sourceNamespace?: string): ClusterObject => ({
  apiVersion: `${KS}/v1`,
  kind: 'Kustomization',
  metadata: { name, namespace },
  spec: {
    sourceRef: {
      kind: 'GitRepository',
      name: 'repo',
      ...(sourceNamespace ? { namespace: sourceNamespace } : {}),
    },
  },
  status: {},
});
const repo = (namespace: string): ClusterObject => ({
  apiVersion: `${SRC}/v1`,
  kind: 'GitRepository',
  metadata: { name: 'repo', namespace },
  spec: {},
  status: {},
});

interface AuditLine {
  log: string;
  action: string;
  target: string;
  user: string;
  source: string;
  outcome: string;
  status: number;
  reason?: string;
}

describe('actions: --namespaces, names, audit', () => {
  let api: FakeApiServer;
  let server: RunningServer;
  const audit: AuditLine[] = [];

  beforeAll(async () => {
    api = await new FakeApiServer().start();
    for (const r of [...CORE_RESOURCES, ...FLUX_RESOURCES]) api.serve(r);
    api.apply(ks('tenant-a', 'escapes', 'flux-system'));
    api.apply(ks('tenant-a', 'stays'));
    api.apply(ks('flux-system', 'outside'));
    api.apply(repo('tenant-a'));
    api.apply(repo('flux-system'));
    server = await startServer(
      testConfig({
        kubeconfig: writeTemp('kubeconfig', api.kubeconfig),
        enableActions: true,
        namespaces: ['tenant-a'],
        // Audit lines are written whatever the log level.
        logLevel: 'silent',
      }),
      {
        actionSourceWaitMs: 300,
        auditSink: { write: line => void audit.push(JSON.parse(line) as AuditLine) },
      },
    );
    await waitFor(async () => (await server.get('/readyz')).status === 200, 10_000, 'ready');
    await waitFor(
      async () => {
        const snapshot = await server.json<{ objects: ClusterObject[] }>('/api/v1/snapshot');
        return snapshot.objects.some(o => o.metadata.name === 'escapes');
      },
      10_000,
      'cached',
    );
  });
  afterAll(async () => {
    await server?.close();
    await api?.stop();
  });

  const act = (path: string, body: unknown = {}, headers: Record<string, string> = {}) =>
    server.get(`/api/v1/actions/${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-fluxscope-action': '1', ...headers },
      body: JSON.stringify(body),
    });
  /** Requests the fake API server saw for one object (GET or PATCH by name), since `from`. */
  const objectRequests = (from: number, name: string) =>
    api.requests.slice(from).filter(r => r.split('?')[0]!.endsWith(`/${name}`));

  it('an object outside the watched namespaces: 403 with the reason, and no API request', async () => {
    const from = api.requests.length;
    for (const verb of ['reconcile', 'suspend', 'resume']) {
      const res = await act(`${verb}/${KS}/Kustomization/flux-system/outside`);
      expect(res.status, verb).toBe(403);
      expect(await res.json()).toMatchObject({
        message:
          'Kustomization/flux-system/outside is outside the namespaces this server is limited to (--namespaces tenant-a)',
      });
    }
    expect(objectRequests(from, 'outside')).toEqual([]);
    expect(api.requests.slice(from).filter(r => r.startsWith('PATCH'))).toEqual([]);
  });

  it('withSource whose source is in another namespace: 403 before any API request; without withSource it runs', async () => {
    const from = api.requests.length;
    const res = await act(`reconcile/${KS}/Kustomization/tenant-a/escapes`, { withSource: true });
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({
      message: expect.stringContaining('withSource: the source GitRepository/flux-system/repo is outside'),
    });
    expect(objectRequests(from, 'escapes')).toEqual([]);
    expect(objectRequests(from, 'repo')).toEqual([]);
    const plain = await act(`reconcile/${KS}/Kustomization/tenant-a/escapes`);
    expect(plain.status).toBe(200);
    const inside = await act(`reconcile/${KS}/Kustomization/tenant-a/stays`, { withSource: true });
    expect(inside.status).toBe(200);
    expect(
      objectRequests(from, 'repo').some(r =>
        r.startsWith('PATCH /apis/source.toolkit.fluxcd.io/v1/namespaces/tenant-a/'),
      ),
    ).toBe(true);
  });

  it('names that are not object names for their position: 400 before any API request', async () => {
    const from = api.requests.length;
    for (const target of [
      `/api/v1/actions/suspend/${KS}/Kustomization/tenant-a/..`,
      `/api/v1/actions/suspend/${KS}/Kustomization/tenant-a/.`,
      `/api/v1/actions/suspend/${KS}/Kustomization/tenant-a/%2e%2e`,
      `/api/v1/actions/suspend/${KS}/Kustomization/tenant-a/Stays`,
      `/api/v1/actions/suspend/${KS}/Kustomization/tenant-a/a..b`,
      `/api/v1/actions/suspend/${KS}/Kustomization/tenant-a/a:b`,
      `/api/v1/actions/suspend/${KS}/Kustomization/tenant-a/${'x'.repeat(254)}`,
      `/api/v1/actions/suspend/${KS}/Kustomization/../stays`,
      `/api/v1/actions/suspend/${KS}/Kustomization/%2e%2e/stays`,
      `/api/v1/actions/suspend/${KS}/Kustomization/Tenant-A/stays`,
    ]) {
      const res = await rawRequest(server.url, {
        method: 'POST',
        target,
        headers: { 'content-type': 'application/json', 'x-fluxscope-action': '1' },
        body: '{}',
      });
      expect([400, 404], target).toContain(res.status);
      if (res.status === 400) expect(JSON.parse(res.body).message, target).toMatch(/not a valid|must match/);
    }
    expect(
      api.requests.slice(from).filter(r => !r.includes('watch=') && !/\/(api|apis)(\/[^/]+){0,2}$/.test(r)),
    ).toEqual([]);
    for (const target of [
      '/api/v1/objects/kustomize.toolkit.fluxcd.io/Kustomization/tenant-a/..',
      '/api/v1/objects/kustomize.toolkit.fluxcd.io/Kustomization/tenant-a/%2E',
      '/api/v1/tree/Kustomization/tenant-a/..',
      '/api/v1/trace/apps/v1/Deployment/tenant-a/..',
    ]) {
      const res = await rawRequest(server.url, { target });
      expect(res.status, target).toBe(400);
    }
    // A ClusterRole's name may hold colons (RBAC names are path segments), a Flux object's may not.
    const rbac = await server.get(
      '/api/v1/objects/rbac.authorization.k8s.io/ClusterRole/_/system:controller:x',
    );
    expect(rbac.status).not.toBe(400);
  });

  it('every action request is one audit line, refusals included, even at --log-level silent', async () => {
    audit.length = 0;
    await act(`suspend/${KS}/Kustomization/tenant-a/stays`);
    await act(`resume/${KS}/Kustomization/tenant-a/stays`);
    await act(`suspend/${KS}/Kustomization/flux-system/outside`);
    await act(`suspend/${KS}/Kustomization/tenant-a/stays`, {}, { origin: 'https://evil.example' });
    await act(`suspend/${KS}/Kustomization/tenant-a/stays`, {}, { 'x-fluxscope-action': '0' });
    await act(`suspend/${KS}/Kustomization/tenant-a/no-such-object`);
    await rawRequest(server.url, {
      method: 'POST',
      target: `/api/v1/actions/suspend/${KS}/Kustomization/tenant-a/..`,
      headers: { 'content-type': 'application/json', 'x-fluxscope-action': '1' },
      body: '{}',
    });
    await waitFor(async () => audit.length >= 7, 2000, 'audit lines');
    expect(audit).toHaveLength(7);
    for (const [i, line] of audit.entries()) {
      expect(line.log).toBe('audit');
      // The cross-site request is refused before anyone is identified.
      expect(line.user).toBe(i === 3 ? '-' : 'local');
      expect(line.source).toBe('127.0.0.1');
    }
    expect(audit.map(l => [l.action, l.target, l.outcome, l.status])).toEqual([
      ['suspend', 'Kustomization/tenant-a/stays', 'ok', 200],
      ['resume', 'Kustomization/tenant-a/stays', 'ok', 200],
      ['suspend', 'Kustomization/flux-system/outside', 'refused', 403],
      ['suspend', 'Kustomization/tenant-a/stays', 'refused', 403],
      ['suspend', 'Kustomization/tenant-a/stays', 'refused', 403],
      ['suspend', 'Kustomization/tenant-a/no-such-object', 'refused', 404],
      ['suspend', 'Kustomization/tenant-a/..', 'refused', 400],
    ]);
    expect(audit[2]!.reason).toContain('outside the namespaces');
    expect(audit[3]!.reason).toContain('cross-site');
    expect(audit[4]!.reason).toContain('X-Fluxscope-Action');
    expect(audit[6]!.reason).toContain('not a valid object name');
  });
});
