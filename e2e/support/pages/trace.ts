/** The trace of an object (/trace/...) or its "Where it comes from" card: a list of cards, one per link. */
import { type Locator, type Page } from '@playwright/test';
import { type Ref, fluxRef } from './object.js';

export type TraceRole = 'Object' | 'Owned by' | 'Reconciled by' | 'Helm chart' | 'Source' | 'Applied by';

export class TraceView {
  readonly heading: Locator;
  readonly chain: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole('heading', { level: 1, name: /^Trace / });
    this.chain = page.getByRole('list', { name: 'Trace chain' });
  }

  /** A card named "Source: HelmRepository/flux-system/kubecost, Unknown". */
  card(role: TraceRole, ref: Pick<Ref, 'kind' | 'namespace' | 'name'>): Locator {
    return this.chain.getByRole('listitem', { name: new RegExp(`^${role}: ${fluxRef(ref)}, `) });
  }

  /** The roles and refs of all cards, top to bottom. */
  async cardNames(): Promise<string[]> {
    const cards = this.chain.getByRole('listitem');
    const names: string[] = [];
    for (const card of await cards.all()) names.push((await card.getAttribute('aria-label')) ?? '');
    return names;
  }
}
