/**
 * Starts the built-in demo cluster in-process. It is loaded lazily (and typed here, structurally) so the
 * server does not load it at all when it talks to a real cluster.
 */
import type { DemoScenario } from '../config/flags.js';

export interface DemoClusterHandle {
  url: string;
  /** kubeconfig YAML (or an object) pointing at the demo cluster with its CA and a token. */
  kubeconfig: string | object;
  restartScenario(): Promise<void> | void;
  stop(): Promise<void> | void;
}

interface DemoClusterModule {
  startDemoCluster(options: {
    host: string;
    port: number;
    scenario: DemoScenario;
    speed: number;
    contextName?: string;
    fluxVersion?: string;
  }): Promise<DemoClusterHandle>;
}

const DEMO_MODULE = '@fluxscope/demo-cluster';

/** `contextName` names the context of its generated kubeconfig; `fluxVersion` the Flux version it plays. */
export async function startBuiltInDemo(
  scenario: DemoScenario,
  speed: number,
  extra: { contextName?: string; fluxVersion?: string } = {},
): Promise<DemoClusterHandle> {
  const mod = (await import(DEMO_MODULE)) as Partial<DemoClusterModule>;
  if (typeof mod.startDemoCluster !== 'function') {
    throw new Error(`${DEMO_MODULE} does not export startDemoCluster`);
  }
  return mod.startDemoCluster({ host: '127.0.0.1', port: 0, scenario, speed, ...extra });
}

export function kubeconfigText(kubeconfig: string | object): string {
  return typeof kubeconfig === 'string' ? kubeconfig : JSON.stringify(kubeconfig);
}

/**
 * Stops the demo cluster, waiting at most `ms`: its HTTPS server can take ~15 s to close while clients
 * still hold keep-alive sockets, and shutdown must not hang on that.
 */
export async function stopWithin(handle: DemoClusterHandle, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    Promise.resolve(handle.stop()),
    new Promise<void>(resolve => {
      timer = setTimeout(resolve, ms);
      timer.unref();
    }),
  ]);
  clearTimeout(timer);
}
