import { FLUX_KINDS, type KindInfo } from '@fluxscope/shared';
import { describe, expect, it } from 'vitest';
import { type Discovered, kindKey } from './discovery.js';
import { DiscoveryLoop, type DiscoveryHandler } from './discovery-loop.js';
import { waitFor } from '../test-support/wait.js';

const KS = FLUX_KINDS.find(k => k.kind === 'Kustomization') as KindInfo;
const HR = FLUX_KINDS.find(k => k.kind === 'HelmRelease') as KindInfo;
const served = (version: string): Discovered => ({
  status: 'served',
  version,
  plural: 'x',
  namespaced: true,
});

/** A handler that records what it was told and keeps the watched versions the way the cache does. */
function recorder() {
  const watched = new Map<string, string>();
  const calls: string[] = [];
  const handler: DiscoveryHandler = {
    watchedVersion: key => watched.get(key),
    serve: (info, found) => {
      watched.set(kindKey(info), found.version);
      calls.push(`serve ${info.kind} ${found.version}`);
    },
    remove: info => {
      watched.delete(kindKey(info));
      calls.push(`remove ${info.kind}`);
    },
    unavailable: (info, found) => calls.push(`${found.status} ${info.kind}`),
    succeeded: fluxMissing => calls.push(`ok${fluxMissing ? ' fluxMissing' : ''}`),
    failed: err => calls.push(`failed ${(err as Error).message}`),
  };
  return { handler, calls };
}

describe('DiscoveryLoop', () => {
  it('serves new kinds once, restarts on a version change, and names forbidden and missing ones', async () => {
    const answers: Array<Map<string, Discovered>> = [
      new Map([
        [kindKey(KS), served('v1')],
        [kindKey(HR), { status: 'forbidden', message: 'no' }],
      ]),
      new Map([[kindKey(KS), served('v1')]]),
      new Map([[kindKey(KS), served('v2')]]),
    ];
    let round = 0;
    const { handler, calls } = recorder();
    const loop = new DiscoveryLoop(async () => answers[Math.min(round++, 2)]!, [KS, HR], handler, {
      intervalMs: 5,
    });
    loop.start();
    await waitFor(() => round > 3, 2000, 'four rounds');
    loop.stop();
    expect(loop.discovered).toBe(true);
    expect(calls.slice(0, 8)).toEqual([
      'serve Kustomization v1',
      'forbidden HelmRelease',
      'ok',
      'not-served HelmRelease',
      'ok',
      'serve Kustomization v2',
      'not-served HelmRelease',
      'ok',
    ]);
  });

  it('a watched kind must be missing twice, vanishedConfirmMs apart, before it is removed', async () => {
    let now = 0;
    let round = 0;
    const { handler, calls } = recorder();
    const loop = new DiscoveryLoop(
      async () => (round++ === 0 ? new Map([[kindKey(KS), served('v1')]]) : new Map()),
      [KS],
      handler,
      { intervalMs: 5, vanishedConfirmMs: 2000, vanishedRecheckMs: 5, now: () => now },
    );
    loop.start();
    await waitFor(() => round >= 4, 2000, 'rounds while missing');
    expect(calls).not.toContain('remove Kustomization');
    now = 2500;
    await waitFor(() => calls.includes('remove Kustomization'), 2000, 'removed');
    loop.stop();
    expect(calls.filter(c => c === 'remove Kustomization')).toHaveLength(1);
    expect(calls).toContain('not-served Kustomization');
  });

  it('fails, backs off (about 1 s first), and runs at once when woken', async () => {
    let round = 0;
    const { handler, calls } = recorder();
    const loop = new DiscoveryLoop(
      async () => {
        if (round++ === 0) throw new Error('connect ECONNREFUSED');
        return new Map([[kindKey(KS), served('v1')]]);
      },
      [KS],
      handler,
      { intervalMs: 60_000 },
    );
    loop.start();
    await waitFor(() => calls.length === 1, 2000, 'first failure');
    expect(calls).toEqual(['failed connect ECONNREFUSED']);
    const woken = Date.now();
    loop.wake();
    await waitFor(() => calls.includes('ok fluxMissing') || calls.includes('ok'), 2000, 'second round');
    expect(Date.now() - woken).toBeLessThan(400);
    loop.stop();
  });
});
