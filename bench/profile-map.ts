/**
 * Developer tool: where a map pan's time goes. Loads the map (built server and web app, synthetic cluster,
 * Chromium with software rendering as in the benches), waits for it to be interactive, then records the
 * browser bench's 2 s pan twice: once with a V8 CPU profile (the page's functions with the most self time),
 * once with a Chromium trace (self time per trace event on the page's main thread: script, style, layout,
 * paint, ...; and the raster and compositor threads' totals).
 *   node bench/profile-map.ts                         # 2,014 Flux objects, as browser-bench.ts
 *   node bench/profile-map.ts --size 10000 --query group=none
 * Writes the profile and the trace to a temp dir (printed) for Chromium's DevTools.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from '@playwright/test';
import { startDemoCluster } from '@fluxscope/demo-cluster';
import { INSTRUMENT, loadMap, pan } from './browser-bench.ts';
import { load1 } from './lib/machine.ts';
import { ROOT, startServer } from './lib/proc.ts';
import { type Profile, topSelf } from './lib/profile.ts';
import { round } from './lib/stats.ts';
import { warmStoreJson } from './server-bench.ts';

const SHAPES: Record<string, { objects: number; kustomizations: number; helmReleases: number }> = {
  '2000': { objects: 5_000, kustomizations: 700, helmReleases: 650 },
  '10000': { objects: 20_000, kustomizations: 3_400, helmReleases: 3_270 },
};

const { values } = parseArgs({
  options: {
    size: { type: 'string', default: '2000' },
    query: { type: 'string', default: '' },
    'no-trace': { type: 'boolean', default: false },
  },
});
const shape = SHAPES[values.size];
if (!shape) throw new Error(`--size: one of ${Object.keys(SHAPES).join(', ')}`);

/** Thrown to end the run early (--no-trace), through the cleanup below. */
class Done extends Error {}

interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  args?: { name?: string };
}

/** Self time (ms) per event name on each named thread, from the complete ('X') events. */
function selfTimes(events: TraceEvent[]): Map<string, Map<string, number>> {
  const threadNames = new Map<string, string>();
  for (const e of events)
    if (e.ph === 'M' && e.name === 'thread_name') threadNames.set(`${e.pid}:${e.tid}`, e.args?.name ?? '');
  const byThread = new Map<string, TraceEvent[]>();
  for (const e of events) {
    if (e.ph !== 'X' || e.dur === undefined) continue;
    const key = `${e.pid}:${e.tid}`;
    const list = byThread.get(key);
    if (list) list.push(e);
    else byThread.set(key, [e]);
  }
  const out = new Map<string, Map<string, number>>();
  for (const [key, list] of byThread) {
    const thread = threadNames.get(key) ?? key;
    const sums = out.get(thread) ?? new Map<string, number>();
    out.set(thread, sums);
    list.sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
    const stack: Array<{ e: TraceEvent; child: number }> = [];
    const close = (upTo: number) => {
      while (stack.length && stack[stack.length - 1]!.e.ts + (stack[stack.length - 1]!.e.dur ?? 0) <= upTo) {
        const top = stack.pop()!;
        const self = (top.e.dur ?? 0) - top.child;
        sums.set(top.e.name, (sums.get(top.e.name) ?? 0) + self / 1000);
      }
    };
    for (const e of list) {
      close(e.ts);
      const parent = stack[stack.length - 1];
      if (parent) parent.child += e.dur ?? 0;
      stack.push({ e, child: 0 });
    }
    close(Number.POSITIVE_INFINITY);
  }
  return out;
}

const cluster = await startDemoCluster({ synthetic: shape, periodic: false });
warmStoreJson(cluster);
const dir = mkdtempSync(join(tmpdir(), 'fluxscope-map-prof-'));
await cluster.writeKubeconfig(join(dir, 'kubeconfig'));
const server = await startServer({
  kubeconfigPath: join(dir, 'kubeconfig'),
  extraArgs: ['--static-dir', `${ROOT}web/dist`],
});
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.addInitScript(INSTRUMENT);
  const url = `${server.url}/${values.query ? `?${values.query}` : ''}`;
  await loadMap(page, url); // warms the caches
  const { interactiveMs } = await loadMap(page, url);
  const nodes = await page.evaluate<number>("document.querySelectorAll('.fnode').length");
  const elements = await page.evaluate<number>("document.querySelectorAll('*').length");
  console.log(
    `load ${load1()}; interactive ${Math.round(interactiveMs)} ms; ${nodes} nodes, ${elements} elements`,
  );

  const cdp = await page.context().newCDPSession(page);
  // Composited layers: each one is rastered and drawn on its own, so their count and size matter. Counted at
  // rest and with the pointer on the node under the screen's centre, where the pan begins (a hover highlights
  // that node's chain and dims the rest of the map).
  type Layer = { width: number; height: number; drawsContent: boolean };
  let latest: Layer[] = [];
  cdp.on('LayerTree.layerTreeDidChange', e => {
    if (e.layers) latest = e.layers as never;
  });
  await cdp.send('LayerTree.enable');
  const size = page.viewportSize() ?? { width: 1440, height: 900 };
  const report = (when: string) => {
    const drawing = latest.filter(l => l.drawsContent);
    const area = (l: Layer) => l.width * l.height;
    console.log(
      `${when}: ${latest.length} composited layers, ${drawing.length} drawing content; largest ${drawing
        .sort((x, y) => area(y) - area(x))
        .slice(0, 5)
        .map(l => `${Math.round(l.width)}x${Math.round(l.height)}`)
        .join(', ')}`,
    );
  };
  await page.mouse.move(10, size.height - 10);
  await page.waitForTimeout(800);
  report('at rest');
  const t0 = await page.evaluate<number>('performance.now()');
  await page.mouse.move(size.width / 2, size.height / 2);
  await page.waitForTimeout(800);
  report('hovered');
  await page.mouse.move(10, size.height - 10);
  await page.waitForTimeout(500);
  const hoverTasks = await page.evaluate<number[]>(
    `window.__longTasks.filter(t => t[0] > ${t0}).map(t => Math.round(t[1]))`,
  );
  console.log(`long tasks of the hover and its end: ${hoverTasks.join(', ') || 'none'} ms`);
  await cdp.send('LayerTree.disable');
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  const a = await pan(page);
  const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: Profile };
  writeFileSync(join(dir, 'pan.cpuprofile'), JSON.stringify(profile));
  console.log(`profile: ${join(dir, 'pan.cpuprofile')}`);
  console.log(
    `pan (profiled): ${round((a.frames / a.ms) * 1000)} fps, ${a.longDuringPan} long tasks, longest ${Math.round(a.longestMs)} ms`,
  );
  console.log('--- JS self time during the pan (idle and program included)');
  for (const line of topSelf(profile, 30)) console.log(line);

  if (values['no-trace']) throw new Done();
  await browser.startTracing(page, {
    // A few categories only: `cc`, `viz` or `blink` slow software rendering down so much the pan is no
    // longer the one measured.
    categories: ['devtools.timeline', 'toplevel', 'v8.execute'],
  });
  const b = await pan(page);
  const buffer = await browser.stopTracing();
  writeFileSync(join(dir, 'pan.trace.json'), buffer);
  console.log(
    `pan (traced): ${round((b.frames / b.ms) * 1000)} fps, ${b.longDuringPan} long tasks, longest ${Math.round(b.longestMs)} ms`,
  );
  const trace = JSON.parse(buffer.toString('utf8')) as { traceEvents: TraceEvent[] };
  for (const [thread, sums] of selfTimes(trace.traceEvents)) {
    const total = [...sums.values()].reduce((x, y) => x + y, 0);
    if (total < 50) continue;
    console.log(`--- ${thread}: ${Math.round(total)} ms of events (self time)`);
    for (const [name, ms] of [...sums].sort((x, y) => y[1] - x[1]).slice(0, 14))
      console.log(`${ms.toFixed(0).padStart(8)} ms  ${name}`);
  }
  console.log(`profile and trace in ${dir}`);
} catch (err) {
  if (!(err instanceof Done)) throw err;
} finally {
  await browser.close();
  await server.stop();
  await cluster.stop();
}
process.exit(0);
