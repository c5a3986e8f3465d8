/**
 * Keeps a local cluster's Flux object summaries current and turns their changes into deltas. It looks at
 * the index when asked for the summaries (fleet rows, failing, search: the registry brings every backend up
 * to date before a search, so its index gets the deltas first), at most once per 250 ms and only when the
 * index moved: a summary's images come from the workloads the cluster applied, so Deployment changes can
 * change a Kustomization's summary too. O(Flux objects + the workloads their inventories name) per look:
 * ~100k objects at 100k, so it does not run on a timer (that cost ~10 % of a core on a cluster changing
 * 20 times a second, for nobody when no fleet page is open).
 */
import {
  type ClusterIndex,
  type FluxObjectSummary,
  refKey,
  summarizeIndex,
  summaryRef,
} from '@fluxscope/shared';
import type { SummaryDelta } from './backend.js';

export class SummaryTracker {
  private readonly current = new Map<string, { summary: FluxObjectSummary; json: string }>();
  private readonly listeners = new Set<(delta: SummaryDelta) => void>();
  private seenVersion = -1;
  private lookedAt = -Infinity;

  constructor(
    private readonly index: ClusterIndex,
    /** At most one look per this long: a fleet page's poll asks three routes at once. */
    private readonly intervalMs = 250,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** The summaries as of the last look, looking again first when the last look is over an interval old. */
  summaries(): Iterable<FluxObjectSummary> {
    const now = this.now();
    if (now - this.lookedAt >= this.intervalMs) {
      this.lookedAt = now;
      this.refresh();
    }
    return [...this.current.values()].map(e => e.summary);
  }

  subscribe(listener: (delta: SummaryDelta) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Re-summarizes when the index moved since the last look; tells listeners what changed. */
  refresh(): void {
    if (this.index.version === this.seenVersion) return;
    this.seenVersion = this.index.version;
    const next = new Map<string, FluxObjectSummary>();
    for (const s of summarizeIndex(this.index)) next.set(refKey(summaryRef(s)), s);
    const delta: SummaryDelta = { upserts: [], removes: [] };
    for (const [key, old] of this.current)
      if (!next.has(key)) {
        this.current.delete(key);
        delta.removes.push(summaryRef(old.summary));
      }
    for (const [key, summary] of next) {
      const json = JSON.stringify(summary);
      if (this.current.get(key)?.json === json) continue;
      this.current.set(key, { summary, json });
      delta.upserts.push(summary);
    }
    if (delta.upserts.length === 0 && delta.removes.length === 0) return;
    for (const listener of this.listeners) listener(delta);
  }
}
