import type { TimelineBar } from '@fluxscope/shared';
import { describe, expect, it } from 'vitest';
import { formatDuration, timelineModel } from './model';

const bar = (name: string, start?: string, ready?: string, critical = false): TimelineBar => ({
  ref: { group: 'kustomize.toolkit.fluxcd.io', kind: 'Kustomization', namespace: 'flux-system', name },
  ...(start ? { start } : {}),
  ...(ready ? { ready } : {}),
  state: ready ? 'ready' : 'progressing',
  dependsOn: [],
  critical,
});

describe('timeline model', () => {
  it('scales bars to the window and orders them by ready time, unfinished last', () => {
    const now = Date.parse('2026-01-01T00:02:00Z');
    const model = timelineModel(
      [
        bar('infra', '2026-01-01T00:00:30Z', '2026-01-01T00:01:00Z', true),
        bar('sources', '2026-01-01T00:00:00Z', '2026-01-01T00:00:20Z', true),
        bar('apps', '2026-01-01T00:01:00Z'),
      ],
      now,
    );
    expect(model.rows.map(r => r.bar.ref.name)).toEqual(['sources', 'infra', 'apps']);
    const [sources, infra, apps] = model.rows;
    expect(sources!.from).toBe(0);
    expect(infra!.readyAt).toBeCloseTo(0.5);
    expect(infra!.durationMs).toBe(30_000);
    expect(apps!.open).toBe(true);
    expect(apps!.to).toBe(1);
    expect(model.ticks[0]).toEqual([0, 0]);
  });

  it('handles bars with only a ready time, and no data', () => {
    const model = timelineModel(
      [bar('a', undefined, '2026-01-01T00:00:10Z')],
      Date.parse('2026-01-01T00:00:10Z'),
    );
    expect(model.rows[0]!.from).toBe(model.rows[0]!.to);
    expect(timelineModel([], 0).rows).toEqual([]);
    expect(formatDuration(95_000)).toBe('1m35s');
  });
});

describe('waiting and working', () => {
  it('splits a bar where its last dependency turned Ready and keeps that time as a link', () => {
    const infra = { ...bar('infra', '2026-01-01T00:00:00Z', '2026-01-01T00:01:40Z') };
    const sources = bar('sources', '2026-01-01T00:00:00Z', '2026-01-01T00:01:00Z');
    infra.dependsOn = ['kustomize.toolkit.fluxcd.io/Kustomization/flux-system/sources'];
    const model = timelineModel([infra, sources], Date.parse('2026-01-01T00:02:00Z'));
    const row = model.rows.find(r => r.bar.ref.name === 'infra')!;
    expect(row.deps).toEqual([{ name: 'sources', at: 0.6 }]);
    expect(row.waitTo).toBeCloseTo(0.6);
    expect(model.rows.find(r => r.bar.ref.name === 'sources')!.waitTo).toBeUndefined();
  });
});
