/**
 * The API server misbehaves; the server (and a browser-like SSE mirror) must converge to its truth object by
 * object, without tight retry loops. Each test prints `[fault] ...: recovered in N ms` for docs/faults.md.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { type Bed, churn, converge, report, sleep, startBed, waitFor } from './support.js';

let bed: Bed | undefined;
afterEach(async () => {
  await bed?.stop();
  bed = undefined;
});

const watchOf = (st: { watches: Array<{ kind: string; restarts: number; relists: number }> }, kind: string) =>
  st.watches.find(w => w.kind === kind)!;
const totalRelists = (st: { watches: Array<{ relists: number }> }) =>
  st.watches.reduce((n, w) => n + w.relists, 0);

describe('API server faults', () => {
  it('restart (history kept): unreachable while down, then resumes from the last resourceVersion without a relist', async () => {
    bed = await startBed();
    const b = bed;
    const relists = totalRelists(await b.status());
    const restarted = b.cluster.faults.apply({ type: 'restart', downMs: 1500 });
    await waitFor(async () => (await b.status()).connection.state === 'unreachable', 5000, 'unreachable');
    const shown = (await b.status()).connection.message ?? '';
    expect(shown).toMatch(/cannot reach https:\/\/127\.0\.0\.1:\d+/);
    churn(b.cluster, 'while-down');
    await restarted;
    const back = Date.now();
    await converge(b);
    await waitFor(async () => (await b.status()).connection.state === 'connected', 10_000, 'connected');
    const recovery = Date.now() - back;
    expect(recovery).toBeLessThan(10_000);
    expect(totalRelists(await b.status())).toBe(relists);
    report('API server restart (1.5 s down)', recovery, `"unreachable: ${shown}" then live, no relist`);
  });

  it('a long outage: once the API server is back, every kind is live again together, not after its own backoff', async () => {
    bed = await startBed();
    const b = bed;
    // 9 s down: each watch has failed 3-4 times, so its own backoff has grown to 4-8 s (jittered).
    const restarted = b.cluster.faults.apply({ type: 'restart', downMs: 9000 });
    await waitFor(async () => (await b.status()).connection.state === 'unreachable', 5000, 'unreachable');
    churn(b.cluster, 'long-outage');
    await restarted;
    const back = Date.now();
    await converge(b);
    const recovery = Date.now() - back;
    // Without the wake-up this is the slowest kind's remaining backoff: measured 2.2, 3.0 and 4.6 s; with it
    // 0.4-0.9 s.
    expect(recovery).toBeLessThan(2000);
    report('API server down 9 s', recovery, 'every kind resumes when the first request gets through');
  });

  it('restart that forgets history: resumes get 410 Gone, every kind relists once and converges', async () => {
    bed = await startBed();
    const b = bed;
    const relists = watchOf(await b.status(), 'Kustomization').relists;
    churn(b.cluster, 'before');
    await converge(b);
    const restarted = b.cluster.faults.apply({ type: 'restart', downMs: 500, forgetHistory: true });
    churn(b.cluster, 'while-down');
    await restarted;
    const back = Date.now();
    await converge(b);
    await waitFor(
      async () => watchOf(await b.status(), 'Kustomization').relists > relists,
      10_000,
      'relist after 410',
    );
    const recovery = Date.now() - back;
    report(
      'API server restart, watch cache lost (410 on resume)',
      recovery,
      'unreachable, then live after one relist per kind',
    );
  });

  it('watch streams cut mid-event: partial lines are dropped, watches resume, nothing is lost', async () => {
    bed = await startBed();
    const b = bed;
    await b.cluster.faults.apply({ type: 'cut-watches', midEvent: true });
    churn(b.cluster, 'after-cut');
    const recovery = await converge(b);
    const st = await b.status();
    expect(st.connection.state).toBe('connected');
    expect(b.mirror.objects.has('apps/Deployment/default/cut-mid-event')).toBe(false);
    report('watch stream cut mid-event', recovery, 'nothing (stays Live)');
  });

  it('a watch that goes quiet (no events, no bookmarks) is restarted after the silence limit', async () => {
    bed = await startBed({}, { watchSilenceMs: 1500 });
    const b = bed;
    const restarts = watchOf(await b.status(), 'Kustomization').restarts;
    // The open watches stall; new ones are healthy (clear right away), as with a stuck proxy connection.
    await b.cluster.faults.apply({ type: 'quiet-watches', kinds: ['Kustomization'] });
    b.cluster.faults.clear();
    churn(b.cluster, 'during-silence');
    const recovery = await converge(b, { timeoutMs: 10_000 });
    expect(watchOf(await b.status(), 'Kustomization').restarts).toBeGreaterThan(restarts);
    // Restarted 1.5 s after its last bookmark (one a second), which came up to 1 s before the fault.
    expect(recovery).toBeGreaterThan(400);
    report(
      'quiet watch (silence limit 1.5 s in the test, 2 min default)',
      recovery,
      'nothing; the change arrived after the silence limit',
    );
  });

  it('410 Gone on every resume for 3 s (even right after a list): backs off, then relists once and converges', async () => {
    bed = await startBed();
    const b = bed;
    const before = (await b.status()).watches;
    await b.cluster.faults.apply({ type: 'gone-on-resume' });
    await b.cluster.faults.apply({ type: 'cut-watches' });
    churn(b.cluster, 'gone');
    await sleep(3000);
    b.cluster.faults.clear();
    const cleared = Date.now();
    await converge(b);
    const recovery = Date.now() - cleared;
    const after = (await b.status()).watches;
    const perKind = after.map(w => w.relists - before.find(x => x.kind === w.kind)!.relists);
    // Backoff from 1 s with jitter: at most ~4 relists per kind in 3 s, never a relist storm.
    expect(Math.max(...perKind)).toBeLessThanOrEqual(5);
    expect(Math.min(...perKind)).toBeGreaterThanOrEqual(1);
    report(
      '410 Gone on every resume for 3 s',
      recovery,
      `nothing (stays Live); at most ${Math.max(...perKind)} relists per kind`,
    );
  });

  for (const fault of ['throttle', 'error'] as const) {
    it(`${fault === 'throttle' ? '429' : '503'} with Retry-After on everything: backs off with jitter, then converges`, async () => {
      bed = await startBed();
      const b = bed;
      await b.cluster.faults.apply(
        fault === 'throttle'
          ? { type: 'throttle', retryAfterSeconds: 1 }
          : { type: 'error', retryAfterSeconds: 1 },
      );
      const from = Date.now();
      await b.cluster.faults.apply({ type: 'cut-watches' });
      churn(b.cluster, fault);
      await sleep(4000);
      const watched = (await b.status()).watches.length;
      const seen = b.cluster.faults.count(r => r.kind !== undefined, from);
      const perKind = seen / watched;
      const st = await b.status();
      const shown = st.kinds.filter(k => k.errorCode === 'watch-error').length;
      b.cluster.faults.clear();
      const cleared = Date.now();
      await converge(b);
      const recovery = Date.now() - cleared;
      // 4 s at Retry-After 1 s and backoff from 1 s: a handful of tries per kind, not hundreds.
      expect(perKind).toBeLessThanOrEqual(6);
      expect(shown).toBeGreaterThan(0);
      report(
        `${fault === 'throttle' ? '429' : '503'} + Retry-After: 1 for 4 s`,
        recovery,
        `"Watching <kinds> failed: ... (HTTP ${fault === 'throttle' ? 429 : 503})" banner; ${perKind.toFixed(1)} requests per kind in 4 s`,
      );
    });
  }

  it('slow API server (1 s per request): cold start and resume still converge', async () => {
    bed = await startBed({ faults: [{ type: 'slow', delayMs: 1000 }] });
    const b = bed;
    await b.cluster.faults.apply({ type: 'cut-watches' });
    churn(b.cluster, 'slow');
    const recovery = await converge(b);
    report('slow responses (1 s each)', recovery, 'nothing (stays Live), changes 1 s late');
  });
});
