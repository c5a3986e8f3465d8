/**
 * The map at 10,000 Flux objects (Chromium through Playwright, built server and web app, synthetic
 * cluster): does the page stay responsive? For the summary mode the map opens in (groups collapsed) and for
 * the whole map (`?group=none`), and for the whole map zoomed out as far as it goes: time to interactive,
 * then a 2 s pan with the frame rate, the long tasks that started during it and the longest of them.
 * Budget (bench/README.md): no long task over 200 ms while panning. Writes bench/out/map-scale.json and its
 * section of bench/results.md.
 *   node bench/map-scale-bench.ts
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from '@playwright/test';
import { startDemoCluster } from '@fluxscope/demo-cluster';
import { INSTRUMENT, loadMap, longTasksSince, pan } from './browser-bench.ts';
import { load1, machineInfo } from './lib/machine.ts';
import { mapScaleSection, spliceMapScaleSection } from './lib/map-scale-report.ts';
import { ROOT, startServer } from './lib/proc.ts';
import { round } from './lib/stats.ts';
import { warmStoreJson } from './server-bench.ts';

/** 3,400 Kustomizations + 3,270 HelmReleases with their HelmCharts + 66 HelmRepositories + the GitRepository. */
const SHAPE = { objects: 20_000, kustomizations: 3_400, helmReleases: 3_270 };
const FLUX_OBJECTS = SHAPE.kustomizations + 2 * SHAPE.helmReleases + Math.ceil(SHAPE.helmReleases / 50) + 1;

/**
 * Zooms the map out as far as it goes (the wheel, as a user would) and returns the long tasks that started
 * meanwhile and in the second after, and the nodes in the DOM at that zoom.
 */
async function zoomOut(
  page: Page,
): Promise<{ zoomLongTasks: number; longestZoomTaskMs: number; nodesFar: number; blocksFar: number }> {
  const size = page.viewportSize() ?? { width: 1440, height: 900 };
  const t0 = await page.evaluate<number>('performance.now()');
  await page.mouse.move(size.width / 2, size.height / 2);
  for (let i = 0; i < 40; i++) await page.mouse.wheel(0, 400);
  await page.waitForTimeout(1500);
  const [zoomLongTasks, longestZoomTaskMs] = await longTasksSince(page, t0);
  const nodesFar = await page.evaluate<number>("document.querySelectorAll('.fnode').length");
  // Far out, most nodes are blocks painted on a canvas (web/src/views/map/model/blocks.ts).
  const blocksFar = await page.evaluate<number>(
    "Number(document.querySelector('.map-blocks')?.getAttribute('data-blocks') ?? 0)",
  );
  return { zoomLongTasks, longestZoomTaskMs: Math.round(longestZoomTaskMs), nodesFar, blocksFar };
}

async function measure(browser: Browser, url: string, far = false): Promise<Record<string, number>> {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.addInitScript(INSTRUMENT);
  const loadStart = load1();
  const { interactiveMs } = await loadMap(page, url);
  const nodesInDom = await page.evaluate<number>("document.querySelectorAll('.fnode').length");
  // The toolbar says how many collapsed groups are drawn ("… · 3 groups"); 0 when nothing is grouped.
  const groups = await page.evaluate<number>(
    `Number(/(\\d+) groups/.exec(document.querySelector('.map__toolbar .count')?.textContent ?? '')?.[1] ?? 0)`,
  );
  const zoom = far ? await zoomOut(page) : undefined;
  const { frames, ms, longDuringPan, longestMs } = await pan(page);
  await page.close();
  return {
    interactiveMs: Math.round(interactiveMs),
    nodesInDom,
    groups,
    panFps: round((frames / ms) * 1000),
    longTasksWhilePanning: longDuringPan,
    longestPanTaskMs: Math.round(longestMs),
    ...zoom,
    loadStart,
    loadEnd: load1(),
  };
}

export async function mapScaleBench(): Promise<Record<string, unknown>> {
  const record: Record<string, unknown> = { ...SHAPE, fluxObjects: FLUX_OBJECTS, machine: machineInfo() };
  const cluster = await startDemoCluster({ synthetic: SHAPE, periodic: false });
  warmStoreJson(cluster);
  const dir = mkdtempSync(join(tmpdir(), 'fluxscope-map-scale-'));
  await cluster.writeKubeconfig(join(dir, 'kubeconfig'));
  const server = await startServer({
    kubeconfigPath: join(dir, 'kubeconfig'),
    extraArgs: ['--static-dir', `${ROOT}web/dist`],
  });
  let browser: Browser | undefined;
  try {
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
    });
    // A first load warms the HTTP and code caches, as for a returning user; the figures are the next loads.
    await measure(browser, `${server.url}/`);
    record['summary'] = await measure(browser, `${server.url}/`);
    process.stderr.write(`  summary ${JSON.stringify(record['summary'])}\n`);
    record['full'] = await measure(browser, `${server.url}/?group=none`);
    process.stderr.write(`  full ${JSON.stringify(record['full'])}\n`);
    record['fullFar'] = await measure(browser, `${server.url}/?group=none`, true);
    process.stderr.write(`  full, zoomed out ${JSON.stringify(record['fullFar'])}\n`);
  } finally {
    await browser?.close();
    await server.stop();
    await cluster.stop();
  }
  return record;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = await mapScaleBench();
  mkdirSync(`${ROOT}bench/out`, { recursive: true });
  writeFileSync(`${ROOT}bench/out/map-scale.json`, JSON.stringify(result, null, 2));
  const results = `${ROOT}bench/results.md`;
  writeFileSync(results, spliceMapScaleSection(readFileSync(results, 'utf8'), mapScaleSection(result)));
  console.log(JSON.stringify(result, null, 2));
  process.exit(0);
}
