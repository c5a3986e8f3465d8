/** Timestamps of the seed, relative to when the demo starts: the cluster was bootstrapped a few hours ago. */
export interface SeedClock {
  now: Date;
  /** RFC 3339 (seconds) of `seconds` before now. */
  ago(seconds: number): string;
}

export function seedClock(now: Date): SeedClock {
  return {
    now,
    ago: seconds => new Date(now.getTime() - seconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
  };
}

/** Seconds before now at which the workshop's bootstrap ran. */
export const BOOTSTRAP_AGO = 3 * 3600 + 17 * 60;
