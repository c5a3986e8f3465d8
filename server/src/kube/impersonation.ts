/**
 * Requests made as a signed-in user (--impersonate): the server authenticates as itself, as always, and adds
 * `Impersonate-User` and one `Impersonate-Group` header per group, so the API server authorizes the request
 * with the user's RBAC. The server's identity needs `impersonate` on exactly those users and groups (the
 * chart's ClusterRole names them).
 *
 * It is a KubeConfig like any other, so client-node's API clients, `Log` and `Watch` all use it unchanged,
 * and it sits in the kube client layer: whatever cluster a request is for, the user's client is made from
 * that cluster's KubeConfig.
 */
import { createHash } from 'node:crypto';
import type https from 'node:https';
import { KubeConfig, type RequestContext } from '@kubernetes/client-node';
import { Agent } from 'undici';
import { CredentialError, RawKubeApi } from './raw-api.js';

type Dispatcher = Agent;

export interface Impersonated {
  user: string;
  groups: readonly string[];
}

export class ImpersonatingKubeConfig extends KubeConfig {
  constructor(
    private readonly base: KubeConfig,
    readonly as: Impersonated,
  ) {
    super();
    // Same clusters, users and context: client-node's Log and Watch read the server URL from them.
    this.loadFromOptions({
      clusters: base.clusters,
      users: base.users,
      contexts: base.contexts,
      currentContext: base.getCurrentContext(),
    });
  }

  override async applySecurityAuthentication(context: RequestContext): Promise<void> {
    // The server's own credentials, then the user on top.
    await this.base.applySecurityAuthentication(context);
    const { user, groups } = this.as;
    context.setHeaderParam('Impersonate-User', user);
    // The API server reads each Impersonate-Group line as one group. fetch joins repeated headers into one
    // line, and undici's HTTP/2 client joins them too ("a, b" would be one group named so): the lines are
    // added below fetch, on a connection pool that speaks HTTP/1.1 only.
    const agent = await http1Agent(this.base);
    context.setDispatcher(
      agent.compose(
        dispatch => (options, handler) =>
          dispatch({ ...options, headers: withGroups(options.headers, groups) }, handler),
      ),
    );
  }
}

let pooled: { key: string; agent: Agent } | undefined;

/**
 * An HTTP/1.1-only pool with the cluster's TLS settings (client-node's own pool may negotiate HTTP/2), one
 * for all users, made again when the kubeconfig's TLS material changes.
 */
async function http1Agent(base: KubeConfig): Promise<Agent> {
  const cluster = base.getCurrentCluster();
  const user = base.getCurrentUser();
  const key = JSON.stringify([
    cluster?.server,
    cluster?.caData ?? cluster?.caFile,
    cluster?.skipTLSVerify,
    cluster?.tlsServerName,
    user?.certData ?? user?.certFile,
    user?.keyData ?? user?.keyFile,
  ]);
  // A credential plugin may hand out client certificates: then the pool follows the current ones.
  const dynamic = !!user?.exec || user?.authProvider?.name === 'exec';
  if (pooled?.key === key && !dynamic) return pooled.agent;
  const tls: https.RequestOptions = {};
  await base.applyToHTTPSOptions(tls);
  const agentOptions: https.AgentOptions = {};
  for (const field of ['ca', 'cert', 'key', 'pfx', 'passphrase', 'rejectUnauthorized', 'servername'] as const)
    if (tls[field] !== undefined) Object.assign(agentOptions, { [field]: tls[field] });
  const fullKey = dynamic
    ? `${key}|${createHash('sha256')
        .update(JSON.stringify([tls.cert, tls.key]))
        .digest('hex')}`
    : key;
  if (pooled?.key === fullKey) return pooled.agent;
  const options = base.createDispatcherOptions(cluster, agentOptions);
  if (options.type === 'proxy' || options.type === 'socks')
    throw new CredentialError(
      `--impersonate does not go through the kubeconfig's proxy (${cluster?.proxyUrl ?? ''}): connect directly`,
    );
  const agent = new Agent({
    ...(options.type === 'agent' ? { connect: options.connect } : {}),
    allowH2: false,
  });
  void pooled?.agent.close().catch(() => {});
  pooled = { key: fullKey, agent };
  return agent;
}

type DispatchHeaders = Parameters<Dispatcher['dispatch']>[0]['headers'];

/** The request's headers as a flat [name, value, ...] list, plus one Impersonate-Group line per group. */
export function withGroups(headers: DispatchHeaders, groups: readonly string[]): string[] {
  const flat: string[] = [];
  const add = (name: string, value: unknown) => {
    if (/^impersonate-group$/i.test(name) || value === undefined) return;
    for (const v of Array.isArray(value) ? value : [value]) flat.push(name, String(v));
  };
  if (Array.isArray(headers)) {
    if (headers.length && Array.isArray(headers[0]))
      for (const [name, value] of headers as unknown as Array<[string, string]>) add(name, value);
    else for (let i = 0; i < headers.length; i += 2) add(String(headers[i]), headers[i + 1]);
  } else if (headers && typeof (headers as Iterable<unknown>)[Symbol.iterator] === 'function') {
    for (const [name, value] of headers as Iterable<[string, string]>) add(name, value);
  } else if (headers) for (const [name, value] of Object.entries(headers)) add(name, value);
  for (const group of groups) flat.push('Impersonate-Group', group);
  return flat;
}

export interface UserClient {
  kc: KubeConfig;
  api: RawKubeApi;
}

/** One client per user and group set, kept while used (bounded, least recently used dropped first). */
export class UserClients {
  private readonly clients = new Map<string, UserClient>();

  constructor(
    private readonly base: KubeConfig,
    private readonly max = 1000,
  ) {}

  for(as: Impersonated): UserClient {
    const key = JSON.stringify([as.user, [...as.groups].sort()]);
    let client = this.clients.get(key);
    if (client) this.clients.delete(key);
    else {
      const kc = new ImpersonatingKubeConfig(this.base, { user: as.user, groups: [...as.groups] });
      client = { kc, api: RawKubeApi.forConfig(kc) };
    }
    this.clients.set(key, client);
    while (this.clients.size > this.max) {
      const oldest = this.clients.keys().next().value;
      if (oldest === undefined) break;
      this.clients.delete(oldest);
    }
    return client;
  }
}
