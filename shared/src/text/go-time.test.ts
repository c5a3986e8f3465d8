import { describe, expect, it } from 'vitest';
import { GO_ZERO_TIME, formatGoTime, formatRfc3339 } from './go-time.js';

describe('Go time formatting', () => {
  it('prints time.Time.String() in UTC by default', () => {
    expect(formatGoTime('2026-11-27T15:13:51Z')).toBe('2026-11-27 15:13:51 +0000 UTC');
    expect(formatGoTime('2026-11-27T15:13:51.120000Z')).toBe('2026-11-27 15:13:51.12 +0000 UTC');
    expect(formatGoTime(undefined)).toBe(GO_ZERO_TIME);
    expect(formatGoTime('garbage')).toBe(GO_ZERO_TIME);
  });

  it('converts to a zone with tzdata-like abbreviations', () => {
    expect(formatGoTime('2026-11-27T15:13:51Z', 'Asia/Seoul')).toBe('2026-11-28 00:13:51 +0900 KST');
    expect(formatGoTime('2026-07-01T12:00:00Z', 'America/New_York')).toBe('2026-07-01 08:00:00 -0400 EDT');
    expect(formatGoTime('2026-07-01T12:00:00Z', 'Europe/Berlin')).toBe('2026-07-01 14:00:00 +0200 CEST');
    expect(formatGoTime('2026-01-01T12:00:00Z', 'Asia/Kolkata')).toBe('2026-01-01 17:30:00 +0530 IST');
    expect(formatGoTime('2026-01-01T12:00:00Z', 'Etc/GMT-4')).toBe('2026-01-01 16:00:00 +0400 +04');
  });

  it('prints RFC 3339 in UTC', () => {
    expect(formatRfc3339('2026-11-27T15:13:51.5Z')).toBe('2026-11-27T15:13:51Z');
    expect(formatRfc3339(undefined)).toBe('');
  });
});
