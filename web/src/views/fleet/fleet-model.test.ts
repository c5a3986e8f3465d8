import type { FleetCluster } from '@fluxscope/shared';
import { describe, expect, it } from 'vitest';
import { connectionLook, fleetHeadline, stateBreakdown } from './fleet-model';

const row = (name: string, patch: Partial<FleetCluster> = {}): FleetCluster => ({
  name,
  connection: { state: 'connected' },
  objects: 3,
  states: { ready: 2, progressing: 0, waiting: 0, failed: 1, stalled: 0, suspended: 0, unknown: 0 },
  failing: 1,
  topFailing: [],
  ...patch,
});

describe('fleet model', () => {
  it('says a connection in state words: stale waits, broken ones fail', () => {
    expect(connectionLook({ state: 'connected' })).toEqual({ state: 'ready', label: 'Connected' });
    expect(connectionLook({ state: 'connected', staleSince: '2026-12-03T10:00:00Z' }).label).toBe('Stale');
    expect(connectionLook({ state: 'connecting' }).state).toBe('progressing');
    expect(connectionLook({ state: 'misconfigured' })).toEqual({ state: 'failed', label: 'Misconfigured' });
  });

  it('lists the non-zero states worst first, and the fleet in one line', () => {
    expect(stateBreakdown(row('a')).map(s => `${s.count} ${s.label}`)).toEqual(['1 failed', '2 ready']);
    expect(fleetHeadline([row('a'), row('b', { failing: 0, connection: { state: 'unreachable' } })])).toBe(
      '2 clusters · 6 Flux objects · 1 with failures · 1 not connected or stale',
    );
  });
});
