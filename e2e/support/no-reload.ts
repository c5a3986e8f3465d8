/**
 * Proves a page updated live: a marker put on `window` survives (a reload would drop it) and no `load`
 * event fired on the page since the guard was armed.
 */
import { type Page, expect } from '@playwright/test';

export interface ReloadGuard {
  expectNoReload(): Promise<void>;
}

export async function armReloadGuard(page: Page): Promise<ReloadGuard> {
  const token = `e2e-${Date.now()}-${Math.random()}`;
  await page.evaluate(t => {
    (window as unknown as { __e2eToken?: string }).__e2eToken = t;
  }, token);
  let loads = 0;
  const onLoad = () => loads++;
  page.on('load', onLoad);
  return {
    async expectNoReload() {
      page.off('load', onLoad);
      expect(loads, 'page loads since the guard was armed').toBe(0);
      const seen = await page.evaluate(() => (window as unknown as { __e2eToken?: string }).__e2eToken);
      expect(seen, 'window marker (gone after a reload)').toBe(token);
    },
  };
}
