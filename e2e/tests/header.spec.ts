/**
 * The header with a signed-in user (a server started with an access token: the browser signs in once and
 * holds a session it can end): every control reachable at 1440, 1024 and 390 px, light and dark. On a phone
 * and at 1024 (where a signed-in bar is full) the secondary controls (demo replay, user, sign-out, theme)
 * sit behind a menu button; on a phone the bar keeps three views (the current one among them) and the menu
 * holds the others.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Page } from '@playwright/test';
import { expect, test } from '../support/demo.js';
import { expectAccessible } from '../support/axe.js';
import { Shell } from '../support/pages/shell.js';
import { screenshotBothThemes } from '../support/screenshots.js';

const token = randomBytes(24).toString('hex');
const tokenFile = join(mkdtempSync(join(tmpdir(), 'fluxscope-header-')), 'token');
writeFileSync(tokenFile, token, { mode: 0o600 });

test.use({ scenario: 'steady', demoArgs: ['--auth-token-file', tokenFile], bypassCSP: true });

async function signIn(page: Page): Promise<void> {
  await page.goto('/');
  const dialog = page.getByRole('dialog', { name: 'Sign in to Fluxscope' });
  await dialog.getByLabel('Token').fill(token);
  await dialog.getByRole('button', { name: 'Sign in' }).click();
  await new Shell(page).waitLive();
}

/** The element lies wholly inside the viewport. */
async function expectOnScreen(page: Page, name: string | RegExp): Promise<void> {
  const box = await page.getByRole('button', { name }).boundingBox();
  const viewport = page.viewportSize();
  expect(box, `${String(name)} is drawn`).not.toBeNull();
  expect(box!.x).toBeGreaterThanOrEqual(0);
  expect(box!.x + box!.width).toBeLessThanOrEqual(viewport!.width);
}

test('1440 px: sign-out, theme and the demo replay sit in the bar', async ({ page }) => {
  await signIn(page);
  await expect(page.getByRole('button', { name: 'More: account, theme' })).toBeHidden();
  await expectOnScreen(page, 'Sign out');
  await expectOnScreen(page, /^Toggle dark mode/);
  await expectOnScreen(page, 'Replay bootstrap');
  await screenshotBothThemes(page, 'header');
});

test('1024 px: the same controls open from a menu button', async ({ page }) => {
  await page.setViewportSize({ width: 1024, height: 768 });
  await signIn(page);
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeHidden();
  await page.getByRole('button', { name: 'More: account, theme' }).click();
  await expectOnScreen(page, 'Sign out');
  await expectOnScreen(page, 'Replay bootstrap');
  await screenshotBothThemes(page, 'header-1024-menu');
});

test('390 px: the secondary controls open from a menu button, by pointer or keyboard', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signIn(page);
  const more = page.getByRole('button', { name: 'More: account, theme' });
  await expectOnScreen(page, 'More: account, theme');
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeHidden();
  // The bar shows the first views whole, none cut off at the edge; the menu holds the others.
  const views = page.getByRole('navigation', { name: 'Views' });
  await expect(views.getByRole('link')).toHaveText(['Map', 'Objects', 'Events']);
  for (const link of await views.getByRole('link').all()) {
    const box = (await link.boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(390);
  }
  expect(await views.evaluate(nav => nav.scrollWidth <= nav.clientWidth)).toBe(true);
  await screenshotBothThemes(page, 'header-390');

  await more.click();
  await expect(more).toHaveAttribute('aria-expanded', 'true');
  const moreViews = page.getByRole('navigation', { name: 'More views' });
  await expect(moreViews.getByRole('link')).toHaveText(['Timeline', 'Flux', 'Reconciles']);
  await expectOnScreen(page, 'Sign out');
  await expectOnScreen(page, /^Toggle dark mode/);
  await expectOnScreen(page, 'Replay bootstrap');
  await expectAccessible(page);
  await screenshotBothThemes(page, 'header-390-menu');

  // The theme toggles from inside the menu; Escape closes it and gives focus back to the button.
  const theme = page.getByRole('button', { name: /^Toggle dark mode/ });
  const before = await theme.getAttribute('aria-label');
  await theme.click();
  await expect(theme).not.toHaveAttribute('aria-label', before ?? '');
  await page.keyboard.press('Escape');
  await expect(more).toHaveAttribute('aria-expanded', 'false');
  await expect(more).toBeFocused();
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeHidden();

  // Keyboard only: Enter opens it, Tab walks into it, and leaving it closes it.
  await page.keyboard.press('Enter');
  await expect(more).toHaveAttribute('aria-expanded', 'true');
  await page.keyboard.press('Tab');
  await expect(moreViews.getByRole('link', { name: 'Timeline' })).toBeFocused();
  // A click elsewhere closes it too.
  await page.getByRole('heading', { level: 1 }).first().click({ force: true });
  await expect(more).toHaveAttribute('aria-expanded', 'false');

  // A view from the menu: the menu closes and the bar shows it, current, in the third place (Events moves
  // to the menu), still whole.
  await more.click();
  await moreViews.getByRole('link', { name: 'Reconciles' }).click();
  await expect(more).toHaveAttribute('aria-expanded', 'false');
  await expect(views.getByRole('link', { name: 'Reconciles' })).toHaveAttribute('aria-current', 'page');
  await expect(views.getByRole('link')).toHaveText(['Map', 'Objects', 'Reconciles']);
  expect(await views.evaluate(nav => nav.scrollWidth <= nav.clientWidth)).toBe(true);
  await more.click();
  await expect(moreViews.getByRole('link')).toHaveText(['Events', 'Timeline', 'Flux']);
  await page.keyboard.press('Escape');

  // Sign out from the menu ends the session: the sign-in prompt is back.
  await more.click();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('dialog', { name: 'Sign in to Fluxscope' })).toBeVisible();
});
