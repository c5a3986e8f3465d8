import type { ConnectionState, StatsRow } from '@fluxscope/shared';
import { describe, expect, it } from 'vitest';
import { GRACE_MS, SteadyStates, emptyCounts, summarize } from './summary';

const live: ConnectionState = { state: 'connected', since: '2026-01-01T00:00:00Z', demo: false };
const rows = [{ kind: 'Kustomization', running: 3, failing: 0, suspended: 0, storageBytes: 0 }] as StatsRow[];
const ago = () => '5m';

describe('summary', () => {
  it('says All healthy only when every object is Ready', () => {
    expect(summarize(live, { ...emptyCounts(), ready: 3 }, rows, ago).text).toBe('All healthy');
    const s = summarize(live, { ...emptyCounts(), ready: 2, progressing: 1 }, rows, ago);
    expect(s.text).toBe('1 progressing');
    expect(s.className).toBe('st-progressing');
    expect(s.notReady).toEqual(['progressing']);
    expect(summarize(live, { ...emptyCounts(), unknown: 2 }, rows, ago).text).toBe('2 unknown');
  });

  it('puts the worst first and links to every not-ready state it counts', () => {
    const s = summarize(
      live,
      { ...emptyCounts(), failed: 1, stalled: 1, waiting: 2, progressing: 1 },
      rows,
      ago,
    );
    expect(s.text).toBe('2 failed · 2 waiting · 1 progressing');
    expect(s.className).toBe('st-failed');
    expect(s.notReady).toEqual(['failed', 'stalled', 'waiting', 'progressing']);
  });

  it('never claims health without live data', () => {
    const down: ConnectionState = { state: 'unreachable', since: 'x', lastUpdate: 'y', demo: false };
    expect(summarize(down, { ...emptyCounts(), ready: 3 }, rows, ago).text).toBe('Data from 5m ago');
  });
});

describe('steady counts', () => {
  it('holds a Ready object as Ready through a refresh shorter than the grace', () => {
    const s = new SteadyStates();
    expect(s.shown('a', 'ready', 0)).toBe('ready');
    expect(s.shown('a', 'progressing', 1000)).toBe('ready');
    expect(s.pending()).toBe(true);
    expect(s.shown('a', 'ready', 2500)).toBe('ready');
    expect(s.pending()).toBe(false);
  });

  it('shows a progression that lasts, and a failure at once', () => {
    const s = new SteadyStates();
    s.shown('a', 'ready', 0);
    s.shown('a', 'progressing', 1000);
    expect(s.shown('a', 'progressing', 1000 + GRACE_MS)).toBe('progressing');
    expect(s.shown('a', 'failed', 5000)).toBe('failed');
    // A failing object retrying briefly stays failed in the counts.
    expect(s.shown('a', 'progressing', 6000)).toBe('failed');
  });

  it('forgets objects that are gone', () => {
    const s = new SteadyStates();
    s.shown('a', 'ready', 0);
    s.shown('a', 'progressing', 1);
    s.retain(new Set());
    expect(s.pending()).toBe(false);
  });
});
