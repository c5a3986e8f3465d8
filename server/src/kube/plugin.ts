/**
 * The one Kubernetes client plugin ('k8s'): resolves where the cluster is (kubeconfig, in-cluster, or the
 * built-in demo), builds the client-node KubeConfig once and decorates the instance with it. The demo
 * cluster is reached through client-node with its generated kubeconfig, exactly like a real cluster.
 */
import { type KubeConfig, Watch } from '@kubernetes/client-node';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { DemoScenario } from '../config/flags.js';
import { type DemoClusterHandle, kubeconfigText, startBuiltInDemo, stopWithin } from './demo.js';
import { resolveKubeSource } from './load-kubeconfig.js';
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

async function connect(fastify: FastifyInstance): Promise<KubeClient> {
  const config = fastify.config;
  const source = resolveKubeSource(config);
  if (source.kind === 'misconfigured') {
    fastify.log.error(`cannot use the kubeconfig: ${source.message}`);
    return { source: 'misconfigured', misconfigured: source.message, context: source.context };
  }
  if (source.kind === 'demo') {
    fastify.log.warn(
      source.reason.startsWith('no kubeconfig')
        ? `no kubeconfig found: starting the built-in demo cluster (${source.reason})`
        : `starting the built-in demo cluster (${source.reason})`,
    );
    let handle: DemoClusterHandle;
    try {
      handle = await startBuiltInDemo(config.demoScenario, config.demoSpeed);
    } catch (err) {
      const message = `the built-in demo cluster could not start: ${err instanceof Error ? err.message : String(err)}`;
      fastify.log.error(message);
      return { source: 'misconfigured', misconfigured: message };
    }
    const kc = new ClientKubeConfig();
    kc.loadFromString(kubeconfigText(handle.kubeconfig));
    fastify.log.info(`demo cluster (${config.demoScenario}) serving the Kubernetes API at ${handle.url}`);
    return {
      source: 'demo',
      kc,
      api: RawKubeApi.forConfig(kc),
      watch: makeWatch(kc, config.watchSilenceMs),
      server: handle.url,
      context: kc.getCurrentContext(),
      demo: { handle, scenario: config.demoScenario },
    };
  }
  fastify.log.info(`connecting to ${source.server} (context ${source.context})`);
  return {
    source: source.kind,
    kc: source.kc,
    api: RawKubeApi.forConfig(source.kc),
    watch: makeWatch(source.kc, config.watchSilenceMs),
    server: source.server,
    context: source.context,
  };
}

export default fp(
  async fastify => {
    const client = await connect(fastify);
    fastify.decorate('k8s', client);
    fastify.addHook('onClose', async () => {
      if (client.demo) await stopWithin(client.demo.handle, 2000);
    });
  },
  { name: 'k8s', dependencies: ['config'] },
);
