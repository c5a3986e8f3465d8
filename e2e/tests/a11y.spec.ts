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
  { name: 'flux-runtime', path: '/flux', heading: /^Flux runtime$/ },
  { name: 'reconciles', path: '/reconciles', heading: /^Slowest reconciles$/ },
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

test("the map's search lights a Deployment's HelmRelease in place and steps through matches", async ({
  page,
}) => {
  const map = new MapView(page);
  await map.goto();
  await expect(map.node('Kustomization', 'sources')).toBeVisible();
  const before = await map.positions();
  await map.search.fill('kubecost-cost-analyzer');
  // The HelmRelease is lit, and says through what it matched; the others stay where they were, dimmed.
  await expect(map.node('HelmRelease', 'kubecost')).toHaveAttribute('data-match', 'match');
  await expect(map.node('HelmRelease', 'kubecost')).toHaveAttribute(
    'aria-description',
    /via Deployment kubecost\/kubecost-cost-analyzer/,
  );
  await expect(map.node('HelmRelease', 'kubecost').locator('.fnode__via')).toHaveAttribute(
    'data-text',
    'via Deployment kubecost/kubecost-cost-analyzer',
  );
  await expect(map.node('Kustomization', 'sources')).toBeVisible();
  await expect(map.node('Kustomization', 'sources').locator('.fnode--dim')).toHaveCount(1);
  expect(await map.positions()).toEqual(before);
  await expect(map.searchCount).toHaveText('1 match');
  await map.search.press('Enter');
  await expect(map.searchCount).toHaveText('1 of 1');
  await expect(map.node('HelmRelease', 'kubecost')).toHaveAttribute('data-match', 'current');
  await expectAccessible(page);
  // At each size the current match is brought on screen again (Enter on the one match stays on it).
  await screenshotAtSizes(page, 'map-search', () => map.search.press('Enter'));

  // On a narrow screen the side panel covers the right of the map: a match stepped to is brought out from
  // under it, and the panel says what the node matched through. (The search survives the reload: q=.)
  await page.setViewportSize({ width: 800, height: 800 });
  await page.reload();
  await map.node('Kustomization', 'flux-system').click();
  await expect(map.panel()).toBeVisible();
  const covered = (await map.node('HelmRelease', 'kubecost').boundingBox())!;
  expect(covered.x + covered.width, 'the panel covers the match').toBeGreaterThan(
    (await map.panel().boundingBox())!.x,
  );
  await map.search.press('Enter');
  await expect(async () => {
    const node = (await map.node('HelmRelease', 'kubecost').boundingBox())!;
    const panel = (await map.panel().boundingBox())!;
    expect(node.x + node.width).toBeLessThanOrEqual(panel.x);
    expect(node.x).toBeGreaterThanOrEqual(0);
  }).toPass();
  await map.node('HelmRelease', 'kubecost').click();
  await expect(map.panel()).toContainText(
    'Matches “kubecost-cost-analyzer” via Deployment kubecost/kubecost-cost-analyzer',
  );
  await map.panel().getByRole('button', { name: 'Close panel' }).click();
  await page.setViewportSize({ width: 1440, height: 900 });

  // Several matches: Enter and the buttons step through them in the map's reading order.
  await map.search.fill('karpenter');
  await expect(map.searchCount).toHaveText(/^\d+ matches$/);
  const total = Number((await map.searchCount.textContent())?.split(' ')[0]);
  expect(total).toBeGreaterThan(2);
  await map.search.press('Enter');
  await expect(map.searchCount).toHaveText(`1 of ${total}`);
  const first = await map.currentMatch();
  await map.filters.getByRole('button', { name: 'Next match' }).click();
  await expect(map.searchCount).toHaveText(`2 of ${total}`);
  expect(await map.currentMatch()).not.toBe(first);
  await map.search.press('Shift+Enter');
  await expect(map.searchCount).toHaveText(`1 of ${total}`);
  expect(await map.currentMatch()).toBe(first);
  await map.search.press('Shift+Enter');
  await expect(map.searchCount).toHaveText(`${total} of ${total}`);

  // A Pod's name (as an alert names it) reaches the HelmRelease through its ReplicaSet and Deployment.
  const snapshot = await (await page.request.get('/api/v1/snapshot')).text();
  const pod = /"name":"(kubecost-cost-analyzer-[a-z0-9]+-[a-z0-9]+)"/.exec(snapshot)?.[1];
  expect(pod, 'the seed runs a kubecost-cost-analyzer Pod').toBeDefined();
  await map.search.fill(pod!);
  await expect(map.searchCount).toHaveText('1 match');
  await expect(map.node('HelmRelease', 'kubecost')).toHaveAttribute(
    'aria-description',
    new RegExp(`via Pod kubecost/${pod}`),
  );

  // Nothing matches: said so, over a map that stays drawn; "Only matches" hides instead of dimming.
  await map.search.fill('no-such-object');
  await expect(
    page.getByRole('status').filter({ hasText: 'No object matches “no-such-object”.' }),
  ).toBeVisible();
  await expect(map.node('Kustomization', 'sources')).toBeVisible();
  await map.search.fill('kubecost-cost-analyzer');
  await map.filters.getByRole('button', { name: 'Only matches' }).click();
  await expect(page).toHaveURL(/[?&]only=1/);
  await expect(map.node('Kustomization', 'sources')).toHaveCount(0);
  await expect(map.node('HelmRelease', 'kubecost')).toBeVisible();
});

test('390 px: the map search and its controls stay on screen; the filters scroll sideways in their row', async ({
  page,
}) => {
  await page.setViewportSize({ width: 390, height: 844 });
  const map = new MapView(page);
  await page.goto('/?q=kube');
  await expect(map.searchCount).toHaveText(/matches$/);
  const width = 390;
  for (const control of [
    map.search,
    map.filters.getByRole('button', { name: 'Next match' }),
    map.filters.getByRole('button', { name: 'Only matches' }),
  ]) {
    const box = (await control.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(
      box.x + box.width,
      `${(await control.getAttribute('aria-label')) ?? 'Only matches'} on screen`,
    ).toBeLessThanOrEqual(width);
  }
  // The page itself never scrolls sideways: the row of filters does, and its last control is reachable.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
  const unknown = map.filters.getByRole('button', { name: 'Unknown' });
  await unknown.scrollIntoViewIfNeeded();
  const box = (await unknown.boundingBox())!;
  expect(box.x + box.width).toBeLessThanOrEqual(width);
  await unknown.click();
  await expect(page).toHaveURL(/[?&]status=/);
});

test('the map groups by tenant, and says when nothing in the cluster has one', async ({ page }) => {
  const map = new MapView(page);
  await map.goto();
  await map.filters.getByRole('combobox', { name: 'Group by' }).selectOption('tenant');
  await expect(page).toHaveURL(/[?&]group=tenant/);
  // The seed labels nothing with toolkit.fluxcd.io/tenant: one "no tenant" group per band, said plainly.
  await expect(page.getByRole('status').filter({ hasText: 'No tenants here' })).toBeVisible();
  const entry = map.canvas.getByRole('button', { name: /^Group no tenant \(\d+ objects\)/ }).first();
  await expect(entry).toBeVisible();
  await expect(map.node('Kustomization', 'sources')).toHaveCount(0);
  await expectAccessible(page);
  await screenshotAtSizes(page, 'map-tenant');
  await entry.click();
  await expect(map.node('Kustomization', 'sources')).toBeVisible();
  // A search counts matches inside the groups still collapsed, and stepping to one opens its group.
  await map.search.fill('karpenter');
  await expect(map.searchCount).toHaveText(/^\d+ matches$/);
  const total = Number((await map.searchCount.textContent())?.split(' ')[0]);
  for (let i = 1; i <= total; i++) {
    await map.search.press('Enter');
    await expect(map.searchCount).toHaveText(`${i} of ${total}`);
    expect(await map.currentMatch()).toMatch(/karpenter/i);
  }
});

test('the title names the view or object; after a navigation focus lands on the new heading', async ({
  page,
}) => {
  await page.goto(ObjectPage.path(KS('infrastructure')));
  await expect(page).toHaveTitle('Kustomization flux-system/infrastructure · Fluxscope');
  await new Shell(page).waitLive();
  // First load: the browser's own start (the skip link comes first), not a heading grabbing focus.
  await expect(page.getByRole('heading', { level: 1 })).not.toBeFocused();

  await page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: 'Events' }).click();
  await expect(page).toHaveTitle('Events · Fluxscope');
  await expect(page.getByRole('heading', { level: 1, name: 'Events' })).toBeFocused();

  await page.goBack();
  await expect(page).toHaveTitle('Kustomization flux-system/infrastructure · Fluxscope');
  await expect(page.getByRole('heading', { level: 1, name: 'infrastructure' })).toBeFocused();

  await page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: 'Map' }).click();
  await expect(page).toHaveTitle('Map · Fluxscope');
  await expect(page.getByRole('heading', { level: 1, name: 'Map' })).toBeFocused();
});

test('arrow keys move between map nodes along the layout, and between object tabs', async ({ page }) => {
  const map = new MapView(page);
  await map.goto();
  const node = (name: string) => map.node('Kustomization', name);
  await expect(node('infrastructure')).toBeVisible();
  // The seed's entry band (two columns, dependsOn order top to bottom): sources above capacitor, then
  // infrastructure right of capacitor with dependencies below it and controlplane to its left.
  await node('sources').focus();
  const walk: Array<[string, string]> = [
    ['ArrowDown', 'capacitor'],
    ['ArrowRight', 'infrastructure'],
    ['ArrowDown', 'dependencies'],
    ['ArrowLeft', 'controlplane'],
    ['ArrowUp', 'capacitor'],
  ];
  for (const [key, name] of walk) {
    await page.keyboard.press(key);
    await expect(node(name), `${key} -> ${name}`).toBeFocused();
  }

  const object = new ObjectPage(page);
  await object.goto(KS('infrastructure'));
  const overview = object.tabs.getByRole('tab', { name: 'Overview' });
  await overview.focus();
  await page.keyboard.press('ArrowRight');
  const inventory = object.tabs.getByRole('tab', { name: 'Inventory' });
  await expect(inventory).toBeFocused();
  await expect(inventory).toHaveAttribute('aria-selected', 'true');
  await expect(page).toHaveURL(/[?&]tab=inventory/);
  await page.keyboard.press('End');
  await expect(object.tabs.getByRole('tab', { name: 'YAML' })).toBeFocused();
  await page.keyboard.press('Home');
  await expect(overview).toBeFocused();
  // One Tab stop for the row: only the selected tab is in the Tab order.
  await expect(object.tabs.locator('[role="tab"][tabindex="0"]')).toHaveCount(1);
});

test('big maps: objects grouped by the Kustomization that applies them, groups expand and collapse', async ({
  page,
}) => {
  const map = new MapView(page);
  await page.goto('/?group=owner');
  const group = map.canvas.getByRole('button', {
    name: /^Group applied by infrastructure \(\d+ objects\), /,
  });
  await expect(group).toBeVisible();
  // infrastructure's HelmReleases are inside its collapsed group, not drawn one by one.
  await expect(map.node('HelmRelease', 'karpenter')).toHaveCount(0);
  await expectAccessible(page);
  await screenshotAtSizes(page, 'map-grouped');
  await group.click();
  await expect(map.node('HelmRelease', 'karpenter')).toBeVisible();
  await expect(group).toHaveCount(0);
  await page.getByRole('button', { name: 'Collapse all' }).click();
  await expect(map.node('HelmRelease', 'karpenter')).toHaveCount(0);
  // A deep link to an object inside a group opens that group.
  await page.goto(
    `/?group=owner&focus=${encodeURIComponent('helm.toolkit.fluxcd.io/HelmRelease/flux-system/karpenter')}`,
  );
  await expect(map.node('HelmRelease', 'karpenter')).toBeVisible();
});
