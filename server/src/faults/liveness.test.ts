/**
 * An API server that hangs, and permissions that come back: what the dashboard says while the API server
 * is silent (stale, not "Live"), and how soon a kind allowed again is live. Against the demo cluster.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { type Bed, converge, report, sleep, startBed, waitFor } from './support.js';

let bed: Bed | undefined;
afterEach(async () => {
  await bed?.stop();
  bed = undefined;
});

describe('API server liveness', () => {
  it('a hung API server (open sockets, no bytes, requests never answered) shows as stale in status, metrics and the stream, then live again', async () => {
    // Silence limit 4 s: stale after 3 s; the demo cluster sends bookmarks every 0.5 s while healthy.
    bed = await startBed({ bookmarkIntervalMs: 500 }, { watchSilenceMs: 4000 });
    const b = bed;
    expect((await b.status()).connection.stale).toBeUndefined();
    // Like SIGSTOP: open watches stop sending, and every new request (watches too: not even headers) waits
    // far longer than the test.
    await b.cluster.faults.apply({ type: 'quiet-watches' });
    b.cluster.faults.clear();
    await b.cluster.faults.apply({ type: 'slow', delayMs: 30_000 });
    const hung = Date.now();
    await waitFor(async () => (await b.status()).connection.stale === true, 8000, 'stale');
    const shown = Date.now() - hung;
    expect(shown).toBeGreaterThanOrEqual(2400);
    expect(shown).toBeLessThan(5000);
    const st = await b.status();
    expect(st.connection).toMatchObject({ state: 'connected', stale: true });
    expect(Date.parse(st.connection.lastHeard!)).toBeLessThanOrEqual(hung + 100);
    expect((st as unknown as { readyReasons: string[] }).readyReasons.join(' ')).toMatch(
      /connection stale: nothing heard from the API server for \d+ s/,
    );
    const metrics = await b.metrics();
    expect(metrics).toContain('fluxscope_connection_stale 1');
    expect(metrics).toMatch(/fluxscope_api_silence_seconds [3-9]\./);
    await waitFor(() => b.mirror.connection?.stale === true, 2000, 'stale on the stream');
    report(
      'API server hung (no bytes, no answers)',
      shown,
      '"Stale: API server silent for Ns" instead of Live',
    );
    // Past the silence limit the watches restart, and their new requests hang too: still stale, not Live.
    await sleep(Math.max(0, hung + 6500 - Date.now()));
    expect((await b.status()).connection).toMatchObject({ state: 'connected', stale: true });

    // The API server answers again: the watches, restarted at the silence limit, bring it back.
    b.cluster.faults.clear();
    const resumed = Date.now();
    await waitFor(async () => (await b.status()).connection.stale === undefined, 10_000, 'live again');
    await waitFor(() => b.mirror.connection?.stale === undefined, 2000, 'live on the stream');
    expect(await b.metrics()).toContain('fluxscope_connection_stale 0');
    await converge(b);
    report(
      'hung API server answering again',
      Date.now() - resumed,
      'Stale, then Live at the next watch restart',
    );
  });

  it('a kind forbidden for a while and then allowed is live within 10 s; others allowed with it come back together', async () => {
    bed = await startBed({
      faults: [{ type: 'forbid', kinds: ['HelmRelease', 'GitRepository'] }],
    });
    const b = bed;
    const forbidden = async () =>
      (await b.status()).kinds.filter(k => k.errorCode === 'forbidden').map(k => k.kind);
    expect((await forbidden()).sort()).toEqual(['GitRepository', 'HelmRelease']);
    // Long enough for the retry delay to reach its cap (1, 2, 4, 8 s, jittered).
    const since = Date.now();
    await sleep(16_000);
    const tries = b.cluster.faults.count(r => r.kind === 'HelmRelease' && r.faulted === 403, since);
    // No tight loop: about log2(16) tries in 16 s, not one a second.
    expect(tries).toBeGreaterThanOrEqual(3);
    expect(tries).toBeLessThanOrEqual(8);

    b.cluster.faults.clear();
    const allowed = Date.now();
    const back = new Map<string, number>();
    await waitFor(
      async () => {
        for (const k of (await b.status()).kinds)
          if ((k.kind === 'HelmRelease' || k.kind === 'GitRepository') && k.synced && !back.has(k.kind))
            back.set(k.kind, Date.now() - allowed);
        return back.size === 2;
      },
      12_000,
      'both kinds live',
    );
    const [first, second] = [...back.values()].sort((x, y) => x - y) as [number, number];
    expect(second).toBeLessThan(10_000);
    // The first kind allowed again wakes the other instead of leaving it to its own 4-8 s retry.
    expect(second - first).toBeLessThan(1500);
    await converge(b);
    report(
      '403 lifted on HelmRelease and GitRepository (after 16 s forbidden)',
      second,
      `"No permission" until then; the second kind ${second - first} ms after the first`,
    );
  });
});
