/** The fleet page (`/fleet`): the clusters table, the failing objects across the fleet, fleet search. */
import { type Locator, type Page, expect } from '@playwright/test';

export class FleetPage {
  readonly clusters: Locator;
  readonly failing: Locator;
  readonly search: Locator;
  readonly results: Locator;
  readonly switcher: Locator;

  constructor(readonly page: Page) {
    this.clusters = page.getByRole('table', { name: 'Clusters' });
    this.failing = page.getByRole('table', { name: 'Failing objects' });
    this.search = page.getByRole('searchbox', { name: 'Search the fleet' });
    this.results = page.getByRole('table', { name: 'Search results' });
    this.switcher = page.getByRole('combobox', { name: 'Cluster' });
  }

  async goto(query = ''): Promise<void> {
    await this.page.goto(`/fleet${query}`);
    await expect(this.page.getByRole('heading', { level: 1, name: 'Fleet' })).toBeVisible();
  }

  /** The row of one cluster in the clusters table. */
  clusterRow(name: string): Locator {
    return this.clusters.getByRole('row').filter({ has: this.page.getByRole('link', { name, exact: true }) });
  }

  /** The cluster names the clusters table lists, in order. */
  async clusterNames(): Promise<string[]> {
    return this.clusters.locator('tbody tr td:first-child a').allTextContents();
  }

  /** A row of the failing table or the search results: cluster, then the object link (`ns/name`). */
  objectRow(table: Locator, cluster: string, name: string): Locator {
    return table
      .getByRole('row')
      .filter({ has: this.page.getByRole('link', { name: cluster, exact: true }) })
      .filter({ has: this.page.getByRole('link', { name, exact: true }) });
  }
}
