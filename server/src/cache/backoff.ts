/** Exponential backoff with jitter: retry n (1-based) waits between half and all of min(max, initial * 2^(n-1)). */
export function backoffDelay(
  attempt: number,
  initialMs = 1000,
  maxMs = 30_000,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(maxMs, initialMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/** A sleep that stop() can cut short. */
export class Sleeper {
  private timer: NodeJS.Timeout | undefined;
  private wake: (() => void) | undefined;

  sleep(ms: number): Promise<void> {
    return new Promise(resolve => {
      this.wake = resolve;
      this.timer = setTimeout(resolve, ms);
    });
  }

  cancel(): void {
    if (this.timer) clearTimeout(this.timer);
    this.wake?.();
  }
}

/**
 * How long the API server asked us to wait (Retry-After on a 429 or 503, in seconds), in ms; undefined when
 * it did not say. Capped so a bogus header cannot park a watch for hours.
 */
export function retryAfterMs(err: unknown, capMs = 60_000): number | undefined {
  const headers = (err as { headers?: unknown } | null)?.headers;
  if (!headers || typeof headers !== 'object') return undefined;
  const record = headers as Record<string, unknown>;
  const value = record['retry-after'] ?? record['Retry-After'];
  const seconds = typeof value === 'string' ? Number(value) : NaN;
  return Number.isFinite(seconds) && seconds >= 0 ? Math.min(seconds * 1000, capMs) : undefined;
}
