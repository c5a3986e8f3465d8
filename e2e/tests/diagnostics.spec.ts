/**
 * Failure scenario, from the Flux object to the broken Pod: one click on the failing HelmRelease names the
 * crash-looping Pod and why; the Pod's page shows every container's state, restarts and last exit, and its
 * kubelet Events; the workload's inventory puts the failing Deployment first; the Flux runtime page lists
 * the controllers and CRDs. Screenshots of each at 1440, 1024 and 390 px, light and dark.
 */
import type { Page } from '@playwright/test';
import { expect, test } from '../support/demo.js';
import { EventsView } from '../support/pages/events.js';
import { MapView } from '../support/pages/map.js';
import { HR, ObjectPage } from '../support/pages/object.js';
import { Shell } from '../support/pages/shell.js';
import { FluxRuntimePage, NodePanel, WorkloadCard } from '../support/pages/workload.js';
import { screenshotBothThemes } from '../support/screenshots.js';

test.use({ scenario: 'failure', demoArgs: ['--demo-speed', '4'] });

const WHY =
  /^Pod kubecost\/kubecost-cost-analyzer-[a-z0-9]+-[a-z0-9]+: container analyzer CrashLoopBackOff, 7 restarts, last exit 1 \(Error\) \S+ ago$/;

async function screenshotsAtWidths(page: Page, name: string): Promise<void> {
  for (const width of [1440, 1024, 390]) {
    await page.setViewportSize({ width, height: 900 });
    await screenshotBothThemes(page, `${name}-${width}`);
  }
  await page.setViewportSize({ width: 1440, height: 900 });
}

test('one click on the failing HelmRelease names the crash-looping Pod and its reason', async ({ page }) => {
  const map = new MapView(page);
  await map.goto();
  await new Shell(page).waitLive();
  // Install retries exhausted: kubecost stays stalled with its objects (and crash-looping Pod) in place.
  await expect(map.node('HelmRelease', 'kubecost')).toHaveAccessibleName(/, stalled$/, { timeout: 90_000 });
  await map.node('HelmRelease', 'kubecost').click();
  const panel = new NodePanel(page);
  await expect(panel.failingWorkload).toBeVisible();
  await expect(panel.failingWorkload.locator('p')).toHaveText(WHY);
  await expect(
    panel.failingWorkload.getByRole('link', { name: 'kubecost/kubecost-cost-analyzer', exact: true }),
  ).toBeVisible();
  await screenshotsAtWidths(page, 'map-root-cause-pod');

  // The Pod's page: container states, restarts, the last exit, and the kubelet's BackOff Event.
  await panel.failingWorkload.getByRole('link', { name: /^kubecost\/kubecost-cost-analyzer-.+-.+$/ }).click();
  const object = new ObjectPage(page);
  await expect(object.heading).toHaveText(/^kubecost-cost-analyzer-/);
  const workload = new WorkloadCard(page);
  const analyzer = workload.container('analyzer');
  await expect(analyzer).toContainText('CrashLoopBackOff');
  await expect(analyzer.getByRole('cell').nth(2)).toHaveText('7');
  await expect(analyzer).toContainText('exit 1 (Error)');
  await expect(analyzer).toContainText('gcr.io/kubecost1/cost-model:prod-2.1.0');
  await expect(page.getByRole('region', { name: 'Recent events' })).toContainText('BackOff');
  await screenshotsAtWidths(page, 'object-pod');
});

test("kubecost's inventory lists the failing Deployment first; its page shows replicas and Pods", async ({
  page,
}) => {
  const object = new ObjectPage(page);
  await object.goto(HR('kubecost'), 'inventory');
  const tree = object.inventory(HR('kubecost'));
  await expect(tree.getByRole('treeitem').first()).toHaveAccessibleName(
    /^Deployment\/kubecost\/kubecost-cost-analyzer, Failed$|^Deployment\/kubecost\/kubecost-cost-analyzer, In progress$/,
    { timeout: 90_000 },
  );
  await screenshotsAtWidths(page, 'object-inventory-failing-first');
  await object
    .treeItemLink({ kind: 'Deployment', namespace: 'kubecost', name: 'kubecost-cost-analyzer' })
    .click();
  const workload = new WorkloadCard(page);
  await expect(workload.card.getByRole('definition').first()).toHaveText('1');
  await expect(workload.pods.getByRole('row').nth(1)).toContainText('CrashLoopBackOff');
  await screenshotsAtWidths(page, 'object-deployment');
});

test('Events: "All objects" adds the Pods\' Events to the Flux ones', async ({ page }) => {
  const events = new EventsView(page);
  await events.goto();
  await expect(events.rows.filter({ hasText: 'BackOff' })).toHaveCount(0);
  await events.filters.getByRole('button', { name: 'All objects' }).click();
  await expect(events.rows.filter({ hasText: 'BackOff' }).first()).toBeVisible({ timeout: 60_000 });
  await events.filters.getByRole('combobox', { name: 'Kind' }).selectOption('Pod');
  await expect(events.rows.first()).toContainText('Back-off restarting failed container analyzer');
  await screenshotsAtWidths(page, 'events-all-objects');
});

test('the Flux runtime page lists the controllers with their version and the Flux CRDs', async ({ page }) => {
  const flux = new FluxRuntimePage(page);
  await flux.goto();
  for (const name of [
    'source-controller',
    'kustomize-controller',
    'helm-controller',
    'notification-controller',
  ])
    await expect(flux.controller(name)).toContainText('v1.6.0');
  await expect(flux.crds.getByRole('row', { name: /helmreleases\.helm\.toolkit\.fluxcd\.io/ })).toContainText(
    'v2',
  );
  await screenshotsAtWidths(page, 'flux-runtime');
});

test("the Flux runtime page shows a controller's newest error lines when asked", async ({ page }) => {
  const flux = new FluxRuntimePage(page);
  await flux.goto();
  const show = flux.controller('helm-controller').getByRole('button', { name: 'Last errors' });
  await show.click();
  const lines = page.getByRole('list', { name: 'helm-controller error lines' });
  // kubecost's install fails a little into the replay; the server reads the log again at most every 15 s.
  await expect(async () => {
    await page.getByRole('button', { name: /^(Read again|Reading…)$/ }).click();
    await expect(lines).toContainText('Reconciler error', { timeout: 2000 });
  }).toPass({ timeout: 60_000 });
  // Each line names the object it is about (these lines mix objects).
  await expect(lines.getByRole('listitem').first()).toContainText(/HelmRelease=flux-system\/\S+/);
  await expect(
    flux.controller('helm-controller').getByRole('button', { name: 'Hide errors' }),
  ).toHaveAttribute('aria-expanded', 'true');
  await screenshotsAtWidths(page, 'flux-runtime-errors');
});
