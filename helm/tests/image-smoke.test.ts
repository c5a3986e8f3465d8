// The image without Docker: replays the Dockerfile's build stage in a temporary directory (its COPYs filtered
// by .dockerignore, its RUNs with the image's absolute paths mapped under that directory), assembles the
// runtime stage's files from COPY --from, then starts the ENTRYPOINT on the demo cluster and checks
// /healthz, /readyz and the web app. Slow (a full install and build), so it runs only with
// FLUXSCOPE_IMAGE_SMOKE=1: `bash scripts/test-packaging.sh --image-smoke`.
import { spawn, spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isDockerIgnored, parseCopy, parseDockerfile, parseExecForm } from './dockerfile.js';

const root = join(import.meta.dirname, '..', '..');
const enabled = process.env['FLUXSCOPE_IMAGE_SMOKE'] === '1';

/** Copies `source` (a repo path) to `destination`, skipping what .dockerignore keeps out of the context. */
function copyFromContext(source: string, destination: string, dockerignore: string): void {
  const absolute = join(root, source);
  const rel = relative(root, absolute);
  if (isDockerIgnored(rel, dockerignore)) return;
  if (statSync(absolute).isDirectory()) {
    mkdirSync(destination, { recursive: true });
    for (const entry of readdirSync(absolute)) {
      copyFromContext(join(rel, entry), join(destination, entry), dockerignore);
    }
  } else {
    mkdirSync(dirname(destination), { recursive: true });
    cpSync(absolute, destination);
  }
}

describe.runIf(enabled)('image smoke (Dockerfile replayed without Docker)', () => {
  // Created in the test, not here: a skipped suite's body still runs when vitest collects it.
  let scratch = '';
  let server: ReturnType<typeof spawn> | undefined;

  afterAll(async () => {
    if (server && server.exitCode === null) {
      const exited = new Promise(resolve => server?.once('exit', resolve));
      server.kill('SIGTERM');
      await exited;
    }
    // Tens of thousands of files (node_modules): slow on a busy machine.
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  }, 300_000);

  it(
    'builds, deploys and serves the demo cluster from the runtime layout',
    { timeout: 900_000 },
    async () => {
      scratch = mkdtempSync(join(tmpdir(), 'fluxscope-image-'));
      /** An absolute path inside the image, placed under the scratch directory. */
      const inImage = (path: string): string => join(scratch, path);
      /** Rewrites absolute paths in a command line (/src/x, /out/y) to their scratch places. */
      const mapPaths = (text: string): string =>
        text.replace(/(^|\s)(\/[\w./-]*)/g, (_, space: string, p: string) => space + inImage(p));
      const instructions = parseDockerfile(readFileSync(join(root, 'Dockerfile'), 'utf8'));
      const dockerignore = readFileSync(join(root, '.dockerignore'), 'utf8');
      const finalStage = Math.max(...instructions.map(i => i.stage));
      const stageEnv: Record<string, string> = {};
      let cwd = scratch;
      let entrypoint: string[] | undefined;

      for (const instruction of instructions) {
        if (instruction.keyword === 'FROM') {
          cwd = scratch;
          for (const key of Object.keys(stageEnv)) delete stageEnv[key];
        } else if (instruction.keyword === 'WORKDIR') {
          cwd = inImage(instruction.args.trim());
          mkdirSync(cwd, { recursive: true });
        } else if (instruction.keyword === 'ENV') {
          const [key, ...value] = instruction.args.trim().split('=');
          if (key) stageEnv[key] = value.join('=');
        } else if (instruction.keyword === 'COPY') {
          const copy = parseCopy(instruction.args);
          const destination = copy.destination.startsWith('/')
            ? inImage(copy.destination)
            : join(cwd, copy.destination);
          for (const source of copy.sources) {
            if (copy.from !== undefined) {
              cpSync(inImage(source), destination, { recursive: true, verbatimSymlinks: true });
            } else {
              const file = !statSync(join(root, source)).isDirectory();
              const intoDir = copy.destination.endsWith('/') || copy.sources.length > 1;
              copyFromContext(
                source,
                file && intoDir ? join(destination, source.split('/').at(-1) ?? '') : destination,
                dockerignore,
              );
            }
          }
        } else if (instruction.keyword === 'RUN' && instruction.stage !== finalStage) {
          // The toolchain is the repository's own (.tools): the pnpm pin is checked by dockerfile.test.ts.
          if (/^npm i(nstall)? -g pnpm@/.test(instruction.args)) continue;
          const run = spawnSync('bash', ['-c', mapPaths(instruction.args)], {
            cwd,
            env: { ...process.env, ...stageEnv },
            encoding: 'utf8',
            maxBuffer: 64 * 1024 * 1024,
          });
          expect(
            run.status,
            `Dockerfile:${instruction.line} RUN ${instruction.args}\n${run.stdout}\n${run.stderr}`,
          ).toBe(0);
        } else if (instruction.keyword === 'ENTRYPOINT') {
          entrypoint = parseExecForm(instruction.args);
        }
        // Runtime-stage RUNs only remove package managers from the base image: nothing to replay.
      }

      // Production dependencies only: no compilers, test runners or bundlers in the image.
      const store = readdirSync(inImage('/app/server/node_modules/.pnpm'));
      for (const devOnly of ['typescript@', 'vitest@', 'vite@', 'eslint@', '@playwright']) {
        expect(store.filter(name => name.startsWith(devOnly.replace('/', '+')))).toEqual([]);
      }
      expect(existsSync(inImage('/app/web/dist/index.html'))).toBe(true);

      expect(entrypoint?.[0]).toBe('node');
      const argv = (entrypoint ?? []).slice(1).map(arg => (arg.startsWith('/') ? inImage(arg) : arg));
      // Loopback and a free port here (the image listens on 0.0.0.0:8080 in a pod).
      const env = {
        PATH: process.env['PATH'] ?? '',
        HOME: scratch,
        ...stageEnv,
        FLUXSCOPE_HOST: '127.0.0.1',
        FLUXSCOPE_PORT: '0',
      };
      server = spawn(process.execPath, [...argv, '--demo'], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 60_000);
        const onData = (chunk: Buffer): void => {
          output += chunk.toString();
          const match = /Fluxscope is at (http:\/\/\S+)/.exec(output);
          if (match?.[1]) {
            clearTimeout(timer);
            resolve(match[1].replace(/\/$/, ''));
          }
        };
        server?.stdout?.on('data', onData);
        server?.stderr?.on('data', onData);
        server?.on('exit', code => reject(new Error(`server exited with ${code}:\n${output}`)));
      });

      expect((await fetch(`${url}/healthz`)).status).toBe(200);
      let ready = 0;
      for (let attempt = 0; attempt < 60 && ready !== 200; attempt += 1) {
        ready = (await fetch(`${url}/readyz`)).status;
        if (ready !== 200) await new Promise(resolve => setTimeout(resolve, 500));
      }
      expect(ready, `/readyz never became ready:\n${output}`).toBe(200);
      const page = await fetch(`${url}/`);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toContain('text/html');
    },
  );
});
