import type { ConnectionState } from '@fluxscope/shared';
import type { FastifyBaseLogger } from 'fastify';
import { describe, expect, it } from 'vitest';
import { ConnectionTracker, staleAfterMs } from './connection.js';

const quiet = { info() {}, warn() {} } as unknown as FastifyBaseLogger;

function tracker(initial: Partial<ConnectionState> = {}) {
  let now = 1_000_000;
  const emitted: ConnectionState[] = [];
  const t = new ConnectionTracker(
    { state: 'connecting', since: new Date(now).toISOString(), demo: false, ...initial },
    c => emitted.push(c),
    quiet,
    90_000,
    () => now,
  );
  return { t, emitted, advance: (ms: number) => (now += ms) };
}

describe('staleAfterMs', () => {
  it('is a bookmark interval plus margin, but always before the watch silence limit', () => {
    expect(staleAfterMs(120_000)).toBe(75_000);
    expect(staleAfterMs(300_000)).toBe(75_000);
    expect(staleAfterMs(4_000)).toBe(3_000);
  });
});

describe('ConnectionTracker', () => {
  it('emits each visible change once, and says when the API server is back from unreachable', () => {
    const { t, emitted } = tracker();
    expect(t.set({ state: 'connected', fluxMissing: false })).toBe(false);
    expect(t.set({ state: 'connected', fluxMissing: false })).toBe(false);
    expect(emitted.map(c => c.state)).toEqual(['connected']);
    t.set({ state: 'unreachable', message: 'connect ECONNREFUSED' });
    expect(t.current()).toMatchObject({ state: 'unreachable', message: 'connect ECONNREFUSED' });
    expect(t.set({ state: 'connected' })).toBe(true);
    expect(t.current().message).toBeUndefined();
    expect(emitted.map(c => c.state)).toEqual(['connected', 'unreachable', 'connected']);
  });

  it('goes stale after the limit without a byte, and live again with the next one', () => {
    const { t, emitted, advance } = tracker();
    t.set({ state: 'connected' });
    advance(89_000);
    t.checkStale();
    expect(t.current().stale).toBeUndefined();
    t.heard();
    advance(89_000);
    t.checkStale();
    expect(t.current().stale).toBeUndefined();
    advance(2_000);
    t.checkStale();
    t.checkStale();
    expect(t.current()).toMatchObject({ state: 'connected', stale: true });
    expect(Date.parse(t.current().lastHeard!)).toBe(1_000_000 + 89_000);
    expect(t.silenceMs()).toBe(91_000);
    expect(emitted.filter(c => c.stale)).toHaveLength(1);
    t.heard();
    expect(t.current().stale).toBeUndefined();
    expect(t.current().lastHeard).toBeUndefined();
    expect(emitted.at(-1)?.stale).toBeUndefined();
    expect(emitted).toHaveLength(3);
  });

  it('is never stale while not connected: unreachable says more, and clears stale', () => {
    const { t, advance } = tracker();
    advance(200_000);
    t.checkStale();
    expect(t.current().stale).toBeUndefined();
    t.set({ state: 'connected' });
    advance(100_000);
    t.checkStale();
    expect(t.current().stale).toBe(true);
    t.set({ state: 'unreachable', message: 'the API server did not answer in time' });
    expect(t.current().stale).toBeUndefined();
    advance(100_000);
    t.checkStale();
    expect(t.current().stale).toBeUndefined();
  });

  it('misconfigured from the start stays so; action kinds ride along', () => {
    const { t, emitted } = tracker({ state: 'misconfigured', message: 'no such context' });
    t.setActionKinds([{ group: 'kustomize.toolkit.fluxcd.io', kind: 'Kustomization' }]);
    expect(emitted.at(-1)).toMatchObject({
      state: 'misconfigured',
      actionKinds: [{ kind: 'Kustomization' }],
    });
  });
});
