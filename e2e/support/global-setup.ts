/** Once per run: a consistent copy of web/dist for every server the specs start (see web-snapshot.ts). */
import { readdir, rm, stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { STATIC_DIR_ENV, snapshotWebDist } from './web-snapshot.js';

const results = fileURLToPath(new URL('../test-results/', import.meta.url));
const KEEP_MS = 24 * 3600_000;

/** Output folders of runs older than a day (each run has its own, see playwright.config.ts). */
async function pruneOldRuns(): Promise<void> {
  const now = Date.now();
  for (const name of await readdir(results).catch(() => [])) {
    const info = await stat(`${results}${name}`).catch(() => undefined);
    if (info?.isDirectory() && now - info.mtimeMs > KEEP_MS)
      await rm(`${results}${name}`, { recursive: true, force: true });
  }
}

export default async function globalSetup(): Promise<() => Promise<void>> {
  await pruneOldRuns();
  const dir = await snapshotWebDist();
  process.env[STATIC_DIR_ENV] = dir;
  return async () => {
    await rm(dir, { recursive: true, force: true });
  };
}
