/**
 * The one Kubernetes client: resolves where a cluster is (kubeconfig and context, in-cluster, or a built-in
 * demo) and builds its client-node KubeConfig once. The fleet plugin (fleet/plugin.ts) connects one per
 * cluster. A demo cluster is reached through client-node with its generated kubeconfig, exactly like a real one.
 */
import { type KubeConfig, Watch } from '@kubernetes/client-node';
import type { FastifyBaseLogger } from 'fastify';
import type { DemoScenario, ServerConfig } from '../config/flags.js';
import { type DemoClusterHandle, kubeconfigText, startBuiltInDemo, stopWithin } from './demo.js';
import { type KubeSource, resolveKubeSource } from './load-kubeconfig.js';
import { ClientKubeConfig } from './client-config.js';
import { RawKubeApi } from './raw-api.js';

export interface KubeClient {
  /** How the cluster was found. */
  source: 'kubeconfig' | 'in-cluster' | 'demo' | 'misconfigured';
  /** Absent when misconfigured. */
  kc?: KubeConfig;
  api?: RawKubeApi;
  watch?: Watch;
  server?: string;
  context?: string;
  /** Why we cannot connect at all (unparsable kubeconfig, unknown context, demo failed to start). */
  misconfigured?: string;
  demo?: { handle: DemoClusterHandle; scenario: DemoScenario };
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The default cluster's client (the first cluster); per-cluster routes use `request.cluster.k8s`. */
    k8s: KubeClient;
  }
}

/**
 * client-node's Watch aborts a watch after 30 s without data (its inactivity timer). The API server sends
 * bookmarks only about once a minute, so quiet kinds would be restarted every 30 s; we raise the timer to
 * our own silence limit and treat its TimeoutError as "watch silent, restart it".
 */
function makeWatch(kc: KubeConfig, silenceMs: number): Watch {
  const watch = new Watch(kc);
  (watch as unknown as { requestTimeoutMs: number }).requestTimeoutMs = silenceMs;
  return watch;
}

/** Which cluster to connect to: as kubectl would (optionally another context), or a built-in demo cluster. */
export type ClusterTarget =
  | { kind: 'kubeconfig'; context?: string }
  | { kind: 'demo'; scenario: DemoScenario; speed: number; contextName?: string; fluxVersion?: string };

/**
 * Connects to one cluster. Never throws: an unreadable kubeconfig, an unknown context or a demo cluster
 * that cannot start is a 'misconfigured' client whose message the cluster's row and status show.
 */
export async function connectCluster(
  config: ServerConfig,
  log: FastifyBaseLogger,
  target: ClusterTarget,
): Promise<KubeClient> {
  const source: KubeSource =
    target.kind === 'demo'
      ? { kind: 'demo', reason: 'a demo fleet cluster' }
      : resolveKubeSource(target.context === undefined ? config : { ...config, context: target.context });
  if (source.kind === 'misconfigured') {
    log.error(`cannot use the kubeconfig: ${source.message}`);
    return {
      source: 'misconfigured',
      misconfigured: source.message,
      ...(source.context ? { context: source.context } : {}),
    };
  }
  if (source.kind === 'demo') {
    const scenario = target.kind === 'demo' ? target.scenario : config.demoScenario;
    const speed = target.kind === 'demo' ? target.speed : config.demoSpeed;
    if (target.kind !== 'demo')
      log.warn(
        source.reason.startsWith('no kubeconfig')
          ? `no kubeconfig found: starting the built-in demo cluster (${source.reason})`
          : `starting the built-in demo cluster (${source.reason})`,
      );
    let handle: DemoClusterHandle;
    try {
      handle = await startBuiltInDemo(scenario, speed, {
        ...(target.kind === 'demo' && target.contextName ? { contextName: target.contextName } : {}),
        ...(target.kind === 'demo' && target.fluxVersion ? { fluxVersion: target.fluxVersion } : {}),
      });
    } catch (err) {
      const message = `the built-in demo cluster could not start: ${err instanceof Error ? err.message : String(err)}`;
      log.error(message);
      return {
        source: 'misconfigured',
        misconfigured: message,
        ...(target.kind === 'demo' && target.contextName ? { context: target.contextName } : {}),
      };
    }
    const kc = new ClientKubeConfig();
    kc.loadFromString(kubeconfigText(handle.kubeconfig));
    log.info(`demo cluster (${scenario}) serving the Kubernetes API at ${handle.url}`);
    return {
      source: 'demo',
      kc,
      api: RawKubeApi.forConfig(kc),
      watch: makeWatch(kc, config.watchSilenceMs),
      server: handle.url,
      context: kc.getCurrentContext(),
      demo: { handle, scenario },
    };
  }
  log.info(`connecting to ${source.server} (context ${source.context})`);
  return {
    source: source.kind,
    kc: source.kc,
    api: RawKubeApi.forConfig(source.kc),
    watch: makeWatch(source.kc, config.watchSilenceMs),
    server: source.server,
    context: source.context,
  };
}

/** Stops what connecting started (a demo cluster's API server). */
export async function disconnectCluster(client: KubeClient): Promise<void> {
  if (client.demo) await stopWithin(client.demo.handle, 2000);
}
