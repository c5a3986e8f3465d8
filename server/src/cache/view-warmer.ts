/**
 * Makes the costly views asked for recently (ViewCache.warm) again once the cluster has settled after a
 * change, so the next dashboard to ask gets a replay instead of paying for the view, its serialization and
 * compression (~200 ms for the full tree of a 14k-object cluster). "Settled": the index did not change for
 * one tick; a cluster that never settles is still warmed every maxWaitMs.
 */
import type { ClusterIndex } from '@fluxscope/shared';
import type { ViewCache } from '../http/view-cache.js';

export class ViewWarmer {
  private timer: NodeJS.Timeout | undefined;
  private seen: number;
  private warmed: number;
  private pendingSince: number | undefined;
  private busy = false;

  constructor(
    private readonly index: ClusterIndex,
    private readonly views: Pick<ViewCache, 'warm'>,
    private readonly tickMs = 250,
    private readonly maxWaitMs = 2_000,
    private readonly now: () => number = Date.now,
  ) {
    this.seen = index.version;
    this.warmed = index.version;
  }

  start(): void {
    this.timer = setInterval(() => void this.tick(), this.tickMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** One tick: warms when the index changed since the last warm-up and then held still (or waited too long). */
  async tick(): Promise<void> {
    const version = this.index.version;
    if (this.busy || version === this.warmed) return;
    const settled = version === this.seen;
    this.seen = version;
    this.pendingSince ??= this.now();
    if (!settled && this.now() - this.pendingSince < this.maxWaitMs) return;
    this.busy = true;
    try {
      await this.views.warm();
      this.warmed = version;
      this.pendingSince = undefined;
    } finally {
      this.busy = false;
    }
  }
}
