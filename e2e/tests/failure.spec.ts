/**
 * Failure scenario: HelmRelease kubecost fails to install, so infrastructure fails its health check and
 * controlplane and dependencies wait on it. Their pages must name kubecost as the root cause.
 */
import { expect, test } from '../support/demo.js';
import { MapView } from '../support/pages/map.js';
import { HR, KS, ObjectPage, refPath } from '../support/pages/object.js';
import { Shell } from '../support/pages/shell.js';
import { screenshotAtSizes, screenshotBothThemes } from '../support/screenshots.js';

test.use({ scenario: 'failure', demoArgs: ['--demo-speed', '4'] });

test('the map shows the failure develop: kubecost fails, infrastructure fails, its dependents wait', async ({
  page,
}) => {
  const map = new MapView(page);
  await map.goto();
  await new Shell(page).waitLive();
  await map.expectState('HelmRelease', 'kubecost', 'failed');
  await expect(map.node('Kustomization', 'infrastructure')).toHaveAccessibleName(/, (failed|stalled)$/, {
    timeout: 60_000,
  });
  await map.expectState('Kustomization', 'controlplane', 'waiting on a dependency');
  await map.expectState('Kustomization', 'dependencies', 'waiting on a dependency');
  // Install retries exhausted: kubecost stays stalled while infrastructure keeps retrying its health check.
  await expect(map.node('HelmRelease', 'kubecost')).toHaveAccessibleName(/, stalled$/, { timeout: 60_000 });
  await map.expectState('Kustomization', 'infrastructure', 'failed');
  await screenshotAtSizes(page, 'map-failure');
});

test('a waiting node says what it waits for; its panel says since when, the state now, the next retry', async ({
  page,
}) => {
  const map = new MapView(page);
  await map.goto();
  await new Shell(page).waitLive();
  const controlplane = map.node('Kustomization', 'controlplane');
  await expect(controlplane).toHaveAccessibleName(/, waiting on a dependency$/, { timeout: 60_000 });
  await expect(controlplane).toHaveAccessibleDescription('waits for infrastructure', { timeout: 60_000 });

  await controlplane.click();
  const panel = map.panel();
  await expect(panel).toBeVisible();
  const waits = panel.getByRole('region', { name: 'Waiting' });
  await expect(waits).toContainText('Waits for infrastructure');
  await expect(waits.getByRole('list', { name: 'Dependencies now' })).toContainText(
    /infrastructure\s*(Failed|Stalled|Progressing)/,
  );
  await expect(waits).toContainText(/Not ready since\s*\d+[smh]/);
  await expect(waits).toContainText(/Next retry\s*in ≤ \d+ s/);
  // Root cause names the failing HelmRelease, never the waiting infrastructure chain's middle.
  await expect(panel.getByRole('region', { name: 'Root cause' })).toContainText('flux-system/kubecost', {
    timeout: 60_000,
  });
  const deps = panel.getByLabel('dependsOn');
  await expect(deps).toContainText(/Depends on\s*KS\s*infrastructure/);
  await expect(deps).toContainText(/Required by\s*nothing/);
  await screenshotAtSizes(page, 'map-failure-panel', async () => {
    if (!(await panel.isVisible())) await controlplane.click();
  });

  // infrastructure's panel lists both dependents.
  await panel.getByRole('button', { name: 'Close panel' }).click();
  await map.node('Kustomization', 'infrastructure').click();
  await expect(map.panel().getByLabel('dependsOn')).toContainText(
    /Required by\s*KS\s*controlplane\s*\S+\s*KS\s*dependencies/,
  );
});

test('the summary tells the truth and links to what is not ready; Not ready includes Unknown', async ({
  page,
}) => {
  const map = new MapView(page);
  await map.goto();
  await new Shell(page).waitLive();
  const summary = page.getByRole('navigation', { name: 'Flux stats' }).getByRole('link', { name: /failed/ });
  await expect(summary).toBeVisible({ timeout: 60_000 });
  await expect(summary).toHaveText(/^\d+ failed · \d+ waiting/);
  await summary.click();
  await expect(page).toHaveURL(/status=failed%2Cstalled%2Cwaiting|status=failed,stalled,waiting/);
  await expect(map.node('Kustomization', 'controlplane')).toBeVisible();
  await expect(map.node('HelmRelease', 'kubecost')).toBeVisible();

  const notReady = map.filters.getByRole('button', { name: 'Not ready' });
  await notReady.click();
  await expect(notReady).toHaveAttribute('aria-pressed', 'true');
  await expect(page).toHaveURL(/unknown/);
  // A filter that matches nothing says so.
  await map.search.fill('no-such-object');
  await map.filters.getByRole('button', { name: 'Only matches' }).click();
  await expect(
    page.getByRole('status').filter({ hasText: 'No object matches these filters.' }),
  ).toBeVisible();
});

for (const blocked of ['controlplane', 'dependencies']) {
  test(`${blocked}'s page names HelmRelease kubecost as the root cause`, async ({ page }) => {
    const object = new ObjectPage(page);
    await object.goto(KS(blocked));
    // The failure takes a few (scaled) seconds to reach infrastructure's health check.
    await expect(object.rootCause).toBeVisible({ timeout: 60_000 });
    const culprit = object.rootCause.getByRole('link', { name: 'flux-system/kubecost', exact: true });
    await expect(culprit).toBeVisible({ timeout: 60_000 });
    await expect(culprit).toHaveAttribute('href', `/object/${refPath(HR('kubecost'))}`);
    // Failed for good (install retries exhausted), not merely still installing. (While an upstream object
    // reconciles on its interval the callout briefly names it instead: each assertion retries.)
    await expect(object.rootCause).toContainText(
      /blocked by\s*(HR)?flux-system\/kubecost\s*(Failed|Stalled)/,
      {
        timeout: 60_000,
      },
    );
    await expect(object.rootCause).toContainText('Helm install failed');
    await expect(object.rootCause.getByLabel('Chain')).toHaveText(
      `Kustomization/flux-system/${blocked} → Kustomization/flux-system/infrastructure → HelmRelease/flux-system/kubecost`,
    );
    if (blocked === 'controlplane') await screenshotBothThemes(page, 'object-root-cause');

    // The culprit's own page says why it fails.
    // dispatchEvent, not click(): the callout re-renders when an upstream object reconciles, and a
    // pointer click aimed at this link could land on the link that replaced it.
    await culprit.dispatchEvent('click');
    await object.expectObject(HR('kubecost'));
    await expect(page.getByRole('main')).toContainText('install');
    if (blocked === 'controlplane') await screenshotBothThemes(page, 'object-failing');
  });
}
