/**
 * Logs in the failure scenario: the crash-looping kubecost cost-analyzer Pod's log (a Go panic) is one
 * click from its page; follow mode shows new lines live; a HelmRelease's controller lines are a tab away.
 */
import type { Page } from '@playwright/test';
import { expect, test } from '../support/demo.js';
import { HR, ObjectPage, type Ref } from '../support/pages/object.js';
import { screenshotBothThemes } from '../support/screenshots.js';

test.use({ scenario: 'failure', demoArgs: ['--demo-speed', '4'] });

const pod = (name: string, namespace = 'kubecost'): Ref => ({ group: '', kind: 'Pod', namespace, name });

/** The Pod's name, once the demo created it (its suffix is a hash). */
async function podNamed(page: Page, prefix: string, state?: RegExp): Promise<string> {
  let found = '';
  await expect(async () => {
    const snapshot = (await (await page.request.get('/api/v1/snapshot')).json()) as {
      objects: Array<{
        kind: string;
        metadata: { name: string; namespace?: string };
        health?: { message?: string };
      }>;
    };
    const hit = snapshot.objects.find(
      o =>
        o.kind === 'Pod' &&
        o.metadata.name.startsWith(prefix) &&
        (!state || state.test(JSON.stringify(o.health ?? {}))),
    );
    expect(hit, `a Pod ${prefix}…`).toBeDefined();
    found = hit!.metadata.name;
  }).toPass({ timeout: 60_000 });
  return found;
}

const lineCount = async (page: Page): Promise<number> => {
  const text = (await page.locator('.logs__status .count').textContent()) ?? '';
  return Number(/([\d,]+) lines/.exec(text)?.[1]?.replaceAll(',', '') ?? 0);
};

test("the crash-looping Pod's log, with its panic, is one click from its page", async ({ page }) => {
  const name = await podNamed(page, 'kubecost-cost-analyzer', /CrashLoopBackOff|Failed/);
  const object = new ObjectPage(page);
  await object.goto(pod(name));
  await object.tabs.getByRole('tab', { name: 'Logs' }).click();
  const log = page.getByRole('region', { name: /^Log of kubecost-cost-analyzer/ });
  await expect(log).toContainText('panic: runtime error: invalid memory address or nil pointer dereference');
  await expect(log).toContainText('goroutine 1 [running]:');
  await expect(page.getByRole('combobox', { name: 'Container' })).toHaveValue('analyzer');
  // A crash-looping container cannot be followed; its previous run can be read.
  await expect(page.getByRole('button', { name: 'Follow' })).toBeDisabled();
  await page.getByRole('checkbox', { name: 'Previous run' }).check();
  await expect(log).toContainText('panic: runtime error');
  for (const width of [1440, 1024, 390]) {
    await page.setViewportSize({ width, height: 900 });
    await screenshotBothThemes(page, `logs-crashloop-${width}`);
  }
});

test('follow mode shows new lines live; the filter narrows them; closing the tab ends the stream', async ({
  page,
}) => {
  const name = await podNamed(page, 'kubecost-prometheus-server');
  const object = new ObjectPage(page);
  await object.goto(pod(name), 'logs');
  const follow = page.getByRole('button', { name: 'Follow' });
  await expect(follow).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByRole('status').filter({ hasText: 'Following live' })).toBeVisible();
  await expect.poll(() => lineCount(page)).toBeGreaterThan(0);
  const before = await lineCount(page);
  // The demo writes a line every 2 s to a followed running container.
  await expect.poll(() => lineCount(page), { timeout: 15_000 }).toBeGreaterThan(before);

  await page.getByRole('searchbox', { name: 'Filter lines' }).fill('-level=info');
  await expect(page.locator('.logs__status .count')).toContainText(/of [\d,]+ lines/);
  for (const width of [1440, 1024, 390]) {
    await page.setViewportSize({ width, height: 900 });
    await screenshotBothThemes(page, `logs-follow-${width}`);
  }
  await page.setViewportSize({ width: 1440, height: 900 });
  // Leaving the tab aborts the request: the server's log stream count drops back.
  await object.tabs.getByRole('tab', { name: 'Overview' }).click();
  await expect(page.getByRole('region', { name: /^Log of/ })).toHaveCount(0);
});

test("a HelmRelease's controller lines: helm-controller's errors about kubecost", async ({ page }) => {
  const object = new ObjectPage(page);
  await object.goto(HR('kubecost'), 'controller-logs');
  const section = page.getByRole('region', { name: 'Controller logs' });
  await expect(section).toContainText('helm-controller');
  await expect(async () => {
    await section.getByRole('button', { name: 'Refresh' }).click();
    await expect(section.locator('.ctl-line--error').first()).toBeVisible({ timeout: 2000 });
  }).toPass({ timeout: 60_000 });
  await section.getByRole('checkbox', { name: 'Errors only' }).check();
  await expect(section.locator('.ctl-line').first()).toContainText('Reconciler error');
  for (const width of [1440, 1024, 390]) {
    await page.setViewportSize({ width, height: 900 });
    await screenshotBothThemes(page, `logs-controller-${width}`);
  }
});

test("Follow on a HelmRelease's controller lines adds the new lines live", async ({ page }) => {
  // helm-controller logs each HelmRelease in turn: a minute may pass before kubecost's next line.
  test.setTimeout(90_000);
  const object = new ObjectPage(page);
  await object.goto(HR('kubecost'), 'controller-logs');
  const section = page.getByRole('region', { name: 'Controller logs' });
  const status = section.getByRole('status');
  await expect(status).toContainText('lines naming it');
  await section.getByRole('checkbox', { name: 'Follow' }).check();
  await expect(status).toContainText('following live');
  // helm-controller logs each of its HelmReleases in turn, kubecost about every 20 s in the demo.
  await expect(status).toContainText(/following live, \d+ new/, { timeout: 60_000 });
  await section.getByRole('checkbox', { name: 'Follow' }).uncheck();
  await expect(status).not.toContainText('following live');
});

test("a workload's Logs tab: its Pods to pick from, the crash-looping one first", async ({ page }) => {
  const object = new ObjectPage(page);
  await podNamed(page, 'kubecost-cost-analyzer', /CrashLoopBackOff|Failed/);
  await object.goto({
    group: 'apps',
    kind: 'Deployment',
    namespace: 'kubecost',
    name: 'kubecost-cost-analyzer',
  });
  await object.tabs.getByRole('tab', { name: 'Logs' }).click();
  await expect(page.getByRole('region', { name: /^Log of kubecost-cost-analyzer-/ })).toContainText('panic:');

  await object.goto(
    { group: 'apps', kind: 'DaemonSet', namespace: 'kubecost', name: 'kubecost-network-costs' },
    'logs',
  );
  const podPicker = page.getByRole('combobox', { name: 'Pod' });
  await expect(podPicker.locator('option')).not.toHaveCount(0);
  expect(await podPicker.locator('option').count()).toBeGreaterThan(1);
  const second = await podPicker.locator('option').nth(1).getAttribute('value');
  await podPicker.selectOption(second!);
  await expect(page.getByRole('region', { name: `Log of ${second}, container costs` })).toBeVisible();
  await expect(page.locator('.logline').first()).toBeVisible();
  for (const width of [1440, 1024, 390]) {
    await page.setViewportSize({ width, height: 900 });
    await screenshotBothThemes(page, `logs-workload-${width}`);
  }
});
