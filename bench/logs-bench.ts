/**
 * Logs benches (Chromium through Playwright, the built server and web app, the demo cluster's pods/log):
 *  L1. time from a click on the Logs tab to the first line on screen, on a running Pod (150-line log, the
 *      tab's default tail of 1,000 lines): median of 7 clicks, each after leaving the tab (stream closed).
 *  L2. a 50,000-line log loaded whole (tail 100,000) and followed for a minute at 50 lines/s: the tab's
 *      memory (JS heap after GC, and the renderer processes' RSS) and the server's (RSS and heap after GC)
 *      sampled every 10 s.
 *   node bench/logs-bench.ts [--follow-seconds 60] [--rate 50]
 * Writes bench/out/logs.json and the logs section of bench/results.md.
 */
import { createRequire } from 'node:module';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { startDemoCluster } from '@fluxscope/demo-cluster';
import { logsSection, spliceLogsSection } from './lib/logs-report.ts';
import { load1, machineInfo } from './lib/machine.ts';
import { ROOT, procStats, startServer } from './lib/proc.ts';
import { mb, round, sleep, summarize } from './lib/stats.ts';

const { values } = parseArgs({
  options: {
    'follow-seconds': { type: 'string', default: '60' },
    rate: { type: 'string', default: '50' },
  },
});
const FOLLOW_S = Number(values['follow-seconds']);
const RATE = Number(values.rate);
const HISTORY = 50_000;

interface Page {
  goto(url: string, o?: unknown): Promise<unknown>;
  evaluate<T>(fn: string, arg?: unknown): Promise<T>;
  waitForSelector(s: string, o?: unknown): Promise<unknown>;
  selectOption(s: string, v: string): Promise<unknown>;
  click(s: string): Promise<void>;
  context(): { newCDPSession(p: unknown): Promise<{ send(m: string, p?: unknown): Promise<unknown> }> };
}
interface Browser {
  newPage(o?: unknown): Promise<Page>;
  close(): Promise<void>;
}
const requireFromE2e = createRequire(`${ROOT}e2e/package.json`);
type Playwright = {
  chromium: { launch(o: unknown): Promise<Browser & { process?: () => { pid: number } }> };
};
const pw = (await import(pathToFileURL(requireFromE2e.resolve('@playwright/test')).href)) as
  Playwright | { default: Playwright };
const playwright = 'chromium' in pw ? pw : pw.default;

interface StoreLike {
  put(o: unknown): unknown;
  list(gk: string, ns?: string): Array<{ metadata: { name: string } }>;
}

/** A running Pod whose log the demo generates: `lines` of history, `rate` new lines/s when followed. */
function benchPod(name: string, lines: number, rate: number): unknown {
  const now = new Date().toISOString();
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: 'default',
      uid: `bench-${name}`,
      creationTimestamp: new Date(Date.now() - 3_600_000).toISOString(),
      annotations: {
        'demo.fluxscope.dev/log-lines': String(lines),
        'demo.fluxscope.dev/log-rate': String(rate),
      },
    },
    spec: { nodeName: 'node-1', containers: [{ name: 'app', image: 'registry.example/bench/app:1.0.0' }] },
    status: {
      phase: 'Running',
      startTime: new Date(Date.now() - 3_600_000).toISOString(),
      conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: now }],
      containerStatuses: [
        {
          name: 'app',
          image: 'registry.example/bench/app:1.0.0',
          ready: true,
          restartCount: 0,
          started: true,
          state: { running: { startedAt: now } },
        },
      ],
    },
  };
}

/**
 * Memory of the tab: the proportional set size (PSS: shared pages split between the processes sharing them)
 * of the largest renderer process under the browser (the one page; spare renderers are small). RSS would
 * count the shared Chromium libraries in full.
 */
function tabPss(browserPid: number): { pssBytes: number; renderers: number } {
  const children = new Map<number, number[]>();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(d)]);
    } catch {
      // Gone meanwhile.
    }
  }
  const pss: number[] = [];
  const walk = (pid: number): void => {
    for (const child of children.get(pid) ?? []) {
      try {
        if (readFileSync(`/proc/${child}/cmdline`, 'utf8').includes('--type=renderer')) {
          const rollup = readFileSync(`/proc/${child}/smaps_rollup`, 'utf8');
          pss.push(Number(/^Pss:\s+(\d+)/m.exec(rollup)?.[1] ?? 0) * 1024);
        }
      } catch {
        // Gone meanwhile.
      }
      walk(child);
    }
  };
  walk(browserPid);
  return { pssBytes: Math.max(0, ...pss), renderers: pss.length };
}

const FIRST_LINE = `new Promise(resolve => {
  const t0 = performance.now();
  const done = () => resolve(performance.now() - t0);
  const mo = new MutationObserver(() => { if (document.querySelector('.logline')) { mo.disconnect(); requestAnimationFrame(done); } });
  mo.observe(document.body, { subtree: true, childList: true });
  [...document.querySelectorAll('[role=tab]')].find(t => t.textContent.trim() === 'Logs').click();
})`;

async function main(): Promise<void> {
  const record: Record<string, unknown> = {
    machine: machineInfo(),
    loadStart: load1(),
    history: HISTORY,
    rate: RATE,
  };
  const cluster = await startDemoCluster({ scenario: 'steady', periodic: false });
  const store = (cluster as unknown as { store: StoreLike }).store;
  store.put(benchPod('bench-logs-small', 150, 0.5));
  store.put(benchPod('bench-logs-50k', HISTORY, RATE));
  const dir = mkdtempSync(join(tmpdir(), 'fluxscope-logs-bench-'));
  await cluster.writeKubeconfig(join(dir, 'kubeconfig'));
  const server = await startServer({
    kubeconfigPath: join(dir, 'kubeconfig'),
    extraArgs: ['--static-dir', `${ROOT}web/dist`],
  });
  const browser = await playwright.chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    // L1: click on Logs -> first line painted.
    await page.goto(`${server.url}/object/core/Pod/default/bench-logs-small`);
    await page.waitForSelector('[role=tab]');
    const clicks: number[] = [];
    for (let i = 0; i < 7; i++) {
      clicks.push(await page.evaluate<number>(FIRST_LINE));
      await page.click('[role=tab]:has-text("Overview")');
      await sleep(300);
    }
    const s = summarize(clicks);
    record['clickToFirstLine'] = { p50: round(s.p50), max: round(s.max), samples: clicks.map(c => round(c)) };
    process.stderr.write(
      `  click to first line: p50 ${round(s.p50)} ms (${clicks.map(c => Math.round(c)).join(', ')})\n`,
    );

    // L2: 50k lines loaded whole, then followed.
    await page.goto(`${server.url}/object/core/Pod/default/bench-logs-50k?tab=logs`);
    await page.waitForSelector('.logline');
    await page.selectOption('select[aria-label="Lines"]', '100000');
    const t0 = Date.now();
    await page.evaluate(
      `new Promise(r => { const f = () => /[\\d,]{6,} lines/.test(document.querySelector('.logs__status .count')?.textContent ?? '') ? r() : setTimeout(f, 50); f(); })`,
    );
    record['load50kMs'] = Date.now() - t0;
    const cdp = await page.context().newCDPSession(page);
    const browserPid = (browser as unknown as { process?: () => { pid: number } }).process?.()?.pid ?? 0;
    const samples: Array<Record<string, number>> = [];
    const sample = async (at: number) => {
      await cdp.send('HeapProfiler.collectGarbage');
      const metrics = (await cdp.send('Performance.getMetrics')) as {
        metrics: Array<{ name: string; value: number }>;
      };
      const metric = (n: string) => metrics.metrics.find(m => m.name === n)?.value ?? 0;
      const serverMem = await server.inspector.memoryAfterGc();
      const lines = await page.evaluate<string>(
        `document.querySelector('.logs__status .count')?.textContent ?? ''`,
      );
      samples.push({
        atS: at,
        tabHeapMB: mb(metric('JSHeapUsedSize')),
        tabDomNodes: metric('Nodes'),
        tabPssMB: mb(tabPss(browserPid).pssBytes),
        renderers: tabPss(browserPid).renderers,
        serverRssMB: mb(procStats(server.pid).rssBytes),
        serverHeapMB: mb(serverMem.heapUsed),
        linesHeld: Number(/([\d,]+) lines/.exec(lines)?.[1]?.replaceAll(',', '') ?? 0),
      });
      process.stderr.write(`  ${at}s: ${JSON.stringify(samples.at(-1))}\n`);
    };
    await cdp.send('Performance.enable');
    for (let at = 0; at <= FOLLOW_S; at += 10) {
      if (at > 0) await sleep(10_000);
      await sample(at);
    }
    const dropped = await page.evaluate<string>(
      `document.querySelector('.logs__status .count')?.textContent ?? ''`,
    );
    record['follow'] = {
      seconds: FOLLOW_S,
      samples,
      maxTabHeapMB: Math.max(...samples.map(x => x.tabHeapMB!)),
      maxTabPssMB: Math.max(...samples.map(x => x.tabPssMB!)),
      serverRssFirstMB: samples[0]!.serverRssMB,
      serverRssLastMB: samples.at(-1)!.serverRssMB,
      serverHeapFirstMB: samples[0]!.serverHeapMB,
      serverHeapLastMB: samples.at(-1)!.serverHeapMB,
      status: dropped,
    };
    record['loadEnd'] = load1();
  } finally {
    await browser.close();
    await server.stop();
    await cluster.stop();
  }
  mkdirSync(`${ROOT}bench/out`, { recursive: true });
  writeFileSync(`${ROOT}bench/out/logs.json`, JSON.stringify(record, null, 2));
  const results = `${ROOT}bench/results.md`;
  writeFileSync(results, spliceLogsSection(readFileSync(results, 'utf8'), logsSection(record)));
  process.stderr.write(logsSection(record) + '\n');
}

await main();
