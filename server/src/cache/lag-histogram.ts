/** A Prometheus-style cumulative histogram of seconds, small enough to keep one per server. */
export const LAG_BUCKETS = [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] as const;

export class LagHistogram {
  /** counts[i]: observations <= LAG_BUCKETS[i] (not cumulative here; exposition sums them). */
  private readonly counts = LAG_BUCKETS.map(() => 0);
  count = 0;
  sum = 0;

  observe(seconds: number): void {
    this.count++;
    this.sum += seconds;
    const i = LAG_BUCKETS.findIndex(b => seconds <= b);
    if (i >= 0) this.counts[i]!++;
  }

  /** [upper bound, cumulative count] pairs, ending with +Inf. */
  cumulative(): Array<[string, number]> {
    let running = 0;
    const out: Array<[string, number]> = LAG_BUCKETS.map((b, i) => [String(b), (running += this.counts[i]!)]);
    out.push(['+Inf', this.count]);
    return out;
  }
}
