/**
 * Records, inside the page, when each map node turns ready: every 100 ms it reads the nodes' accessible
 * names ("Kind ns/name, state"). A node counts as having turned ready the first time it is seen ready after
 * having been seen absent or not ready since the recorder started (so a node still ready from before a
 * scenario restart does not count), and `allReadyTick` is the first tick at which every watched node was
 * ready at once: the map has turned green.
 */
import type { Page } from '@playwright/test';

export interface ReadyRecord {
  /** "Kind/name" -> tick (100 ms steps since start) at which it turned ready. */
  readyTick: Record<string, number>;
  /** Keys in the order they turned ready, with the state each other watched node had at that moment. */
  log: Array<{ key: string; tick: number }>;
  allReadyTick: number | undefined;
  ticks: number;
}

interface RecorderWindow {
  __readyRecord?: ReadyRecord;
  __readyTimer?: number;
}

/** Keys are "Kind/name" of flux-system objects, e.g. "Kustomization/infrastructure". */
export async function startReadyRecorder(page: Page, keys: string[]): Promise<void> {
  await page.evaluate(watched => {
    const w = window as unknown as RecorderWindow;
    if (w.__readyTimer) clearInterval(w.__readyTimer);
    const record: ReadyRecord = { readyTick: {}, log: [], allReadyTick: undefined, ticks: 0 };
    const seenNotReady = new Set<string>();
    w.__readyRecord = record;
    w.__readyTimer = window.setInterval(() => {
      const tick = ++record.ticks;
      const canvas = document.querySelector('[aria-label="Map of Flux objects"]');
      const states = new Map<string, string>();
      for (const node of canvas?.querySelectorAll('[role="button"][aria-label]') ?? []) {
        const match = /^(\S+) flux-system\/(\S+), (.+)$/.exec(node.getAttribute('aria-label') ?? '');
        if (match) states.set(`${match[1]}/${match[2]}`, match[3] ?? '');
      }
      let all = true;
      for (const key of watched) {
        const ready = states.get(key) === 'ready';
        if (!ready) {
          all = false;
          seenNotReady.add(key);
        } else if (seenNotReady.has(key) && record.readyTick[key] === undefined) {
          record.readyTick[key] = tick;
          record.log.push({ key, tick });
        }
      }
      if (all && record.allReadyTick === undefined && Object.keys(record.readyTick).length === watched.length)
        record.allReadyTick = tick;
    }, 100);
  }, keys);
}

export async function waitForAllReady(page: Page, timeout: number): Promise<ReadyRecord> {
  await page.waitForFunction(
    () => (window as unknown as RecorderWindow).__readyRecord?.allReadyTick !== undefined,
    undefined,
    { timeout, polling: 500 },
  );
  return readyRecord(page);
}

export async function readyRecord(page: Page): Promise<ReadyRecord> {
  const record = await page.evaluate(() => (window as unknown as RecorderWindow).__readyRecord);
  if (!record) throw new Error('ready recorder not started');
  return record;
}
