/**
 * The map view. Nodes are React Flow nodes exposed as buttons named "Kind namespace/name, state" (see
 * web/src/views/map/model/flow.ts nodeLabel); the three layers are the bands titled "Entry points",
 * "What they deploy" and "Building blocks", so a node's layer is the band its centre lies in.
 */
import { type Locator, type Page, expect } from '@playwright/test';

export const LAYER_TITLES = {
  entry: 'Entry points',
  deploy: 'What they deploy',
  source: 'Building blocks',
} as const;
export type Layer = keyof typeof LAYER_TITLES;

export interface MapNodeInfo {
  kind: string;
  namespace: string;
  name: string;
  state: string;
  /** Title of the band the node is drawn in, '' when in none. */
  band: string;
}

/** "Kustomization flux-system/infrastructure, waiting on a dependency" -> parts. */
export function parseNodeLabel(label: string): Omit<MapNodeInfo, 'band'> | undefined {
  const match = /^(\S+) (?:([^/\s]+)\/)?(\S+), (.+)$/.exec(label);
  if (!match) return undefined;
  const [, kind = '', namespace = '', name = '', state = ''] = match;
  return { kind, namespace, name, state };
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export class MapView {
  readonly canvas: Locator;
  readonly nodes: Locator;
  readonly filters: Locator;
  /** The search box, and its "3 of 12" count. */
  readonly search: Locator;
  readonly searchCount: Locator;

  constructor(readonly page: Page) {
    this.canvas = page.getByLabel('Map of Flux objects');
    this.nodes = this.canvas.getByRole('button', { name: /^[A-Z]\w+ \S+, / });
    this.filters = page.getByRole('toolbar', { name: 'Map filters' });
    this.search = this.filters.getByRole('searchbox', { name: 'Search the map' });
    this.searchCount = this.filters.getByRole('search').getByRole('status');
  }

  async goto(): Promise<void> {
    await this.page.goto('/');
    await expect(this.canvas).toBeVisible();
  }

  /** The node of `kind namespace/name`, whatever its state. */
  node(kind: string, name: string, namespace = 'flux-system'): Locator {
    return this.canvas.getByRole('button', {
      name: new RegExp(`^${kind} ${escape(namespace)}/${escape(name)}, `),
    });
  }

  /**
   * The current search match ('' when none; nodes carry `data-match`): its accessible name and description
   * ("…, current search match, via Deployment kubecost/kubecost-cost-analyzer, …").
   */
  async currentMatch(): Promise<string> {
    const current = this.canvas.locator('[data-match="current"]');
    if ((await current.count()) === 0) return '';
    const node = current.first();
    return `${await node.getAttribute('aria-label')} ${await node.getAttribute('aria-description')}`;
  }

  async expectState(kind: string, name: string, state: string | RegExp): Promise<void> {
    const suffix = typeof state === 'string' ? escape(state) : state.source;
    await expect(this.node(kind, name)).toHaveAccessibleName(
      new RegExp(`^${kind} flux-system/${escape(name)}, ${suffix}$`),
    );
  }

  /** Every node with its state and the band it is drawn in (one round trip). */
  async nodeInfos(): Promise<MapNodeInfo[]> {
    const raw = await this.canvas.evaluate(canvas => {
      const bands = [...canvas.querySelectorAll<HTMLElement>('.map-band')].map(band => ({
        title: band.textContent?.trim() ?? '',
        rect: band.getBoundingClientRect(),
      }));
      return [...canvas.querySelectorAll<HTMLElement>('[role="button"][aria-label]')].map(node => {
        const rect = node.getBoundingClientRect();
        const x = rect.x + rect.width / 2;
        const y = rect.y + rect.height / 2;
        const band = bands.find(
          b => x >= b.rect.left && x <= b.rect.right && y >= b.rect.top && y <= b.rect.bottom,
        );
        return { label: node.getAttribute('aria-label') ?? '', band: band?.title ?? '' };
      });
    });
    return raw.flatMap(({ label, band }) => {
      const parsed = parseNodeLabel(label);
      return parsed ? [{ ...parsed, band }] : [];
    });
  }

  /** Every node's position on the map (flow coordinates, from React Flow's transform), by node id. */
  async positions(): Promise<Record<string, string>> {
    return this.canvas.evaluate(canvas =>
      Object.fromEntries(
        [...canvas.querySelectorAll<HTMLElement>('.react-flow__node[data-id]')].map(node => [
          node.dataset['id'] ?? '',
          node.style.transform,
        ]),
      ),
    );
  }

  /**
   * What the edge canvas painted (web/src/views/map/EdgeCanvas.tsx): edge pieces, lit ones, and how many of
   * its pixels are opaque in the theme's dependsOn colour (the arrows and their heads), read from its pixels.
   */
  async edges(): Promise<{ drawn: number; lit: number; dependsPixels: number }> {
    return this.canvas.evaluate(canvas => {
      const edges = canvas.querySelector<HTMLCanvasElement>('canvas.map-edges');
      if (!edges) return { drawn: 0, lit: 0, dependsPixels: 0 };
      const hex = getComputedStyle(edges).getPropertyValue('--edge-depends').trim();
      const want = [1, 3, 5].map(i => parseInt(hex.slice(i, i + 2), 16));
      const data = edges.getContext('2d')?.getImageData(0, 0, edges.width, edges.height).data ?? [];
      let dependsPixels = 0;
      for (let i = 0; i < data.length; i += 4) {
        if ((data[i + 3] ?? 0) > 240 && want.every((v, c) => Math.abs((data[i + c] ?? 0) - (v ?? 0)) <= 6))
          dependsPixels++;
      }
      return {
        drawn: Number(edges.dataset['drawn'] ?? 0),
        lit: Number(edges.dataset['lit'] ?? 0),
        dependsPixels,
      };
    });
  }

  /** The side panel of the selected node. */
  panel(): Locator {
    return this.page.getByRole('complementary', { name: /^Selected: / });
  }
}
