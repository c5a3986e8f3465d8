import { describe, expect, it } from 'vitest';
import type { Change } from '@fluxscope/shared';
import { ChangeLog } from './change-log.js';

const upsert = (name: string, pad = ''): Change =>
  ({
    op: 'upsert',
    object: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'x', labels: { pad } } },
  }) as Change;

describe('ChangeLog memory bounds', () => {
  it('keeps frames for resume only up to its size budget; older resumes get a reset (undefined)', () => {
    const log = new ChangeLog(50, 1000, 10_000);
    log.handOut();
    for (let i = 0; i < 20; i++) {
      log.push(upsert(`cm-${i}`, 'x'.repeat(2000)));
      log.flush();
    }
    expect(log.seq).toBe(20);
    const recent = log.since(17);
    expect(recent?.map(f => f.seq)).toEqual([18, 19, 20]);
    expect(log.since(2)).toBeUndefined();
    expect(log.since(20)).toEqual([]);
  });

  it('does not serialize a huge batch nobody listens to, and sends resumers from before it to the snapshot', () => {
    const log = new ChangeLog();
    log.handOut();
    log.push(upsert('first'));
    log.flush();
    for (let i = 0; i < 2500; i++) log.push(upsert(`cm-${i}`));
    log.flush();
    expect(log.seq).toBe(2);
    expect(log.since(1)).toBeUndefined();
    expect(log.since(2)).toEqual([]);
  });

  it('keeps no batch before a seq was handed out: nobody can resume from before it', () => {
    const log = new ChangeLog();
    for (let i = 0; i < 3; i++) {
      log.push(upsert(`sync-${i}`, 'x'.repeat(2000)));
      log.flush();
    }
    expect(log.seq).toBe(3);
    // A resume point older than the first hand-out can only come from elsewhere: a reset, not a replay.
    expect(log.since(1)).toBeUndefined();
    const point = log.handOut();
    expect(point).toBe(3);
    log.push(upsert('after'));
    log.flush();
    expect(log.since(point)?.map(f => f.seq)).toEqual([4]);
  });

  it('still sends a huge batch to listeners', () => {
    const log = new ChangeLog();
    const frames: number[] = [];
    log.subscribe(f => frames.push(f.seq));
    for (let i = 0; i < 2500; i++) log.push(upsert(`cm-${i}`));
    log.flush();
    expect(frames).toEqual([1]);
  });
});
