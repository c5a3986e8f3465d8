/** An object's page (/object/{group}/{kind}/{ns}/{name}): heading, section tabs, inventory tree, root cause. */
import { type Locator, type Page, expect } from '@playwright/test';

export interface Ref {
  group: string;
  kind: string;
  namespace: string;
  name: string;
}

export const KS = (name: string): Ref => ({
  group: 'kustomize.toolkit.fluxcd.io',
  kind: 'Kustomization',
  namespace: 'flux-system',
  name,
});
export const HR = (name: string): Ref => ({
  group: 'helm.toolkit.fluxcd.io',
  kind: 'HelmRelease',
  namespace: 'flux-system',
  name,
});

/** The web app's path segments: `core` for the empty group, `_` for no namespace. */
export function refPath(ref: Ref): string {
  return [ref.group || 'core', ref.kind, ref.namespace || '_', ref.name].map(encodeURIComponent).join('/');
}

/** How flux prints a ref, and how tree rows and trace cards are named: Kind/ns/name. */
export const fluxRef = (ref: Pick<Ref, 'kind' | 'namespace' | 'name'>) =>
  ref.namespace ? `${ref.kind}/${ref.namespace}/${ref.name}` : `${ref.kind}/${ref.name}`;

export class ObjectPage {
  readonly heading: Locator;
  readonly tabs: Locator;
  readonly panel: Locator;
  readonly rootCause: Locator;
  readonly copyFluxText: Locator;
  readonly traceLink: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole('heading', { level: 1 });
    this.tabs = page.getByRole('tablist', { name: 'Object sections' });
    this.panel = page.getByRole('tabpanel');
    this.rootCause = page.getByRole('region', { name: 'Root cause' });
    this.copyFluxText = page.getByRole('button', { name: 'Copy as flux text' });
    this.traceLink = page.getByRole('main').getByRole('link', { name: 'Trace', exact: true });
  }

  static path(ref: Ref, tab?: string): string {
    return `/object/${refPath(ref)}${tab ? `?tab=${tab}` : ''}`;
  }

  async goto(ref: Ref, tab?: string): Promise<void> {
    await this.page.goto(ObjectPage.path(ref, tab));
    await this.expectObject(ref);
  }

  async expectObject(ref: Ref): Promise<void> {
    await expect(this.heading).toHaveText(ref.name);
    await expect(this.page).toHaveURL(new RegExp(`/object/${refPath(ref).replace(/[.]/g, '\\.')}(\\?|$)`));
  }

  tab(name: string): Locator {
    return this.tabs.getByRole('tab', { name });
  }

  async openTab(name: string): Promise<void> {
    await this.tab(name).click();
    await expect(this.tab(name)).toHaveAttribute('aria-selected', 'true');
  }

  inventory(ref: Ref): Locator {
    return this.panel.getByRole('tree', { name: `Inventory of ${fluxRef(ref)}` });
  }

  /** A row of the inventory tree, named "Kind/ns/name, Health". */
  treeItem(ref: Pick<Ref, 'kind' | 'namespace' | 'name'>): Locator {
    return this.panel.getByRole('treeitem', { name: new RegExp(`^${fluxRef(ref)}, `) });
  }

  /** The link to the object inside its own tree row (not the links of its children). */
  treeItemLink(ref: Pick<Ref, 'kind' | 'namespace' | 'name'>): Locator {
    const where = ref.namespace ? `${ref.namespace}/${ref.name}` : ref.name;
    return this.treeItem(ref).getByRole('link', { name: where, exact: true }).first();
  }
}
