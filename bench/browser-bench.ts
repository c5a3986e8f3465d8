/**
 * Browser benches on Debian's Chromium through Playwright, against the built server and web app on a synthetic
 * cluster of about 2,000 Flux objects:
 *  5. the map: first render (first node in the DOM) and time to interactive (nodes rendered and the main
 *     thread quiet: no long task for 500 ms), both from navigation start: one cold load (new browser),
 *     then the median of 4 warm ones; frame rate while panning.
 *  4. change to screen: the bench writes status changes into the demo cluster's store (Ready flips on
 *     Kustomizations that are on screen) at 20 and 200 changes/s, each with a unique message
 *     `bench change <i>`; the page stamps when a node's class or title (which shows the message) changes,
 *     at the next animation frame (the repaint). A latency is write i -> first paint showing message i. A
 *     write overwritten by a later write to the same node before it was painted is not a sample: it is
 *     counted as coalesced; a node's last write never painted counts as missed. Both clocks are this
 *     machine's Date.now().
 *   node bench/browser-bench.ts
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from '@playwright/test';
import { load1, machineInfo } from './lib/machine.ts';
import { ROOT, startServer } from './lib/proc.ts';
import { round, sleep, summarize } from './lib/stats.ts';
import { startDemoCluster } from '@fluxscope/demo-cluster';
import { warmStoreJson } from './server-bench.ts';

const SHAPE = { objects: 5_000, kustomizations: 700, helmReleases: 650 };
const KS_GK = 'kustomize.toolkit.fluxcd.io/Kustomization';

/** Installed before any page script: long tasks, and a stamp per node class or title change at the next frame. */
export const INSTRUMENT = `
  window.__longTasks = [];
  new PerformanceObserver(l => { for (const e of l.getEntries()) window.__longTasks.push([e.startTime, e.duration]); })
    .observe({ type: 'longtask', buffered: true });
  window.__seen = [];
  window.__watch = () => {
    const mo = new MutationObserver(records => {
      const changed = [];
      for (const r of records) {
        const el = r.target;
        if (!(el instanceof HTMLElement) || !el.classList.contains('fnode')) continue;
        const m = /st-(\\w+)/.exec(el.className);
        const marker = /bench change (\\d+)/.exec(el.title ?? '');
        const name = el.querySelector('.fnode__name')?.textContent;
        if (m && name) changed.push([name, m[1], marker ? Number(marker[1]) : -1]);
      }
      if (changed.length) requestAnimationFrame(() => { const t = Date.now(); for (const c of changed) window.__seen.push([c[0], c[1], c[2], t]); });
    });
    mo.observe(document.body, { subtree: true, attributes: true, attributeFilter: ['class', 'title'] });
  };
`;

/** One load of the map: first node in the DOM, and the end of the last long task before 500 ms without one. */
export async function loadMap(
  page: Page,
  url: string,
): Promise<{ firstRenderMs: number; interactiveMs: number }> {
  await page.goto(url, { waitUntil: 'commit' });
  await page.waitForSelector('.fnode', { timeout: 180_000 });
  const firstRenderMs = await page.evaluate<number>('performance.now()');
  let interactiveMs = firstRenderMs;
  for (let i = 0; i < 60; i++) {
    await sleep(250);
    const r = await page.evaluate<[number, number]>(`(() => {
      const t = window.__longTasks; const last = t.length ? t[t.length - 1] : [0, 0];
      return [Math.max(${firstRenderMs}, last[0] + last[1]), performance.now()];
    })()`);
    interactiveMs = r[0];
    if (r[1] - r[0] >= 500) break;
  }
  return { firstRenderMs, interactiveMs };
}

/**
 * Loads of the map measured. The first is cold (a new browser: no HTTP or V8 code cache, as on a first
 * visit); the others are warm (a returning user, or a reload), and their median is the figure.
 */
const MAP_LOADS = 5;

/**
 * Panning: drag the pane for ~2 s while counting animation frames in the page; the long tasks that started
 * meanwhile are counted too (and the longest is returned).
 */
export async function pan(
  page: Page,
): Promise<{ frames: number; ms: number; longDuringPan: number; longestMs: number }> {
  // Panning: drag the pane for ~2 s while counting animation frames in the page.
  const size = page.viewportSize() ?? { width: 1280, height: 800 };
  await page.evaluate(
    `(() => { window.__frames = 0; const f = () => { window.__frames++; window.__raf = requestAnimationFrame(f); }; f(); window.__t0 = performance.now(); })()`,
  );
  const cx = size.width / 2;
  const cy = size.height / 2;
  try {
    await page.mouse.move(cx, cy);
    await page.mouse.down();
    // 120 pointer moves; each waits for the page to take the input, so a slow page pans (and counts) slowly.
    for (let i = 0; i < 4; i++) {
      await page.mouse.move(cx + 300, cy + 150, { steps: 15 });
      await page.mouse.move(cx - 300, cy - 150, { steps: 15 });
    }
    await page.mouse.up();
  } catch (err) {
    process.stderr.write(`  panning failed: ${String(err).slice(0, 300)}\n`);
  }
  const [frames, ms] = await page.evaluate<[number, number]>(
    `(() => { cancelAnimationFrame(window.__raf); return [window.__frames, performance.now() - window.__t0]; })()`,
  );
  const t0 = await page.evaluate<number>('window.__t0');
  const [longDuringPan, longestMs] = await longTasksSince(page, t0);
  return { frames, ms, longDuringPan, longestMs };
}

/** The long tasks (INSTRUMENT) that started after `t0` (performance.now()): how many, and the longest (ms). */
export async function longTasksSince(page: Page, t0: number): Promise<[number, number]> {
  return page.evaluate<[number, number]>(
    `(() => { const t = window.__longTasks.filter(t => t[0] > ${t0}); return [t.length, Math.max(0, ...t.map(x => x[1]))]; })()`,
  );
}

async function mapFigures(page: Page, url: string): Promise<Record<string, number>> {
  const loads: Array<{ firstRenderMs: number; interactiveMs: number }> = [];
  for (let i = 0; i < MAP_LOADS; i++) loads.push(await loadMap(page, url));
  const cold = loads[0]!;
  const warm = loads.slice(1);
  const firstRenderMs = summarize(warm.map(l => l.firstRenderMs)).p50;
  const interactiveMs = summarize(warm.map(l => l.interactiveMs)).p50;
  process.stderr.write(
    `  map loads: first render ${loads.map(l => Math.round(l.firstRenderMs)).join(', ')} ms; interactive ${loads.map(l => Math.round(l.interactiveMs)).join(', ')} ms (the first cold)\n`,
  );
  const rendered = await page.evaluate<number>("document.querySelectorAll('.fnode').length");
  process.stderr.write(
    `  map: first render ${Math.round(firstRenderMs)} ms, interactive ${Math.round(interactiveMs)} ms, ${rendered} nodes in DOM\n`,
  );
  const { frames, ms, longDuringPan } = await pan(page);
  return {
    warmLoads: warm.length,
    firstRenderMs: Math.round(firstRenderMs),
    interactiveMs: Math.round(interactiveMs),
    firstRenderMinMs: Math.round(Math.min(...warm.map(l => l.firstRenderMs))),
    firstRenderMaxMs: Math.round(Math.max(...warm.map(l => l.firstRenderMs))),
    coldFirstRenderMs: Math.round(cold.firstRenderMs),
    coldInteractiveMs: Math.round(cold.interactiveMs),
    panFps: round((frames / ms) * 1000),
    panSeconds: round(ms / 1000),
    longTasksWhilePanning: longDuringPan,
    nodesInDom: rendered,
  };
}

async function changeToScreen(
  page: Page,
  store: {
    update(
      gk: string,
      ns: string,
      name: string,
      fn: (d: { status?: Record<string, unknown> }) => void,
    ): unknown;
  },
  perSecond: number,
  seconds: number,
): Promise<Record<string, number>> {
  const names = await page.evaluate<string[]>(
    `[...document.querySelectorAll('.fnode')].filter(e => /st-ready/.test(e.className) && e.closest('.react-flow__node')?.getAttribute('aria-label')?.startsWith('Kustomization ')).map(e => e.querySelector('.fnode__name')?.textContent).filter(n => n && n.startsWith('app-'))`,
  );
  const pool = names.slice(0, Math.max(20, Math.min(names.length, perSecond)));
  if (pool.length === 0) throw new Error('no Kustomization on screen to change');
  await page.evaluate('(() => { window.__seen = []; window.__watch(); })()');
  /** Per write i: the node written and when (Date.now() after the store took it). */
  const writes: Array<{ name: string; at: number }> = [];
  const failing = new Set<string>();
  const total = perSecond * seconds;
  const t0 = performance.now();
  for (let i = 0; i < total; i++) {
    const due = t0 + (i * 1000) / perSecond;
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    const name = pool[i % pool.length]!;
    const fail = !failing.has(name);
    if (fail) failing.add(name);
    else failing.delete(name);
    const at = new Date().toISOString();
    store.update(KS_GK, 'flux-system', name, d => {
      const status = (d.status ??= {});
      const conditions = (status['conditions'] as Array<Record<string, unknown>> | undefined) ?? [];
      status['conditions'] = conditions.map(c =>
        c['type'] === 'Ready'
          ? fail
            ? {
                ...c,
                status: 'False',
                reason: 'BenchFailure',
                message: `bench change ${i}`,
                lastTransitionTime: at,
              }
            : {
                ...c,
                status: 'True',
                reason: 'ReconciliationSucceeded',
                message: `bench change ${i}`,
                lastTransitionTime: at,
              }
          : c,
      );
    });
    writes.push({ name, at: Date.now() });
  }
  await sleep(2000);
  const seen = await page.evaluate<Array<[string, string, number, number]>>('window.__seen');
  // First paint showing each write's own message: pairs a paint with exactly the write it shows.
  const paintedAt = new Map<number, number>();
  for (const [name, , marker, t] of seen) {
    if (marker >= 0 && writes[marker]?.name === name && !paintedAt.has(marker)) paintedAt.set(marker, t);
  }
  const lastWriteTo = new Map<string, number>();
  writes.forEach((w, i) => lastWriteTo.set(w.name, i));
  const latencies: number[] = [];
  let coalesced = 0;
  let missed = 0;
  writes.forEach((w, i) => {
    const painted = paintedAt.get(i);
    if (painted !== undefined) latencies.push(painted - w.at);
    else if (lastWriteTo.get(w.name) !== i)
      coalesced++; // overwritten by a later write before any paint
    else missed++;
  });
  const s = summarize(latencies);
  return {
    perSecond,
    writes: total,
    matched: s.n,
    coalesced,
    missed,
    p50: round(s.p50),
    p95: round(s.p95),
    max: round(s.max),
    pool: pool.length,
    load1: load1(),
  };
}

export async function browserBench(): Promise<Record<string, unknown>> {
  const record: Record<string, unknown> = { ...SHAPE, machine: machineInfo(), loadStart: load1() };
  const cluster = await startDemoCluster({ synthetic: SHAPE, periodic: false, changeLogSize: 50_000 });
  warmStoreJson(cluster);
  const dir = mkdtempSync(join(tmpdir(), 'fluxscope-browser-'));
  await cluster.writeKubeconfig(join(dir, 'kubeconfig'));
  const server = await startServer({
    kubeconfigPath: join(dir, 'kubeconfig'),
    extraArgs: ['--static-dir', `${ROOT}web/dist`],
  });
  let browser: Browser | undefined;
  try {
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    const events = page as unknown as { on(e: string, f: (x: unknown) => void): void };
    events.on('crash', () => process.stderr.write('  page crashed\n'));
    events.on('pageerror', e => process.stderr.write(`  page error: ${String(e)}\n`));
    await (page as unknown as { addInitScript(s: string): Promise<void> }).addInitScript(INSTRUMENT);
    const map = await mapFigures(page, `${server.url}/`).catch((err: unknown) => {
      process.stderr.write(`  map failed: ${String(err).slice(0, 400)}\n`);
      throw err;
    });
    record['map'] = {
      ...map,
      fluxObjects: SHAPE.kustomizations + 2 * SHAPE.helmReleases + Math.ceil(SHAPE.helmReleases / 50) + 1,
      load1: load1(),
    };
    process.stderr.write(`  map ${JSON.stringify(record['map'])}\n`);
    for (const rate of [20, 200]) {
      const store = (cluster as unknown as { store: Parameters<typeof changeToScreen>[1] }).store;
      try {
        record[`changeToScreen${rate}`] = await changeToScreen(page, store, rate, rate === 20 ? 15 : 5);
      } catch (err) {
        process.stderr.write(`  change to screen at ${rate}/s failed: ${String(err).slice(0, 400)}\n`);
      }
      process.stderr.write(`  change to screen ${JSON.stringify(record[`changeToScreen${rate}`])}\n`);
    }
  } finally {
    await browser?.close();
    await server.stop();
    await cluster.stop();
  }
  return record;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = await browserBench();
  mkdirSync(`${ROOT}bench/out`, { recursive: true });
  writeFileSync(`${ROOT}bench/out/browser.json`, JSON.stringify(result, null, 2));
  console.log(JSON.stringify(result, null, 2));
  process.exit(0);
}
