/** The KubeConfig every request to the API server authenticates through (lists, watches, patches). */
import { KubeConfig } from '@kubernetes/client-node';
import type { RequestContext } from '@kubernetes/client-node';
import { CredentialError } from './raw-api.js';

/** undici's Dispatcher, as client-node's RequestContext types it (undici is not our dependency). */
type Dispatcher = NonNullable<ReturnType<RequestContext['getDispatcher']>>;

/**
 * client-node's KubeConfig, with failures to obtain credentials told apart from network failures: an exec
 * plugin that exits 1 (`aws eks get-token` with an expired SSO session) rejects with a bare Error of its
 * stderr, which would otherwise read as "cannot reach the API server". Lists and watches both authenticate
 * through this method.
 */
export class ClientKubeConfig extends KubeConfig {
  private pooled: { key: string; dispatcher: Dispatcher } | undefined;

  override async applySecurityAuthentication(context: RequestContext): Promise<void> {
    try {
      await super.applySecurityAuthentication(context);
    } catch (err) {
      const user = this.getCurrentUser();
      const how = user?.exec?.command
        ? `the credential plugin "${user.exec.command}" failed`
        : `credentials for user "${user?.name ?? '?'}" could not be loaded`;
      const detail = (err instanceof Error ? err.message : String(err)).trim().split('\n')[0] || 'no message';
      throw new CredentialError(`${how}: ${detail}`, { cause: err });
    }
    this.reuseConnections(context);
  }

  /**
   * client-node 2.0 builds a new undici Agent for every request, so every list page and every watch restart
   * opened a new TLS connection (5% of a 100k-object cold sync went to handshakes). Requests whose TLS
   * settings come from the kubeconfig alone share one Agent, and with it keep-alive connections. An exec
   * plugin may hand out client certificates and a proxy has its own agent: those keep client-node's way.
   */
  private reuseConnections(context: RequestContext): void {
    const fresh = context.getDispatcher();
    const cluster = this.getCurrentCluster();
    const user = this.getCurrentUser();
    if (!fresh || !cluster || cluster.proxyUrl || user?.exec || user?.authProvider?.name === 'exec') return;
    const key = JSON.stringify([
      cluster.server,
      cluster.caData ?? cluster.caFile,
      cluster.skipTLSVerify,
      cluster.tlsServerName,
      user?.certData ?? user?.certFile,
      user?.keyData ?? user?.keyFile,
    ]);
    if (this.pooled?.key !== key) {
      void this.pooled?.dispatcher.close().catch(() => {});
      this.pooled = { key, dispatcher: fresh };
      return;
    }
    context.setDispatcher(this.pooled.dispatcher);
    // The fresh Agent never connected: nothing to close.
  }
}
