/**
 * "Chains turn green after a bootstrap", against the real test bed: real kube-apiserver, real Flux
 * controllers. testbed/test.sh brings the test bed up without Flux objects and sets
 * FLUXSCOPE_TESTBED_KUBECONFIG; this spec starts Fluxscope on it, opens the map, runs testbed/bootstrap.sh,
 * and checks the map turns green in dependsOn order without a reload. Skipped unless that variable is set,
 * so the normal e2e stage never runs it.
 */
import { execFile } from 'node:child_process';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, test as base } from '@playwright/test';
import { armReloadGuard } from '../support/no-reload.js';
import { MapView } from '../support/pages/map.js';
import { Shell } from '../support/pages/shell.js';
import { startReadyRecorder, waitForAllReady } from '../support/ready-recorder.js';
import { screenshotBothThemes } from '../support/screenshots.js';
import { type RunningServer, startServerProcess } from '../support/server-process.js';

const kubeconfig = process.env['FLUXSCOPE_TESTBED_KUBECONFIG'];
const root = fileURLToPath(new URL('../..', import.meta.url));

/** What testbed/fixture deploys (all in flux-system) and its Kustomizations' spec.dependsOn. */
const KUSTOMIZATIONS = [
  'flux-system',
  'sources',
  'capacitor',
  'infrastructure',
  'dependencies',
  'controlplane',
  'dataplane-pooled-envs',
  'dataplane-tenants',
];
const HELMRELEASES = [
  'metrics-server',
  'karpenter',
  'aws-load-balancer-controller',
  'onboarding-service',
  'pool-1',
];
const DEPENDS_ON: Array<[dependent: string, dependency: string]> = [
  ['infrastructure', 'sources'],
  ['dependencies', 'infrastructure'],
  ['controlplane', 'infrastructure'],
  ['dataplane-pooled-envs', 'controlplane'],
];
const KS = (name: string) => `Kustomization/${name}`;
const WATCHED = [...KUSTOMIZATIONS.map(KS), ...HELMRELEASES.map(n => `HelmRelease/${n}`)];

/** The built server against the test bed's kubeconfig, serving web/dist. */
const startTestbedServer = (path: string): Promise<RunningServer> =>
  startServerProcess(['--kubeconfig', path, '--log-level', 'warn']);

const test = base.extend<object, { testbed: RunningServer }>({
  testbed: [
    // Playwright reads a fixture's dependencies from the destructuring: this one has none.
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const server = await startTestbedServer(kubeconfig ?? '');
      try {
        await use(server);
      } finally {
        await server.stop();
      }
    },
    { scope: 'worker', timeout: 90_000 },
  ],
  baseURL: async ({ testbed }, use) => use(testbed.url),
});

test.skip(!kubeconfig, 'needs the test bed: run bash testbed/test.sh (sets FLUXSCOPE_TESTBED_KUBECONFIG)');

test.afterEach(async ({ testbed }, testInfo) => {
  if (testInfo.status !== testInfo.expectedStatus)
    await testInfo.attach('server.log', { body: testbed.logs(), contentType: 'text/plain' });
});

test('chains turn green after a bootstrap', async ({ page }, testInfo) => {
  test.setTimeout(240_000);
  const map = new MapView(page);
  const shell = new Shell(page);
  await page.goto('/');
  await shell.waitLive();
  // The test bed starts without Flux objects: the map's empty state, replaced live by the map itself.
  await expect(page.getByText('No Flux objects yet')).toBeVisible();
  const guard = await armReloadGuard(page);
  await startReadyRecorder(page, WATCHED);

  const started = Date.now();
  await promisify(execFile)('bash', [`${root}testbed/bootstrap.sh`], {
    env: {
      ...process.env,
      FLUXSCOPE_TESTBED_WORK: process.env['FLUXSCOPE_TESTBED_WORK'] ?? dirname(kubeconfig ?? ''),
    },
  });
  await expect(map.node('Kustomization', 'flux-system')).toBeVisible({ timeout: 30_000 });
  // Mid-bootstrap, a dependent waits on its dependency (the real controllers' DependencyNotReady).
  await expect(map.node('Kustomization', 'controlplane')).toHaveAccessibleName(/, waiting on a dependency$/, {
    timeout: 60_000,
  });
  await screenshotBothThemes(page, 'testbed-map-bootstrapping');

  const record = await waitForAllReady(page, 180_000);
  const order = record.log.map(entry => `${entry.key}@${(entry.tick / 10).toFixed(1)}s`).join(', ');
  console.log(
    `testbed: map all green ${((Date.now() - started) / 1000).toFixed(1)} s after bootstrap; ${order}`,
  );
  await testInfo.attach('ready-order.txt', { body: order, contentType: 'text/plain' });
  const at = (key: string) => {
    const tick = record.readyTick[key];
    expect(tick, `${key} turned ready`).toBeDefined();
    return tick ?? Number.NaN;
  };
  // The recorder ticks every 100 ms: a dependent is never green in an earlier tick than its dependency.
  for (const [dependent, dependency] of DEPENDS_ON)
    expect(at(KS(dependency)), `${dependency} before ${dependent}`).toBeLessThanOrEqual(at(KS(dependent)));
  expect(record.log.map(entry => entry.key).sort()).toEqual([...WATCHED].sort());

  await guard.expectNoReload();
  await screenshotBothThemes(page, 'testbed-map-bootstrapped');
});
