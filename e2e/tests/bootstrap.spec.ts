/**
 * Bootstrap scenario, replayed at twice real speed (about 20 s): the map turns green live in dependsOn
 * order, and the events view fills with new rows, both without a reload.
 */
import { expect, test } from '../support/demo.js';
import { armReloadGuard } from '../support/no-reload.js';
import { EventsView } from '../support/pages/events.js';
import { MapView } from '../support/pages/map.js';
import { Shell } from '../support/pages/shell.js';
import { startReadyRecorder, waitForAllReady } from '../support/ready-recorder.js';
import { SEED_HELMRELEASES, SEED_KUSTOMIZATIONS } from '../support/seed.js';
import { screenshotAtSizes, screenshotBothThemes } from '../support/screenshots.js';

test.use({ scenario: 'bootstrap', demoArgs: ['--demo-speed', '2'] });

const KS = (name: string) => `Kustomization/${name}`;
const WATCHED = [...SEED_KUSTOMIZATIONS.map(KS), ...SEED_HELMRELEASES.map(n => `HelmRelease/${n}`)];

test('the map turns green in dependsOn order, live', async ({ page }, testInfo) => {
  const map = new MapView(page);
  const shell = new Shell(page);
  await map.goto();
  await shell.waitLive();
  await expect(map.node('Kustomization', 'flux-system')).toBeVisible();
  const guard = await armReloadGuard(page);

  // Replay from the start (the server's own replay began before the page was open).
  await startReadyRecorder(page, WATCHED);
  await shell.replayBootstrap.click();
  await expect(page.getByText('Demo scenario restarted')).toBeVisible();
  // Mid-replay: infrastructure exists but is not ready yet, its dependents wait on it.
  await expect(map.node('Kustomization', 'controlplane')).toHaveAccessibleName(/, waiting on a dependency$/, {
    timeout: 30_000,
  });
  await screenshotBothThemes(page, 'map-bootstrapping');
  const midway = await map.positions();

  const record = await waitForAllReady(page, 90_000);
  const order = record.log.map(entry => `${entry.key}@${(entry.tick / 10).toFixed(1)}s`).join(', ');
  console.log(`ready order: ${order}`);
  await testInfo.attach('ready-order.txt', { body: order, contentType: 'text/plain' });
  const at = (key: string) => {
    const tick = record.readyTick[key];
    expect(tick, `${key} turned ready`).toBeDefined();
    return tick ?? Number.NaN;
  };
  expect(at(KS('sources'))).toBeLessThan(at(KS('infrastructure')));
  expect(at(KS('infrastructure'))).toBeLessThan(at(KS('controlplane')));
  expect(at(KS('infrastructure'))).toBeLessThan(at(KS('dependencies')));
  // infrastructure waits (health checks) for the HelmReleases it applies; the last one can land in the
  // same coalesced UI update as infrastructure itself, hence "not after" rather than "strictly before".
  for (const hr of ['metrics-server', 'karpenter', 'kubecost', 'tf-controller'])
    expect(at(`HelmRelease/${hr}`)).toBeLessThanOrEqual(at(KS('infrastructure')));
  expect(record.log.map(entry => entry.key).sort()).toEqual([...WATCHED].sort());

  await guard.expectNoReload();
  // Nothing on screen moved while the rest of the cluster appeared and turned ready: positions are stable.
  const done = await map.positions();
  for (const [id, transform] of Object.entries(midway)) expect(done[id], id).toBe(transform);
  expect(Object.keys(done).length).toBeGreaterThan(Object.keys(midway).length);
  await screenshotAtSizes(page, 'map-bootstrapped');
});

test('the events view shows new events as they arrive', async ({ page }) => {
  const events = new EventsView(page);
  const shell = new Shell(page);
  await events.goto();
  await shell.waitLive();
  await expect(events.rows.first()).toBeVisible();
  const guard = await armReloadGuard(page);

  await shell.replayBootstrap.click();
  // The restart clears the cluster's events; the replay then writes them again, row by row.
  const controlplaneReady = events
    .rowsFor('flux-system/controlplane')
    .filter({ hasText: 'ReconciliationSucceeded' });
  await expect(controlplaneReady).toHaveCount(0);
  const before = await events.rows.count();
  await expect(events.rowsFor('flux-system/infrastructure').first()).toBeVisible({ timeout: 60_000 });
  await expect(controlplaneReady).toHaveCount(1, { timeout: 60_000 });
  expect(await events.rows.count()).toBeGreaterThan(before);
  await guard.expectNoReload();
});
