/**
 * Faults as the user sees them: the API server down and back, no permission, no Flux, the browser's stream
 * cut (offline for a while, like a laptop asleep), the Fluxscope server restarted under an open tab. After
 * each, the page must show the API server's current truth without a reload.
 */
import { type Page, expect, test } from '@playwright/test';
import { type FaultBed, failKustomization, fluxKinds, startFaultBed } from '../support/fault-bed.js';
import { armReloadGuard } from '../support/no-reload.js';
import { MapView } from '../support/pages/map.js';
import { Shell } from '../support/pages/shell.js';
import { screenshotBothThemes } from '../support/screenshots.js';

test.describe.configure({ mode: 'serial' });

let bed: FaultBed | undefined;
test.afterEach(async ({ page: _page }, testInfo) => {
  if (bed && testInfo.status !== testInfo.expectedStatus)
    await testInfo.attach('server.log', { body: bed.logs(), contentType: 'text/plain' });
  await bed?.stop();
  bed = undefined;
});

const report = (fault: string, ms: number, saw: string) =>
  console.log(`[fault] ${fault}: recovered in ${ms} ms; user saw: ${saw}`);

async function open(page: Page, b: FaultBed): Promise<MapView> {
  const map = new MapView(page);
  await page.goto(b.url);
  await expect(map.canvas).toBeVisible();
  await new Shell(page).waitLive();
  await map.expectState('Kustomization', 'controlplane', 'ready');
  return map;
}

test('API server restart: "unreachable" while down, then live and current without a reload', async ({
  page,
}) => {
  bed = await startFaultBed();
  const b = bed;
  const map = await open(page, b);
  const guard = await armReloadGuard(page);
  const restarted = b.cluster.faults.apply({ type: 'restart', downMs: 8000 });
  const banner = page.getByRole('alert').filter({ hasText: 'Kubernetes API server unreachable' });
  await expect(banner).toBeVisible({ timeout: 10_000 });
  await expect(new Shell(page).connection).toHaveAccessibleName(/Cluster unreachable/);
  await screenshotBothThemes(page, 'fault-apiserver-unreachable');
  failKustomization(b.cluster, 'controlplane', 'changed while the API server was down');
  await restarted;
  const back = Date.now();
  await map.expectState('Kustomization', 'controlplane', 'failed');
  await expect(banner).toBeHidden();
  await new Shell(page).waitLive();
  await guard.expectNoReload();
  report(
    'browser: API server down 8 s',
    Date.now() - back,
    '"Kubernetes API server unreachable" banner + "Cluster unreachable" pill, then Live with the change',
  );
});

test('no permission for HelmRelease: a banner names it, everything else is shown', async ({ page }) => {
  bed = await startFaultBed([{ type: 'forbid', kinds: ['HelmRelease'] }]);
  const map = new MapView(page);
  await page.goto(bed.url);
  await expect(
    page.getByRole('alert').filter({ hasText: 'No permission to list HelmRelease' }),
  ).toBeVisible();
  await expect(map.node('Kustomization', 'controlplane')).toBeVisible();
  await screenshotBothThemes(page, 'fault-forbidden-helmrelease');
});

test('Flux not installed: a banner says so', async ({ page }) => {
  bed = await startFaultBed([{ type: 'remove-crds', kinds: await fluxKinds() }]);
  await page.goto(bed.url);
  await expect(
    page.getByRole('alert').filter({ hasText: 'Flux is not installed in this cluster' }),
  ).toBeVisible();
  await screenshotBothThemes(page, 'fault-flux-missing');
});

test('network drop for 6 s (SSE cut, laptop asleep): reconnects and shows what changed meanwhile, no reload', async ({
  page,
}) => {
  bed = await startFaultBed();
  const b = bed;
  const map = await open(page, b);
  const guard = await armReloadGuard(page);
  const shell = new Shell(page);
  b.cutBrowser(6000);
  failKustomization(b.cluster, 'dependencies', 'changed while the tab was cut off');
  await expect(shell.connection).toHaveAccessibleName(/Reconnecting|Server down/, { timeout: 5000 });
  const pill = await shell.connection.getAttribute('aria-label');
  await screenshotBothThemes(page, 'fault-browser-cut-off');
  await page.waitForTimeout(Math.max(0, 6000 - 1000));
  const back = Date.now();
  await map.expectState('Kustomization', 'dependencies', 'failed');
  await shell.waitLive();
  await guard.expectNoReload();
  report(
    'browser cut off 6 s (SSE cut, sleep)',
    Date.now() - back,
    `"${pill ?? ''}" while cut off, then Live with the change`,
  );
});

test('Fluxscope server restarted under an open tab: shows the current state, no reload', async ({ page }) => {
  bed = await startFaultBed();
  const b = bed;
  const map = await open(page, b);
  const guard = await armReloadGuard(page);
  await b.killServer();
  const shell = new Shell(page);
  await expect(shell.connection).toHaveAccessibleName(/Reconnecting|Server down/, { timeout: 10_000 });
  const pill = await shell.connection.getAttribute('aria-label');
  await screenshotBothThemes(page, 'fault-server-down');
  failKustomization(b.cluster, 'infrastructure', 'changed while Fluxscope was down');
  await b.startServer();
  const restarting = Date.now();
  await map.expectState('Kustomization', 'infrastructure', 'failed');
  await shell.waitLive();
  await guard.expectNoReload();
  report(
    'Fluxscope server restarted (killed, started again)',
    Date.now() - restarting,
    `${pill ?? ''}, then Live with the change`,
  );
});
