/**
 * The web app is rebuilt in place (vite empties web/dist) while other engineers work, which made pages
 * 404 their assets mid-run. The suite therefore serves its own copy, taken once and checked to be whole:
 * every asset that index.html or a chunk names must be in the copy, else it is taken again.
 */
import { cp, mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const STATIC_DIR_ENV = 'FLUXSCOPE_E2E_STATIC_DIR';
const webDist = fileURLToPath(new URL('../../web/dist/', import.meta.url));

/** Names of assets the copy refers to that it does not hold. */
async function missingAssets(dir: string): Promise<string[]> {
  const assets = new Set(await readdir(path.join(dir, 'assets')));
  const texts = [await readFile(path.join(dir, 'index.html'), 'utf8')];
  for (const name of assets)
    if (name.endsWith('.js')) texts.push(await readFile(path.join(dir, 'assets', name), 'utf8'));
  const referenced = new Set<string>();
  for (const text of texts)
    for (const match of text.matchAll(/(?:assets\/|["'`]\.\/)([\w.-]+\.(?:js|css))/g))
      if (match[1]) referenced.add(match[1]);
  return [...referenced].filter(name => !assets.has(name));
}

export async function snapshotWebDist(): Promise<string> {
  const deadline = Date.now() + 120_000;
  let problem = '';
  while (Date.now() < deadline) {
    const dir = await mkdtemp(path.join(tmpdir(), 'fluxscope-e2e-web-'));
    try {
      await cp(webDist, dir, { recursive: true });
      const missing = await missingAssets(dir);
      if (missing.length === 0) return dir;
      problem = `missing ${missing.join(', ')}`;
    } catch (err) {
      problem = (err as Error).message;
    }
    await rm(dir, { recursive: true, force: true });
    await new Promise(resolve => setTimeout(resolve, 2000)); // a build is being written: try again
  }
  throw new Error(`web/dist is not a complete build (run pnpm build): ${problem}`);
}
