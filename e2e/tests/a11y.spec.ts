/**
 * Steady scenario, every view: axe-core finds no serious or critical WCAG A/AA violation (light and dark),
 * and each view is photographed at 1440, 1024 and 390 px wide, light and dark.
 */
import { expect, test } from '../support/demo.js';
import { expectAccessible } from '../support/axe.js';
import { MapView } from '../support/pages/map.js';
import { KS, ObjectPage, refPath } from '../support/pages/object.js';
import { Shell } from '../support/pages/shell.js';
import { screenshotAtSizes } from '../support/screenshots.js';
import { KUBECOST_DEPLOYMENT } from '../support/seed.js';

// axe-core is injected as a script tag, which the app's Content-Security-Policy would (rightly) refuse.
test.use({ scenario: 'steady', bypassCSP: true });

const VIEWS: Array<{ name: string; path: string; heading: RegExp }> = [
  { name: 'objects', path: '/objects', heading: /^Objects$/ },
  { name: 'events', path: '/events', heading: /^Events$/ },
  { name: 'timeline', path: '/timeline', heading: /Timeline/ },
  { name: 'object-infrastructure', path: ObjectPage.path(KS('infrastructure')), heading: /^infrastructure$/ },
  { name: 'trace-deployment', path: `/trace/${refPath(KUBECOST_DEPLOYMENT)}`, heading: /^Trace / },
  {
    name: 'object-deployment',
    path: ObjectPage.path(KUBECOST_DEPLOYMENT),
    heading: /kubecost-cost-analyzer/,
  },
];

test('the map has no serious accessibility violations and lays out at three sizes', async ({ page }) => {
  const map = new MapView(page);
  await map.goto();
  await expect(map.node('Kustomization', 'infrastructure')).toBeVisible();
  await new Shell(page).waitLive();
  await expectAccessible(page);
  await screenshotAtSizes(page, 'a11y-map');
});

for (const view of VIEWS) {
  test(`${view.name}: an h1, no serious accessibility violations, three sizes`, async ({ page }) => {
    await page.goto(view.path);
    await expect(page.getByRole('heading', { level: 1, name: view.heading })).toBeVisible();
    await new Shell(page).waitLive();
    await expectAccessible(page);
    await screenshotAtSizes(page, `a11y-${view.name}`);
  });
}

test("the map's name filter leads a Deployment's name to its HelmRelease", async ({ page }) => {
  const map = new MapView(page);
  await map.goto();
  await map.filters.getByRole('searchbox', { name: 'Filter by name' }).fill('kubecost-cost-analyzer');
  await expect(map.node('HelmRelease', 'kubecost')).toBeVisible();
  await expect(map.node('Kustomization', 'sources')).toHaveCount(0);
});
