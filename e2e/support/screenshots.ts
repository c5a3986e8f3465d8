/**
 * Saves a view as e2e/screenshots/<name>-light.png and <name>-dark.png (dark through prefers-color-scheme);
 * screenshotAtSizes adds the 1024x768 and 390x844 (phone) layouts as <name>-<width>-light/dark.png.
 */
import type { Page } from '@playwright/test';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('../screenshots/', import.meta.url));

async function settle(page: Page, scheme: 'light' | 'dark'): Promise<void> {
  await page.emulateMedia({ colorScheme: scheme });
  await page.waitForFunction(
    dark => window.matchMedia('(prefers-color-scheme: dark)').matches === dark,
    scheme === 'dark',
  );
  // Two frames: styles recomputed and painted before the capture.
  await page.evaluate(() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r))));
}

export async function screenshotBothThemes(page: Page, name: string): Promise<void> {
  for (const scheme of ['light', 'dark'] as const) {
    await settle(page, scheme);
    await page.screenshot({ path: `${dir}${name}-${scheme}.png`, animations: 'disabled', caret: 'hide' });
  }
  await settle(page, 'light');
}

/** The sizes every view is looked at besides the default 1440x900. */
export const SIZES = [
  { width: 1024, height: 768 },
  { width: 390, height: 844 },
] as const;

/**
 * 1440 (the default viewport), 1024 and 390 px wide, light and dark; the viewport is restored afterwards.
 * `prepare` runs after each resize (e.g. to re-open a panel or wait for the layout to settle).
 */
export async function screenshotAtSizes(
  page: Page,
  name: string,
  prepare?: () => Promise<void>,
): Promise<void> {
  const original = page.viewportSize();
  await screenshotBothThemes(page, name);
  for (const size of SIZES) {
    await page.setViewportSize(size);
    await page.evaluate(() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r))));
    if (prepare) await prepare();
    await screenshotBothThemes(page, `${name}-${size.width}`);
  }
  if (original) await page.setViewportSize(original);
}
