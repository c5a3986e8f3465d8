#!/usr/bin/env node
/**
 * Runs the demo cluster on its own so kubectl (or a Fluxscope server started elsewhere) can look at it:
 *   pnpm demo-cluster --port 6443 --scenario steady --kubeconfig-out ./demo.kubeconfig
 *   kubectl --kubeconfig ./demo.kubeconfig get kustomizations -A
 * Restart the replay: POST <url>/fluxscope-demo/v1/restart?scenario=bootstrap&speed=2 (with the bearer token).
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { SCENARIOS, startDemoCluster } from './index.js';
import type { ScenarioName } from './index.js';

const USAGE = `Usage: demo-cluster [--host 127.0.0.1] [--port 0] [--scenario ${SCENARIOS.join('|')}] [--speed 1]
                    [--kubeconfig-out PATH] [--token TOKEN] [--no-periodic] [--bookmark-interval-ms 15000]
                    [--synthetic-objects N [--synthetic-kustomizations N] [--synthetic-helmreleases N]
                     [--synthetic-changes-per-second K]]   (a generated cluster instead of the scenario)`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      host: { type: 'string', default: '127.0.0.1' },
      port: { type: 'string', default: '0' },
      scenario: { type: 'string', default: 'bootstrap' },
      speed: { type: 'string', default: '1' },
      'kubeconfig-out': { type: 'string' },
      token: { type: 'string' },
      'no-periodic': { type: 'boolean', default: false },
      'bookmark-interval-ms': { type: 'string' },
      'synthetic-objects': { type: 'string' },
      'synthetic-kustomizations': { type: 'string' },
      'synthetic-helmreleases': { type: 'string' },
      'synthetic-changes-per-second': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const scenario = values.scenario as ScenarioName;
  const port = Number(values.port);
  const speed = Number(values.speed);
  if (!SCENARIOS.includes(scenario) || !Number.isInteger(port) || !(speed > 0)) {
    console.error(USAGE);
    process.exit(2);
  }
  const synthetic = values['synthetic-objects']
    ? {
        objects: Number(values['synthetic-objects']),
        ...(values['synthetic-kustomizations']
          ? { kustomizations: Number(values['synthetic-kustomizations']) }
          : {}),
        ...(values['synthetic-helmreleases']
          ? { helmReleases: Number(values['synthetic-helmreleases']) }
          : {}),
        changesPerSecond: Number(values['synthetic-changes-per-second'] ?? 0),
      }
    : undefined;
  const cluster = await startDemoCluster({
    ...(synthetic ? { synthetic } : {}),
    host: values.host,
    port,
    scenario,
    speed,
    periodic: !values['no-periodic'],
    ...(values.token ? { token: values.token } : {}),
    ...(values['bookmark-interval-ms'] ? { bookmarkIntervalMs: Number(values['bookmark-interval-ms']) } : {}),
  });
  const out = values['kubeconfig-out'];
  if (out) await cluster.writeKubeconfig(resolve(out));
  const what = synthetic ? `synthetic, ${cluster.store.size} objects` : `${scenario}, speed ${speed}`;
  console.log(`demo cluster (${what}) serving ${cluster.url}`);
  if (out)
    console.log(`kubeconfig written to ${resolve(out)}: kubectl --kubeconfig ${out} get kustomizations -A`);
  else process.stdout.write(cluster.kubeconfig);
  const shutdown = (): void => {
    void cluster.stop().then(() => process.exit(0));
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
