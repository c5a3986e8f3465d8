/** The events view: `flux events -A` as a live table. */
import { type Locator, type Page, expect } from '@playwright/test';

export class EventsView {
  readonly heading: Locator;
  readonly table: Locator;
  readonly rows: Locator;
  readonly filters: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole('heading', { level: 1, name: 'Events' });
    this.table = page.getByRole('main').getByRole('table', { name: 'Events' });
    // Body rows only: the header row holds column headers, not cells.
    this.rows = this.table.getByRole('row').filter({ has: page.getByRole('cell') });
    this.filters = page.getByRole('toolbar', { name: 'Event filters' });
  }

  async goto(): Promise<void> {
    await this.page.goto('/events');
    await expect(this.heading).toBeVisible();
  }

  /** Rows of one involved object, e.g. rowsFor('flux-system/controlplane'). */
  rowsFor(objectText: string): Locator {
    return this.rows.filter({ has: this.page.getByRole('link', { name: objectText, exact: true }) });
  }
}
