/**
 * Steady scenario (everything reconciled): the map's layers, tree -> trace, deep links, history, the
 * command palette, "Copy as flux text", and light/dark screenshots of every view.
 */
import { expect, test } from '../support/demo.js';
import { MapView } from '../support/pages/map.js';
import { KS, ObjectPage } from '../support/pages/object.js';
import { Shell } from '../support/pages/shell.js';
import { TraceView } from '../support/pages/trace.js';
import { EventsView } from '../support/pages/events.js';
import { armReloadGuard } from '../support/no-reload.js';
import { screenshotBothThemes } from '../support/screenshots.js';
import {
  KUBECOST_DEPLOYMENT,
  SEED_HELMRELEASES,
  SEED_KUSTOMIZATIONS,
  SOURCE_KINDS,
  sorted,
} from '../support/seed.js';

test.use({ scenario: 'steady' });

test("the map shows the seed's Kustomizations, HelmReleases and sources, each in its layer", async ({
  page,
}) => {
  const map = new MapView(page);
  await map.goto();
  for (const name of SEED_KUSTOMIZATIONS) await expect(map.node('Kustomization', name)).toBeVisible();
  for (const name of SEED_HELMRELEASES) await expect(map.node('HelmRelease', name)).toBeVisible();

  const nodes = await map.nodeInfos();
  const ofKind = (kind: string) => nodes.filter(n => n.kind === kind);
  expect(sorted(ofKind('Kustomization').map(n => n.name))).toEqual(sorted(SEED_KUSTOMIZATIONS));
  expect(sorted(ofKind('HelmRelease').map(n => n.name))).toEqual(sorted(SEED_HELMRELEASES));
  for (const n of ofKind('Kustomization')) expect(n.band, `${n.kind} ${n.name}`).toBe('Entry points');
  for (const n of ofKind('HelmRelease')) expect(n.band, `${n.kind} ${n.name}`).toBe('What they deploy');

  const sources = nodes.filter(n => SOURCE_KINDS.includes(n.kind));
  for (const n of sources) expect(n.band, `${n.kind} ${n.name}`).toBe('Building blocks');
  expect(ofKind('GitRepository').map(n => n.name)).toContain('flux-system');
  expect(ofKind('OCIRepository').map(n => n.name)).toEqual(['capacitor']);
  expect(ofKind('HelmRepository')).toHaveLength(8);
  expect(ofKind('HelmChart')).toHaveLength(SEED_HELMRELEASES.length);
  // Nothing but sources in the third band.
  for (const n of nodes.filter(n => n.band === 'Building blocks')) expect(SOURCE_KINDS).toContain(n.kind);

  await new Shell(page).waitLive();
  await screenshotBothThemes(page, 'map');
});

test('the edge canvas draws the dependsOn arrows in the theme colour, and a hover lights a chain', async ({
  page,
}) => {
  const map = new MapView(page);
  await map.goto();
  await expect(map.node('Kustomization', 'infrastructure')).toBeVisible();
  await expect.poll(async () => (await map.edges()).drawn).toBeGreaterThan(20);
  const quiet = await map.edges();
  expect(quiet.lit).toBe(0);
  expect(quiet.dependsPixels).toBeGreaterThan(50);

  // Hovering infrastructure lights its chain (the dependsOn arrow from sources, what it applies).
  await map.node('Kustomization', 'infrastructure').hover();
  await expect.poll(async () => (await map.edges()).lit).toBeGreaterThan(1);
  await page.mouse.move(5, 300);
  await expect.poll(async () => (await map.edges()).lit).toBe(0);

  // Dark mode: the arrows are repainted in the dark theme's dependsOn colour.
  await page.emulateMedia({ colorScheme: 'dark' });
  await expect.poll(async () => (await map.edges()).dependsPixels).toBeGreaterThan(50);
  await page.emulateMedia({ colorScheme: 'light' });
});

test("from infrastructure's tree, a Deployment traces back to its HelmRepository and the root GitRepository", async ({
  page,
}) => {
  const object = new ObjectPage(page);
  await object.goto(KS('infrastructure'));
  await screenshotBothThemes(page, 'object-kustomization');
  await object.openTab('Inventory');
  await expect(object.inventory(KS('infrastructure'))).toBeVisible();
  await screenshotBothThemes(page, 'object-inventory');

  await object.treeItemLink(KUBECOST_DEPLOYMENT).click();
  await object.expectObject(KUBECOST_DEPLOYMENT);
  const trace = new TraceView(page);
  const helmRepository = { kind: 'HelmRepository', namespace: 'flux-system', name: 'kubecost' };
  await expect(trace.card('Source', helmRepository)).toContainText('oci://public.ecr.aws/kubecost/');
  await screenshotBothThemes(page, 'object-deployment');

  await object.traceLink.click();
  await expect(trace.heading).toHaveText('Trace Deployment/kubecost/kubecost-cost-analyzer');
  await expect(trace.card('Source', helmRepository)).toContainText('URL');
  await expect(trace.card('Source', helmRepository)).toContainText('oci://public.ecr.aws/kubecost/');
  const names = (await trace.cardNames()).map(n => n.replace(/, [^,]+$/, ''));
  expect(names).toEqual([
    'Object: Deployment/kubecost/kubecost-cost-analyzer',
    'Reconciled by: HelmRelease/flux-system/kubecost',
    'Helm chart: HelmChart/flux-system/flux-system-kubecost',
    'Source: HelmRepository/flux-system/kubecost',
    'Applied by: Kustomization/flux-system/infrastructure',
    'Applied by: Kustomization/flux-system/flux-system',
    'Source: GitRepository/flux-system/flux-system',
  ]);
  await screenshotBothThemes(page, 'trace');
});

test('a deep link loads an object page directly; back and forward move through the history', async ({
  page,
}) => {
  const object = new ObjectPage(page);
  await object.goto(KS('infrastructure'), 'inventory');
  await expect(object.tab('Inventory')).toHaveAttribute('aria-selected', 'true');
  await expect(object.inventory(KS('infrastructure'))).toBeVisible();

  const guard = await armReloadGuard(page);
  const shell = new Shell(page);
  const events = new EventsView(page);
  await shell.goToView('Map');
  await expect(new MapView(page).node('Kustomization', 'infrastructure')).toBeVisible();
  await shell.goToView('Events');
  await expect(events.heading).toBeVisible();

  await page.goBack();
  await expect(page).toHaveURL(/\/$/);
  await expect(new MapView(page).canvas).toBeVisible();
  await page.goBack();
  await object.expectObject(KS('infrastructure'));
  await expect(object.inventory(KS('infrastructure'))).toBeVisible();
  await page.goForward();
  await expect(shell.navLink('Map')).toHaveAttribute('aria-current', 'page');
  await page.goForward();
  await expect(events.heading).toBeVisible();
  await guard.expectNoReload();

  // A trace deep link works too.
  await page.goto('/trace/apps/Deployment/kubecost/kubecost-cost-analyzer');
  await expect(new TraceView(page).heading).toHaveText('Trace Deployment/kubecost/kubecost-cost-analyzer');
});

test('the command palette (Ctrl+K) finds an object and opens its page', async ({ page }) => {
  const map = new MapView(page);
  await map.goto();
  await expect(map.node('Kustomization', 'flux-system')).toBeVisible();
  const palette = new Shell(page).palette();
  await palette.open();
  await palette.input.fill('cost-analyzer');
  const option = palette.option('kubecost-cost-analyzer').filter({ hasText: 'Deployment · kubecost' });
  await expect(option).toBeVisible();
  await screenshotBothThemes(page, 'palette');
  await option.click();
  await expect(palette.dialog).toBeHidden();
  await new ObjectPage(page).expectObject(KUBECOST_DEPLOYMENT);

  // Keyboard only: type, Enter opens the first match; Escape closes.
  await palette.open();
  await palette.input.fill('dataplane-tenants');
  await expect(palette.results.getByRole('option').first()).toContainText('dataplane-tenants');
  await palette.input.press('Enter');
  await new ObjectPage(page).expectObject(KS('dataplane-tenants'));
  await palette.open();
  await palette.input.press('Escape');
  await expect(palette.dialog).toBeHidden();
});

test('"Copy as flux text" on a tree copies exactly what the API prints', async ({
  page,
  context,
  request,
}) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const object = new ObjectPage(page);
  await object.goto(KS('flux-system'), 'inventory');
  await expect(object.inventory(KS('flux-system'))).toBeVisible();
  await object.copyFluxText.click();
  await expect(page.getByText(/^Copied flux tree \(\d+ lines\)/)).toBeVisible();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  const response = await request.get('/api/v1/tree/Kustomization/flux-system/flux-system?format=text');
  expect(response.ok()).toBe(true);
  const expected = await response.text();
  expect(expected).toContain(
    'Kustomization/flux-system/flux-system\n├── Kustomization/flux-system/controlplane',
  );
  expect(copied).toBe(expected);
});

test('objects, events and timeline views render (light and dark)', async ({ page }) => {
  const shell = new Shell(page);
  await page.goto('/objects');
  await expect(page.getByRole('heading', { level: 1, name: 'Objects' })).toBeVisible();
  const objects = page.getByRole('table', { name: 'Flux objects' });
  await expect(
    objects.getByRole('row', { name: /^Kustomization flux-system infrastructure / }),
  ).toBeVisible();
  await shell.waitLive();
  await screenshotBothThemes(page, 'objects');

  await shell.goToView('Events');
  const events = new EventsView(page);
  await expect(events.rows.first()).toBeVisible();
  await screenshotBothThemes(page, 'events');

  await shell.goToView('Timeline');
  const timeline = page.getByRole('table', { name: 'Readiness timeline' });
  await expect(timeline).toBeVisible();
  // By default the window is the last bootstrap or rollout, whole: from the root Kustomization to the
  // last HelmRelease it brought up.
  await expect(
    page.getByRole('group', { name: 'Time window' }).getByRole('button', { name: 'Last rollout' }),
  ).toHaveAttribute('aria-pressed', 'true');
  for (const name of ['flux-system/flux-system', 'flux-system/onboarding-service'])
    await expect(timeline.getByRole('row').filter({ hasText: name })).toHaveCount(1);
  await expect(page.getByText(/critical path \d/)).toBeVisible();
  await screenshotBothThemes(page, 'timeline');
});

test("a HelmRelease's history, values with their sources, release state and the slowest reconciles", async ({
  page,
}) => {
  const shell = new Shell(page);
  await page.goto('/object/helm.toolkit.fluxcd.io/HelmRelease/flux-system/argo-workflows?tab=history');
  const revisions = page.getByRole('table', { name: 'Revisions' });
  await expect(revisions.getByRole('row').nth(1)).toContainText('v4');
  await expect(revisions.getByRole('row').nth(1)).toContainText('live');
  await expect(revisions.getByRole('row').nth(1)).toContainText('chart version 0.40.10 → 0.40.11');
  await shell.waitLive();
  await screenshotBothThemes(page, 'helm-history');

  await page.goto('/object/helm.toolkit.fluxcd.io/HelmRelease/flux-system/karpenter?tab=values');
  const values = page.getByRole('table', { name: 'Merged values' });
  await expect(values.getByRole('row', { name: /clusterName: eks-saas-gitops/ })).toContainText(
    '2 · ConfigMap saas-infra-outputs',
  );
  await expect(page.getByText(/Fluxscope never reads Secrets/)).toBeVisible();
  await screenshotBothThemes(page, 'helm-values');

  await page.getByRole('tab', { name: 'Overview' }).click();
  await expect(page.getByRole('region', { name: 'Release state' })).toContainText('3 of 3 (upgrade)');
  await expect(page.getByRole('region', { name: 'What depends on this' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Reconciles' })).toBeVisible();
  await screenshotBothThemes(page, 'helm-overview');

  await shell.goToView('Reconciles');
  await expect(page.getByRole('heading', { level: 1, name: 'Slowest reconciles' })).toBeVisible();
  await expect(page.getByRole('table').getByRole('row').nth(1)).toBeVisible();
  await screenshotBothThemes(page, 'reconciles');
});

test('Objects and Events share one filter toolbar, the namespace in the same URL key', async ({ page }) => {
  await page.goto('/objects');
  const filters = page.getByRole('toolbar', { name: 'Object filters' });
  const objects = page.getByRole('table', { name: 'Flux objects' });
  const objectRows = objects.getByRole('row').filter({ has: page.getByRole('cell') });
  await expect(objectRows.first()).toBeVisible();
  const namespaceSelect = filters.getByRole('combobox', { name: 'Namespace' });
  const namespaces = (await namespaceSelect.locator('option').allTextContents()).slice(1);
  expect(namespaces.length).toBeGreaterThan(0);
  const namespace = namespaces[0]!;
  await namespaceSelect.selectOption(namespace);
  await expect(page).toHaveURL(new RegExp(`[?&]ns=${namespace}(&|$)`));
  await expect(filters.getByText(/ objects$/)).toBeVisible();
  for (const cell of await objectRows.locator('td:nth-child(2)').allTextContents())
    expect(cell).toBe(namespace);

  await filters.getByRole('searchbox', { name: 'Filter objects' }).fill('no-such-object');
  await expect(page).toHaveURL(/[?&]q=no-such-object/);
  await expect(page.getByText('No objects match these filters.')).toBeVisible();

  // The same key filters Events: a link carrying ?ns= means the same in every view.
  await page.goto(`/events?ns=${namespace}`);
  const events = new EventsView(page);
  await expect(events.filters.getByRole('combobox', { name: 'Namespace' })).toHaveValue(namespace);
  await expect(events.filters.getByText(/\d+ events/)).toBeVisible();
});
