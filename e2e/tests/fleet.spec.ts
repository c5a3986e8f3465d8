/**
 * A demo fleet (`--demo-clusters 3`): the fleet page lists the three clusters, a failing object's link
 * drills into its own cluster, fleet search finds a chart in exactly the clusters that run it, and the
 * single-cluster views keep working un-prefixed (the default cluster) and under `/c/{cluster}/`.
 */
import { expect, test } from '../support/demo.js';
import { expectAccessible } from '../support/axe.js';
import { FleetPage } from '../support/pages/fleet.js';
import { Shell } from '../support/pages/shell.js';
import { screenshotAtSizes } from '../support/screenshots.js';

// The first cluster plays steady; the failing one replays its failure quickly; the third stays mid-bootstrap.
// axe-core is injected as a script tag, which the app's Content-Security-Policy would (rightly) refuse.
test.use({ scenario: 'steady', demoArgs: ['--demo-clusters', '3', '--demo-speed', '10'], bypassCSP: true });

const CLUSTERS = ['prod-eu-west-1', 'staging-us-east-1', 'dev-us-west-2'];
const KUBECOST = 'helm.toolkit.fluxcd.io/HelmRelease/flux-system/kubecost';

test('the fleet page lists the three clusters with their connection, Flux version and states', async ({
  page,
}) => {
  const fleet = new FleetPage(page);
  await fleet.goto();
  await expect.poll(async () => (await fleet.clusterNames()).sort()).toEqual([...CLUSTERS].sort());
  // Failing clusters first.
  await expect
    .poll(() => fleet.clusterNames().then(n => n[0]), { timeout: 30_000 })
    .toBe('staging-us-east-1');
  await expect(fleet.clusterRow('prod-eu-west-1')).toContainText('Connected');
  await expect(fleet.clusterRow('prod-eu-west-1')).toContainText('v2.6.4');
  await expect(fleet.clusterRow('staging-us-east-1')).toContainText('v2.7.0');
  await expect(fleet.clusterRow('dev-us-west-2')).toContainText('v2.7.1');
  await expect(fleet.clusterRow('staging-us-east-1')).toContainText(/\d+ failed/);
  await expect(fleet.switcher).toHaveValue('');
  await expectAccessible(page);
  await screenshotAtSizes(page, 'fleet');
});

test('a failing object in the fleet list opens in its own cluster', async ({ page }) => {
  const fleet = new FleetPage(page);
  await fleet.goto();
  const row = fleet.objectRow(fleet.failing, 'staging-us-east-1', 'flux-system/kubecost');
  await expect(row).toBeVisible({ timeout: 30_000 });
  await row.getByRole('link', { name: 'flux-system/kubecost' }).click();
  await expect(page).toHaveURL(new RegExp(`/c/staging-us-east-1/object/${KUBECOST.replaceAll('/', '/')}`));
  await expect(page.getByRole('heading', { level: 1 })).toContainText('kubecost');
  await expect(fleet.switcher).toHaveValue('staging-us-east-1');
  // The page is the staging cluster's: its kubecost is failing (stalled, or retrying), while prod's is ready.
  await expect(page.locator('main .badge').first()).toHaveText(/Failed|Stalled|Progressing/);
  await new Shell(page).waitLive();
  await screenshotAtSizes(page, 'fleet-cluster-object');

  // The same object in the default cluster, by the switcher: the view stays, the cluster changes.
  await fleet.switcher.selectOption('prod-eu-west-1');
  await expect(page).toHaveURL(/\/c\/prod-eu-west-1\/object\//);
  await expect(page.locator('main .badge').first()).toHaveText('Ready');
});

test('fleet search finds a chart in the clusters that run it', async ({ page, request }) => {
  // The clusters whose API holds a kubecost HelmRelease right now (the bootstrapping one may not yet).
  const running: string[] = [];
  for (const cluster of CLUSTERS)
    if ((await request.get(`/api/v1/c/${cluster}/objects/${KUBECOST}`)).ok()) running.push(cluster);
  expect(running).toEqual(expect.arrayContaining(['prod-eu-west-1', 'staging-us-east-1']));

  const fleet = new FleetPage(page);
  await fleet.goto();
  await fleet.search.fill('cost-analyzer');
  await expect(page).toHaveURL(/\/fleet\?q=cost-analyzer/);
  await expect(fleet.results).toBeVisible();
  for (const cluster of running)
    await expect(fleet.objectRow(fleet.results, cluster, 'flux-system/kubecost')).toBeVisible();
  const clusters = await fleet.results.locator('tbody tr td:nth-child(2) a').allTextContents();
  for (const cluster of clusters) expect(running).toContain(cluster);
  await expect(fleet.results).toContainText('exact');
  await expectAccessible(page);
  await screenshotAtSizes(page, 'fleet-search');

  await fleet.search.fill('no-such-chart-anywhere');
  await expect(page.getByText(/No cluster runs a chart, image, source or object matching/)).toBeVisible();
});

test('single-cluster views: un-prefixed paths mean the default cluster, /c/{cluster}/ any', async ({
  page,
}) => {
  const fleet = new FleetPage(page);
  await page.goto('/objects');
  await expect(fleet.switcher).toHaveValue('prod-eu-west-1');
  await new Shell(page).waitLive();
  await page.goto('/c/dev-us-west-2/events');
  await expect(fleet.switcher).toHaveValue('dev-us-west-2');
  await expect(page.getByRole('heading', { level: 1, name: 'Events' })).toBeVisible();
  // Links inside a cluster stay in it.
  await page
    .getByRole('navigation', { name: 'Views' })
    .getByRole('link', { name: 'Objects', exact: true })
    .click();
  await expect(page).toHaveURL(/\/c\/dev-us-west-2\/objects$/);
  await page
    .getByRole('navigation', { name: 'Views' })
    .getByRole('link', { name: 'Fleet', exact: true })
    .click();
  await expect(page).toHaveURL(/\/fleet$/);
});
