/** The workload parts of an object page (Pods, Deployments...) and the map's side panel root cause. */
import { type Locator, type Page } from '@playwright/test';

export class WorkloadCard {
  readonly card: Locator;
  readonly containers: Locator;
  readonly pods: Locator;

  constructor(readonly page: Page) {
    this.card = page.getByRole('region', { name: 'Workload' });
    this.containers = this.card.getByRole('table', { name: 'Containers' });
    this.pods = this.card.getByRole('table', { name: 'Pods' });
  }

  /** The row of one container, by its name. */
  container(name: string): Locator {
    return this.containers.getByRole('row').filter({ has: this.page.getByText(name, { exact: true }) });
  }
}

/** The map's side panel for the selected node. */
export class NodePanel {
  readonly panel: Locator;
  readonly rootCause: Locator;
  readonly failingWorkload: Locator;

  constructor(readonly page: Page) {
    this.panel = page.getByRole('complementary', { name: /^Selected: / });
    this.rootCause = this.panel.getByRole('region', { name: 'Root cause' });
    this.failingWorkload = this.rootCause.getByLabel('Failing workload');
  }
}

/** /flux: controllers, CRDs, notifications. */
export class FluxRuntimePage {
  readonly heading: Locator;
  readonly controllers: Locator;
  readonly crds: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole('heading', { level: 1, name: 'Flux runtime' });
    this.controllers = page.getByRole('table', { name: 'Controllers' });
    this.crds = page.getByRole('table', { name: 'Flux CRDs' });
  }

  async goto(): Promise<void> {
    await this.page.goto('/flux');
    await this.heading.waitFor();
  }

  controller(name: string): Locator {
    return this.controllers
      .getByRole('row')
      .filter({ has: this.page.getByRole('link', { name: `flux-system/${name}` }) });
  }
}
