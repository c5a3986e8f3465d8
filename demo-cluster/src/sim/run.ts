/** One run of a scenario on scaled time; restarting or stopping cancels every pending sleep of the run. */
export class Cancelled extends Error {}

export class Run {
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly rejects = new Set<(e: Error) => void>();
  cancelled = false;

  constructor(readonly speed: number) {}

  /** Sleeps `seconds` of scenario time (divided by speed). */
  sleep(seconds: number): Promise<void> {
    if (this.cancelled) return Promise.reject(new Cancelled());
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => {
          this.timers.delete(timer);
          this.rejects.delete(reject);
          resolve();
        },
        Math.max(0, (seconds * 1000) / this.speed),
      );
      this.timers.add(timer);
      this.rejects.add(reject);
    });
  }

  /** Runs a flow in the background; cancellation ends it quietly, other errors are logged. */
  spawn(flow: () => Promise<void>): Promise<void> {
    return flow().catch((err: unknown) => {
      if (!(err instanceof Cancelled)) console.error('demo-cluster scenario error:', err);
    });
  }

  cancel(): void {
    this.cancelled = true;
    for (const t of this.timers) clearTimeout(t);
    for (const r of this.rejects) r(new Cancelled());
    this.timers.clear();
    this.rejects.clear();
  }
}
