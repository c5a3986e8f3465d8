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
import { KubeConfig, type RequestContext } from '@kubernetes/client-node';
import { RawKubeApi } from './raw-api.js';

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
    // The server's own credentials (and its pooled connections), then the user on top.
    await this.base.applySecurityAuthentication(context);
    const own = context.getHeaders.bind(context);
    const { user, groups } = this.as;
    // A header object holds one value per name, and the API server reads each Impersonate-Group line as one
    // group (a comma is part of the name): undici takes a list of pairs, which repeats the header.
    const pairs = (): Array<[string, string]> => [
      ...Object.entries(own()).filter(([name]) => !/^impersonate-/i.test(name)),
      ['Impersonate-User', user],
      ...groups.map((group): [string, string] => ['Impersonate-Group', group]),
    ];
    (context as unknown as { getHeaders: () => Array<[string, string]> }).getHeaders = pairs;
  }
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
