// Policy over the chart's renders (helm/tests/expected, which scripts/test-packaging.sh has just checked
// against `helm template`): least-privilege RBAC that matches the kinds the server watches, the pod's
// hardening, and the contract with the server's flags. Golden files catch any change; these say which
// changes are wrong, so a blind `--update` cannot slip a Secret or a wildcard in.
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FLUX_KINDS, WORKLOAD_KINDS } from '../../shared/src/kinds/registry.js';
import { parseFlags } from '../../server/src/config/flags.js';
import { parseFleetFlags } from '../../server/src/config/nats-flags.js';

// The server's own YAML parser (a dependency of @fluxscope/server), so the root needs no new package.
interface YamlModule {
  parseAllDocuments(text: string): { toJS(): unknown }[];
}
const { parseAllDocuments } = createRequire(new URL('../../server/package.json', import.meta.url))(
  'yaml',
) as YamlModule;

type Doc = Record<string, unknown> & { kind: string; metadata: { name: string; namespace?: string } };
interface Rule {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
  resourceNames?: string[];
}
interface Container {
  args: string[];
  env: { name: string; value?: string; valueFrom?: { secretKeyRef?: { name: string; key: string } } }[];
  securityContext: Record<string, unknown>;
  livenessProbe: { httpGet: { path: string; port: string } };
  readinessProbe: { httpGet: { path: string; port: string } };
  volumeMounts: { name: string; mountPath: string }[];
  resources: { requests?: Record<string, string>; limits?: Record<string, string> };
}
interface PodSpec {
  securityContext: Record<string, unknown>;
  containers: Container[];
  volumes: {
    name: string;
    emptyDir?: Record<string, unknown>;
    secret?: { secretName: string; items?: { key: string; path: string }[] };
  }[];
}

const testsDir = import.meta.dirname;
const renders = new Map<string, Doc[]>(
  readdirSync(join(testsDir, 'expected'))
    .filter(f => f.endsWith('.yaml'))
    .map(f => {
      const docs = parseAllDocuments(readFileSync(join(testsDir, 'expected', f), 'utf8'))
        .map(d => d.toJS() as Doc | null)
        .filter((d): d is Doc => d !== null);
      return [f.replace(/\.yaml$/, ''), docs] as const;
    }),
);
const render = (name: string): Doc[] => {
  const docs = renders.get(name);
  if (!docs) throw new Error(`no helm/tests/expected/${name}.yaml`);
  return docs;
};
const ofKind = (docs: Doc[], kind: string): Doc[] => docs.filter(d => d.kind === kind);
const podSpec = (docs: Doc[]): PodSpec => {
  const [deployment] = ofKind(docs, 'Deployment');
  return (deployment as unknown as { spec: { template: { spec: PodSpec } } }).spec.template.spec;
};
const container = (docs: Doc[]): Container => {
  const [first] = podSpec(docs).containers;
  if (!first) throw new Error('no container');
  return first;
};
/**
 * The container's args, with a file flag that points into a mounted Secret volume pointed at a stand-in file
 * (the test has no /etc/fluxscope): the path must be inside a volumeMount of a Secret volume.
 */
const mountedArgs = (docs: Doc[]): string[] => {
  const c = container(docs);
  return c.args.map(arg => {
    const file = /^--oidc-client-secret-file=(.+)$/.exec(arg)?.[1];
    if (!file) return arg;
    const mount = c.volumeMounts.find(m => file.startsWith(`${m.mountPath}/`));
    const volume = podSpec(docs).volumes.find(v => v.name === mount?.name);
    expect(volume?.secret?.secretName, `${file} is in a mounted Secret volume`).toBeTruthy();
    const standIn = join(mkdtempSync(join(tmpdir(), 'chart-secret-')), 'secret');
    writeFileSync(standIn, 'a-client-secret');
    return `--oidc-client-secret-file=${standIn}`;
  });
};
const roles = (docs: Doc[]): Doc[] => [...ofKind(docs, 'ClusterRole'), ...ofKind(docs, 'Role')];
const rules = (role: Doc): Rule[] => (role as unknown as { rules: Rule[] }).rules;
/** "group/resource" for every (group, resource) a role grants with `verb`. */
const grants = (role: Doc, verb: string): Set<string> =>
  new Set(
    rules(role)
      .filter(r => r.verbs.includes(verb))
      .flatMap(r => r.apiGroups.flatMap(g => r.resources.map(res => `${g}/${res}`))),
  );

const FLUX_GROUPS = new Set(FLUX_KINDS.map(k => k.group));
const fluxResources = FLUX_KINDS.map(k => `${k.group}/${k.plural}`);
const namespacedWorkloads = WORKLOAD_KINDS.filter(k => k.namespaced).map(k => `${k.group}/${k.plural}`);
const clusterScopedWorkloads = WORKLOAD_KINDS.filter(k => !k.namespaced).map(k => `${k.group}/${k.plural}`);
const eventResources = ['/events', 'events.k8s.io/events'];

describe('chart renders', () => {
  it('cover the value sets the README documents', () => {
    expect([...renders.keys()].sort()).toEqual(
      expect.arrayContaining(['actions', 'default', 'ingress-with-token', 'namespaced', 'proxy-auth']),
    );
  });

  for (const [name, docs] of renders) {
    describe(name, () => {
      it('RBAC: no Secrets, no wildcards, only get/list/watch (and patch on Flux kinds with actions)', () => {
        for (const role of roles(docs)) {
          for (const rule of rules(role)) {
            for (const field of [rule.apiGroups, rule.resources, rule.verbs])
              expect(field).not.toContain('*');
            expect(rule.resources).not.toContain('secrets');
            // The one subresource: pods/log, get only, with logs.enabled (the default).
            const subresources = rule.resources.filter(r => r.includes('/'));
            if (subresources.length) {
              expect(rule).toEqual({ apiGroups: [''], resources: ['pods/log'], verbs: ['get'] });
              expect(name).not.toBe('logs-off');
            }
            if (rule.verbs.includes('impersonate')) {
              // Only with impersonation, and only the users/groups named in values (never everybody).
              expect(name).toBe('oidc-impersonation');
              expect(rule.verbs).toEqual(['impersonate']);
              expect(['users', 'groups']).toContain(rule.resources.join());
              expect(rule.resourceNames?.length).toBeGreaterThan(0);
              continue;
            }
            for (const verb of rule.verbs) expect(['get', 'list', 'watch', 'patch']).toContain(verb);
            if (rule.verbs.includes('patch')) {
              expect(['actions', 'oidc-impersonation']).toContain(name);
              for (const group of rule.apiGroups) expect(FLUX_GROUPS.has(group)).toBe(true);
            }
          }
        }
      });

      it('pod: non-root, read-only root, no privilege escalation, no capabilities, RuntimeDefault seccomp', () => {
        const pod = podSpec(docs);
        expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 65532 });
        expect(pod.securityContext['seccompProfile']).toEqual({ type: 'RuntimeDefault' });
        const c = container(docs);
        expect(c.securityContext).toMatchObject({
          readOnlyRootFilesystem: true,
          allowPrivilegeEscalation: false,
          runAsNonRoot: true,
          capabilities: { drop: ['ALL'] },
          seccompProfile: { type: 'RuntimeDefault' },
        });
        expect(c.livenessProbe.httpGet).toEqual({ path: '/healthz', port: 'http' });
        expect(c.readinessProbe.httpGet).toEqual({ path: '/readyz', port: 'http' });
        expect(c.resources.requests?.['memory']).toBeDefined();
        expect(c.resources.limits?.['memory']).toBeDefined();
        const tmp = c.volumeMounts.find(m => m.mountPath === '/tmp');
        expect(pod.volumes.find(v => v.name === tmp?.name)?.emptyDir).toBeDefined();
      });

      it('NOTES tell how to reach it with kubectl port-forward', () => {
        const notes = readFileSync(join(testsDir, 'expected', `${name}.notes.txt`), 'utf8');
        const [service] = ofKind(docs, 'Service') as unknown as { spec: { ports: { port: number }[] } }[];
        const port = service?.spec.ports[0]?.port;
        expect(notes).toContain(`kubectl -n fluxscope port-forward svc/fluxscope 8080:${port}`);
      });

      it('exposed (Ingress or non-ClusterIP Service): a NetworkPolicy on the pod, only its port; proxy auth only from listed peers', () => {
        const exposed =
          ofKind(docs, 'Ingress').length > 0 ||
          ofKind(docs, 'Service').some(
            s => (s as unknown as { spec: { type: string } }).spec.type !== 'ClusterIP',
          );
        const policies = ofKind(docs, 'NetworkPolicy') as unknown as {
          spec: {
            podSelector: { matchLabels: Record<string, string> };
            policyTypes: string[];
            ingress: { ports: { port: string }[]; from?: unknown[] }[];
          };
        }[];
        expect(policies.length, 'NetworkPolicy when exposed').toBe(exposed ? 1 : 0);
        const [policy] = policies;
        if (!policy) return;
        const podLabels = (
          ofKind(docs, 'Deployment')[0] as unknown as {
            spec: { template: { metadata: { labels: Record<string, string> } } };
          }
        ).spec.template.metadata.labels;
        expect(podLabels).toMatchObject(policy.spec.podSelector.matchLabels);
        expect(policy.spec.policyTypes).toEqual(['Ingress']);
        for (const rule of policy.spec.ingress)
          expect(rule.ports).toEqual([{ port: 'http', protocol: 'TCP' }]);
        if (container(docs).env.some(e => e.name === 'FLUXSCOPE_TRUSTED_PROXY_HEADER'))
          for (const rule of policy.spec.ingress) expect(rule.from?.length ?? 0).toBeGreaterThan(0);
      });

      it('the server answers to its Service names and the Ingress hosts (DNS rebinding protection)', () => {
        const config = parseFlags(parseFleetFlags(mountedArgs(docs), {}, false).rest, {});
        if (config === 'help') throw new Error('chart args ask for --help');
        expect(config.allowedHosts).toEqual(
          expect.arrayContaining([
            'fluxscope',
            'fluxscope.fluxscope.svc',
            'fluxscope.fluxscope.svc.cluster.local',
          ]),
        );
        for (const ingress of ofKind(docs, 'Ingress') as unknown as { spec: { rules: { host: string }[] } }[])
          for (const rule of ingress.spec.rules) expect(config.allowedHosts).toContain(rule.host);
      });

      it('the server accepts every flag and env the chart passes', () => {
        const c = container(docs);
        const env: Record<string, string> = {};
        for (const e of c.env) env[e.name] = e.value ?? 'a-token-from-a-secret-0123456789abcdef';
        const { fleet, rest } = parseFleetFlags(mountedArgs(docs), env, false);
        const config = parseFlags(rest, env);
        if (config === 'help') throw new Error('chart args ask for --help');
        expect(fleet.mode).toBe(name === 'agent' || name === 'hub' ? name : 'server');
        expect(config.host).toBe('0.0.0.0');
        expect(config.port).toBe(8080);
        expect(config.enableActions).toBe(name === 'actions' || name === 'oidc-impersonation');
        expect(config.logsEnabled).toBe(name !== 'logs-off');
        // Without a token or proxy header the server only listens beyond loopback when told to explicitly.
        const auth =
          config.authToken !== undefined ||
          config.trustedProxyHeader !== undefined ||
          config.oidc !== undefined;
        expect(config.allowUnauthenticated).toBe(!auth);
      });
    });
  }

  it('default: one ClusterRole granting read on exactly the kinds the server watches, plus Events', () => {
    const docs = render('default');
    expect(ofKind(docs, 'Role')).toHaveLength(0);
    const [role] = ofKind(docs, 'ClusterRole');
    if (!role) throw new Error('no ClusterRole');
    const expected = [...fluxResources, ...namespacedWorkloads, ...clusterScopedWorkloads, ...eventResources];
    for (const verb of ['list', 'watch']) expect([...grants(role, verb)].sort()).toEqual(expected.sort());
    expect([...grants(role, 'get')].sort()).toEqual([...expected, '/pods/log'].sort());
    expect(grants(role, 'patch').size).toBe(0);
    const [binding] = ofKind(docs, 'ClusterRoleBinding');
    expect(binding).toMatchObject({
      roleRef: { kind: 'ClusterRole', name: role.metadata.name },
      subjects: [{ kind: 'ServiceAccount', name: 'fluxscope', namespace: 'fluxscope' }],
    });
    expect(container(docs).args).not.toContain('--enable-actions');
    expect(ofKind(docs, 'Service')[0]).toMatchObject({ spec: { type: 'ClusterIP' } });
    expect(ofKind(docs, 'Ingress')).toHaveLength(0);
  });

  it('logs-off: no pods/log anywhere, and --disable-logs', () => {
    const docs = render('logs-off');
    for (const role of roles(docs)) expect(grants(role, 'get').has('/pods/log')).toBe(false);
    expect(container(docs).args).toContain('--disable-logs');
    expect(container(render('default')).args).not.toContain('--disable-logs');
  });

  it('actions: patch on the Flux kinds only (ExternalArtifact excluded), and --enable-actions', () => {
    const docs = render('actions');
    const [role] = ofKind(docs, 'ClusterRole');
    if (!role) throw new Error('no ClusterRole');
    const patchable = fluxResources.filter(r => r !== 'source.toolkit.fluxcd.io/externalartifacts');
    expect([...grants(role, 'patch')].sort()).toEqual(patchable.sort());
    expect(container(docs).args).toContain('--enable-actions');
  });

  it('namespaced: a Role and RoleBinding per listed namespace, nothing cluster-wide, --namespaces passed', () => {
    const docs = render('namespaced');
    expect(ofKind(docs, 'ClusterRole')).toHaveLength(0);
    expect(ofKind(docs, 'ClusterRoleBinding')).toHaveLength(0);
    const namespaces = ['flux-system', 'apps'];
    expect(ofKind(docs, 'Role').map(r => r.metadata.namespace)).toEqual(namespaces);
    expect(ofKind(docs, 'RoleBinding').map(r => r.metadata.namespace)).toEqual(namespaces);
    for (const role of ofKind(docs, 'Role')) {
      const expected = [...fluxResources, ...namespacedWorkloads, ...eventResources];
      expect([...grants(role, 'list')].sort()).toEqual(expected.sort());
      expect(grants(role, 'get').has('/pods/log')).toBe(true);
    }
    expect(container(docs).args).toContain('--namespaces=flux-system,apps');
  });

  it('ingress-with-token: an Ingress, and the token comes from the Secret, never inline', () => {
    const docs = render('ingress-with-token');
    expect(ofKind(docs, 'Ingress')).toHaveLength(1);
    const token = container(docs).env.find(e => e.name === 'FLUXSCOPE_AUTH_TOKEN');
    expect(token?.value).toBeUndefined();
    expect(token?.valueFrom?.secretKeyRef).toEqual({ name: 'fluxscope-auth', key: 'token' });
  });

  it('proxy-auth: the trusted header is passed, and the LoadBalancer is allowed because auth is set', () => {
    const docs = render('proxy-auth');
    expect(container(docs).env).toContainEqual({
      name: 'FLUXSCOPE_TRUSTED_PROXY_HEADER',
      value: 'X-Forwarded-User',
    });
    expect(ofKind(docs, 'Service')[0]).toMatchObject({ spec: { type: 'LoadBalancer' } });
    expect(container(docs).args).toContain('--log-level=debug');
  });

  it('agent: read-only RBAC as the dashboard, NATS credentials as files from a read-only Secret volume', () => {
    const docs = render('agent');
    expect(roles(docs).length).toBeGreaterThan(0);
    const { fleet } = parseFleetFlags(container(docs).args, {}, false);
    expect(fleet).toMatchObject({
      mode: 'agent',
      clusterName: 'prod-eu-1',
      nats: { nkeySeedFile: '/etc/fluxscope/nats/agent.nk', tls: { caFile: '/etc/fluxscope/nats/ca.crt' } },
    });
    const mount = container(docs).volumeMounts.find(m => m.mountPath === '/etc/fluxscope/nats');
    expect(mount).toMatchObject({ readOnly: true });
    const volume = podSpec(docs).volumes.find(v => v.name === mount?.name) as unknown as {
      secret: { secretName: string; defaultMode: number };
    };
    expect(volume.secret).toEqual({ secretName: 'fluxscope-nats', defaultMode: 0o400 }); // 256
  });

  it('hub: no Kubernetes access at all (no RBAC, no token), credentials and mutual TLS from its Secret', () => {
    const docs = render('hub');
    expect(roles(docs)).toEqual([]);
    expect(ofKind(docs, 'ClusterRoleBinding')).toEqual([]);
    expect(ofKind(docs, 'RoleBinding')).toEqual([]);
    expect(
      (podSpec(docs) as unknown as { automountServiceAccountToken: boolean }).automountServiceAccountToken,
    ).toBe(false);
    const { fleet } = parseFleetFlags(container(docs).args, {}, false);
    expect(fleet.nats).toMatchObject({
      credsFile: '/etc/fluxscope/nats/hub.creds',
      tls: { certFile: '/etc/fluxscope/nats/tls.crt', keyFile: '/etc/fluxscope/nats/tls.key' },
    });
  });

  it('oidc-impersonation: the client secret only as a mounted Secret file; impersonation of the listed users and groups only', () => {
    const docs = render('oidc-impersonation');
    const c = container(docs);
    expect(c.env.some(e => /OIDC/.test(e.name))).toBe(false);
    expect(c.args).toEqual(
      expect.arrayContaining([
        '--oidc-issuer=https://idp.example.com',
        '--oidc-redirect-url=https://fluxscope.example.com/api/v1/auth/oidc/callback',
        '--oidc-client-secret-file=/etc/fluxscope/oidc/client-secret',
        '--oidc-groups-claim=roles',
        '--impersonate',
        '--impersonate-groups=team-a,viewer',
      ]),
    );
    expect(podSpec(docs).volumes).toContainEqual(
      expect.objectContaining({
        name: 'oidc-client-secret',
        secret: expect.objectContaining({ secretName: 'fluxscope-oidc' }),
      }),
    );
    const impersonate = roles(docs).find(r => r.metadata.name === 'fluxscope-impersonate');
    expect(impersonate && rules(impersonate)).toEqual([
      {
        apiGroups: [''],
        resources: ['users'],
        verbs: ['impersonate'],
        resourceNames: ['alice@example.com', 'bob@example.com'],
      },
      { apiGroups: [''], resources: ['groups'], verbs: ['impersonate'], resourceNames: ['team-a', 'viewer'] },
    ]);
    for (const other of ['default', 'actions', 'proxy-auth'])
      expect(
        roles(render(other))
          .flatMap(rules)
          .some(r => r.verbs.includes('impersonate')),
      ).toBe(false);
  });
});
