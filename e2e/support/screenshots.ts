/** Saves a view as e2e/screenshots/<name>-light.png and <name>-dark.png (dark through prefers-color-scheme). */
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
