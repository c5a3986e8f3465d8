/** The app shell every view shares: header navigation, connection pill, demo controls, command palette. */
import { type Locator, type Page, expect } from '@playwright/test';

export type ViewName = 'Map' | 'Objects' | 'Events' | 'Timeline' | 'Reconciles';

export class Shell {
  readonly views: Locator;
  readonly connection: Locator;
  readonly replayBootstrap: Locator;
  readonly searchTrigger: Locator;

  constructor(readonly page: Page) {
    this.views = page.getByRole('navigation', { name: 'Views' });
    this.connection = page.getByRole('status', { name: /^Connection:/ });
    this.replayBootstrap = page.getByRole('button', { name: 'Replay bootstrap' });
    this.searchTrigger = page.getByRole('button', { name: /^Search objects/ });
  }

  navLink(view: ViewName): Locator {
    return this.views.getByRole('link', { name: view, exact: true });
  }

  async goToView(view: ViewName): Promise<void> {
    await this.navLink(view).click();
    await expect(this.navLink(view)).toHaveAttribute('aria-current', 'page');
  }

  /** The SSE stream is open and the server is connected to the (demo) cluster. */
  async waitLive(): Promise<void> {
    await expect(this.connection).toHaveAccessibleName(/^Connection: Live/, { timeout: 30_000 });
  }

  palette(): Palette {
    return new Palette(this.page);
  }
}

/** Ctrl+K: the "Jump to object" combobox dialog. */
export class Palette {
  readonly dialog: Locator;
  readonly input: Locator;
  readonly results: Locator;

  constructor(readonly page: Page) {
    this.dialog = page.getByRole('dialog', { name: 'Jump to object' });
    this.input = this.dialog.getByRole('combobox', { name: 'Search' });
    this.results = this.dialog.getByRole('listbox', { name: 'Results' });
  }

  async open(): Promise<void> {
    await this.page.keyboard.press('Control+k');
    await expect(this.dialog).toBeVisible();
    await expect(this.input).toBeFocused();
  }

  option(text: string | RegExp): Locator {
    return this.results.getByRole('option').filter({ hasText: text });
  }
}
