import { describe, expect, it } from 'vitest';
import { Value } from '@sinclair/typebox/value';
import type { FluxObjectSummary } from '../wire/fleet.js';
import { FleetClusterSchema } from '../wire/fleet.js';
import { TOP_FAILING, fleetFailing, fleetRow, sortFleetRows } from './rows.js';

const s = (name: string, state: FluxObjectSummary['state'], since?: string): FluxObjectSummary => ({
  kind: 'Kustomization',
  namespace: 'flux-system',
  name,
  state,
  ...(since ? { since } : {}),
});

describe('fleetRow', () => {
  it('counts every state, the failing ones worst first and newest first, the last change', () => {
    const row = fleetRow(
      { name: 'prod', fluxVersion: 'v2.7.0' },
      [
        s('a', 'ready', '2026-12-03T10:00:00Z'),
        s('b', 'failed', '2026-12-03T09:00:00Z'),
        s('c', 'stalled', '2026-12-03T08:00:00Z'),
        s('d', 'failed', '2026-12-03T11:00:00Z'),
        s('e', 'failed'),
        s('f', 'waiting'),
        s('g', 'suspended'),
      ],
      { state: 'connected' },
    );
    expect(row.objects).toBe(7);
    expect(row.states).toEqual({
      ready: 1,
      progressing: 0,
      waiting: 1,
      failed: 3,
      stalled: 1,
      suspended: 1,
      unknown: 0,
    });
    expect(row.failing).toBe(4);
    expect(row.topFailing.map(o => o.name)).toEqual(['c', 'd', 'b'].slice(0, TOP_FAILING));
    expect(row.lastChange).toBe('2026-12-03T11:00:00Z');
    expect(row.fluxVersion).toBe('v2.7.0');
    expect(Value.Check(FleetClusterSchema, row)).toBe(true);
  });

  it('a cluster that cannot be reached is a row with its reason and no objects', () => {
    const row = fleetRow({ name: 'gone' }, [], { state: 'unreachable', message: 'connect ECONNREFUSED' });
    expect(row).toMatchObject({ name: 'gone', objects: 0, failing: 0, topFailing: [] });
    expect(row.connection.message).toContain('ECONNREFUSED');
    expect(row.lastChange).toBeUndefined();
  });

  it('rows sort failing clusters first, then clusters that are down or stale, then by name', () => {
    const rows = sortFleetRows([
      fleetRow({ name: 'b' }, [s('x', 'ready')], { state: 'connected' }),
      fleetRow({ name: 'a' }, [s('x', 'ready')], { state: 'connected', staleSince: '2026-12-03T10:00:00Z' }),
      fleetRow({ name: 'c' }, [s('x', 'failed')], { state: 'connected' }),
      fleetRow({ name: 'd' }, [], { state: 'misconfigured' }),
    ]);
    expect(rows.map(r => r.name)).toEqual(['c', 'a', 'd', 'b']);
  });
});

describe('fleetFailing', () => {
  it('failed and stalled objects of every cluster, stalled first, then newest, then by cluster; cut at the limit', () => {
    const out = fleetFailing(
      [
        { cluster: 'prod', summaries: [s('a', 'failed', '2026-12-03T10:00:00Z'), s('ok', 'ready')] },
        { cluster: 'dev', summaries: [s('a', 'failed', '2026-12-03T10:00:00Z'), s('z', 'stalled')] },
        { cluster: 'stage', summaries: [s('b', 'failed', '2026-12-03T12:00:00Z'), s('w', 'waiting')] },
      ],
      3,
    );
    expect(out.total).toBe(4);
    expect(out.items.map(i => `${i.cluster}/${i.object.name}`)).toEqual(['dev/z', 'stage/b', 'dev/a']);
  });
});
