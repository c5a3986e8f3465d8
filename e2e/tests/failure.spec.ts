/**
 * Failure scenario: HelmRelease kubecost fails to install, so infrastructure fails its health check and
 * controlplane and dependencies wait on it. Their pages must name kubecost as the root cause.
 */
import { expect, test } from '../support/demo.js';
import { MapView } from '../support/pages/map.js';
import { HR, KS, ObjectPage, refPath } from '../support/pages/object.js';
import { Shell } from '../support/pages/shell.js';
import { screenshotBothThemes } from '../support/screenshots.js';

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
  await screenshotBothThemes(page, 'map-failure');
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
