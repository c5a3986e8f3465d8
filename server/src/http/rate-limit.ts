/**
 * Failed sign-ins and wrong bearer tokens, counted per client address in a fixed window. Past the limit
 * the address is refused (429 with Retry-After) until its window ends, right token or not, so guessing
 * costs the window per `limit` tries. The caller logs one line when a burst begins and one when it is
 * blocked, never one per try.
 */
export interface FailureLimits {
  /** Failures allowed per address per window. */
  limit: number;
  windowMs: number;
}

export const DEFAULT_FAILURE_LIMITS: FailureLimits = { limit: 10, windowMs: 60_000 };

interface Window {
  startMs: number;
  failures: number;
}

export type FailureOutcome = 'first' | 'counted' | 'blocked-now' | 'blocked';

export class FailureLimiter {
  private readonly windows = new Map<string, Window>();

  constructor(
    private readonly limits: FailureLimits = DEFAULT_FAILURE_LIMITS,
    /** Addresses tracked at most (oldest forgotten first): a flood of addresses cannot grow memory. */
    private readonly maxAddresses = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Seconds until `address` may try again; 0 when it is not blocked. */
  retryAfterSeconds(address: string): number {
    const window = this.current(address);
    if (!window || window.failures <= this.limits.limit) return 0;
    return Math.max(1, Math.ceil((window.startMs + this.limits.windowMs - this.now()) / 1000));
  }

  /** Counts one failure; says whether it started a burst, was counted, or (now) blocks the address. */
  fail(address: string): FailureOutcome {
    let window = this.current(address);
    if (!window) {
      window = { startMs: this.now(), failures: 0 };
      this.windows.delete(address);
      this.windows.set(address, window);
      this.trim();
    }
    window.failures++;
    if (window.failures === 1) return 'first';
    if (window.failures === this.limits.limit + 1) return 'blocked-now';
    return window.failures > this.limits.limit ? 'blocked' : 'counted';
  }

  failures(address: string): number {
    return this.current(address)?.failures ?? 0;
  }

  private current(address: string): Window | undefined {
    const window = this.windows.get(address);
    if (window && window.startMs + this.limits.windowMs <= this.now()) {
      this.windows.delete(address);
      return undefined;
    }
    return window;
  }

  private trim(): void {
    while (this.windows.size > this.maxAddresses) {
      const oldest = this.windows.keys().next().value;
      if (oldest === undefined) return;
      this.windows.delete(oldest);
    }
  }
}
