// Keeps the Dockerfile in sync with the repository, since no Docker engine runs here to build it: every file
// it copies exists (and is not dropped by .dockerignore), every script it runs exists, the pnpm and Node
// versions are the pinned ones, and the entry file is what the server's build produces.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isDockerIgnored, parseCopy, parseDockerfile, parseExecForm, runCommands } from './dockerfile.js';

const root = join(import.meta.dirname, '..', '..');
const read = (path: string): string => readFileSync(join(root, path), 'utf8');
const readJson = (path: string): Record<string, unknown> => JSON.parse(read(path)) as Record<string, unknown>;

interface PackageJson {
  name?: string;
  scripts?: Record<string, string>;
  packageManager?: string;
  bin?: Record<string, string>;
}

const instructions = parseDockerfile(read('Dockerfile'));
const dockerignore = read('.dockerignore');
const rootPackage = readJson('package.json') as PackageJson;
const workspaceDirs = [...read('pnpm-workspace.yaml').matchAll(/^\s*-\s*['"]?([^'"\s]+)['"]?\s*$/gm)].map(
  m => m[1] ?? '',
);
const packages = new Map<string, { dir: string; json: PackageJson }>(
  workspaceDirs.map(dir => {
    const json = readJson(`${dir}/package.json`) as PackageJson;
    return [json.name ?? dir, { dir, json }] as const;
  }),
);
const stages = Math.max(...instructions.map(i => i.stage)) + 1;
const finalStage = stages - 1;
const where = (line: number): string => `Dockerfile:${line}`;

/** Working directory in effect at each instruction (WORKDIR only, absolute paths as this file uses). */
function workdirAt(index: number): string {
  const stage = instructions[index]?.stage;
  let dir = '/';
  for (const instruction of instructions.slice(0, index)) {
    if (instruction.stage === stage && instruction.keyword === 'WORKDIR') dir = instruction.args.trim();
  }
  return dir;
}

describe('Dockerfile', () => {
  it('has a build stage and a runtime stage, both on Node 24 (the major scripts/bootstrap.sh installs)', () => {
    const bootstrapMajor = /NODE_VERSION="(\d+)"/.exec(read('scripts/bootstrap.sh'))?.[1];
    expect(bootstrapMajor).toBe('24');
    const froms = instructions.filter(i => i.keyword === 'FROM');
    expect(froms.length).toBeGreaterThanOrEqual(2);
    for (const from of froms) {
      const image = from.args.split(/\s+/)[0] ?? '';
      // The runtime stage may start from scratch: its root (Node and its libraries) is copied from a Node stage.
      if (image === 'scratch' && from.stage === finalStage) {
        const roots = instructions.filter(
          i => i.stage === finalStage && i.keyword === 'COPY' && parseCopy(i.args).destination === '/',
        );
        expect(roots.length, `${where(from.line)}: a scratch runtime copies its root from a Node stage`).toBe(
          1,
        );
        continue;
      }
      expect(image, where(from.line)).toMatch(
        new RegExp(
          `^(node:${bootstrapMajor}(\\.[\\d.]+)?-bookworm-slim|gcr\\.io/distroless/nodejs${bootstrapMajor}-debian12(:nonroot)?)(@sha256:[a-f0-9]{64})?$`,
        ),
      );
    }
  });

  it('installs the pnpm version pinned in package.json#packageManager', () => {
    const pinned = /^pnpm@(\d+\.\d+\.\d+)$/.exec(rootPackage.packageManager ?? '')?.[1];
    expect(pinned).toBeDefined();
    const installs = instructions
      .filter(i => i.keyword === 'RUN')
      .flatMap(i => runCommands(i.args))
      .filter(words => words[0] === 'npm' && ['i', 'install'].includes(words[1] ?? ''))
      .flatMap(words => words.filter(word => word.startsWith('pnpm@')));
    expect(installs).toEqual([`pnpm@${pinned}`]);
  });

  it('copies only paths that exist in the repository and are not dropped by .dockerignore', () => {
    const copies = instructions.filter(i => i.keyword === 'COPY' || i.keyword === 'ADD');
    expect(copies.length).toBeGreaterThan(0);
    for (const copy of copies) {
      const { from, sources } = parseCopy(copy.args);
      if (from !== undefined) continue; // from another stage: checked by the entry-file test
      for (const source of sources) {
        expect(existsSync(join(root, source)), `${where(copy.line)}: ${source} does not exist`).toBe(true);
        expect(
          isDockerIgnored(source, dockerignore),
          `${where(copy.line)}: .dockerignore drops ${source}`,
        ).toBe(false);
      }
    }
  });

  it('copies every workspace manifest and the lockfile before the frozen install (layer caching)', () => {
    const installIndex = instructions.findIndex(
      i => i.keyword === 'RUN' && runCommands(i.args).some(w => w[0] === 'pnpm' && w[1] === 'install'),
    );
    expect(installIndex).toBeGreaterThan(0);
    const install = instructions[installIndex];
    expect(install?.args).toContain('--frozen-lockfile');
    const copiedBefore = instructions
      .slice(0, installIndex)
      .filter(i => i.keyword === 'COPY')
      .flatMap(i => parseCopy(i.args).sources);
    const needed = [
      'package.json',
      'pnpm-lock.yaml',
      'pnpm-workspace.yaml',
      ...workspaceDirs.map(d => `${d}/package.json`),
    ];
    expect(copiedBefore.sort()).toEqual(needed.sort());
  });

  it('runs only pnpm scripts and packages that exist, and builds with the root `pnpm build` CI runs', () => {
    const pnpmCalls = instructions
      .filter(i => i.keyword === 'RUN')
      .flatMap(i => runCommands(i.args).map(words => ({ words, line: i.line })))
      .filter(({ words }) => words[0] === 'pnpm');
    const builtInCommands = new Set(['install', 'i', 'deploy', 'exec', 'fetch']);
    let rootBuild = false;
    for (const { words, line } of pnpmCalls) {
      const args = words.slice(1);
      let filter: string | undefined;
      const positional: string[] = [];
      for (let i = 0; i < args.length; i += 1) {
        const arg = args[i] ?? '';
        if (arg === '--filter' || arg === '-F') filter = args[++i];
        else if (arg.startsWith('--filter=')) filter = arg.slice('--filter='.length);
        else if (!arg.startsWith('-')) positional.push(arg);
      }
      const command = positional[0] === 'run' ? positional[1] : positional[0];
      expect(command, `${where(line)}: ${words.join(' ')}`).toBeDefined();
      const target = filter === undefined ? rootPackage : packages.get(filter)?.json;
      expect(target, `${where(line)}: no workspace package named ${filter}`).toBeDefined();
      if (builtInCommands.has(command ?? '')) continue;
      expect(target?.scripts?.[command ?? ''], `${where(line)}: no script "${command}"`).toBeDefined();
      if (filter === undefined && command === 'build') rootBuild = true;
    }
    expect(rootBuild, 'the image builds with the root `pnpm build`').toBe(true);
    expect(read('scripts/test.sh')).toMatch(/run_stage build pnpm build\b/);
    // The root build covers every package the image ships.
    for (const dir of ['shared', 'demo-cluster', 'server', 'web']) {
      expect(rootPackage.scripts?.['build']).toContain(`--filter ./${dir}`);
    }
  });

  it('deploys @fluxscope/server with production dependencies only', () => {
    const deploy = instructions
      .filter(i => i.keyword === 'RUN')
      .flatMap(i => runCommands(i.args))
      .find(words => words[0] === 'pnpm' && words.includes('deploy'));
    expect(deploy).toBeDefined();
    expect(deploy).toContain('--prod');
    expect(deploy?.join(' ')).toContain('--filter @fluxscope/server');
  });

  it('starts server/dist/main.js, the file the server build produces, with the web build as static dir', () => {
    const server = packages.get('@fluxscope/server');
    expect(server?.json.bin?.['fluxscope']).toBe('./dist/main.js');
    const serverTsconfig = read('server/tsconfig.json');
    expect(serverTsconfig).toMatch(/"rootDir":\s*"src"/);
    expect(serverTsconfig).toMatch(/"outDir":\s*"dist"/);
    expect(rootPackage.scripts?.['serve']).toBe('node server/dist/main.js');
    // main.ts compiles to dist/main.js. Checked only once the server has sources at all (being written).
    if (existsSync(join(root, 'server/src/app.ts'))) {
      expect(existsSync(join(root, 'server/src/main.ts')), 'server/src/main.ts (-> dist/main.js)').toBe(true);
    }
    // Vite writes web/dist unless build.outDir says otherwise.
    const viteConfig = existsSync(join(root, 'web/vite.config.ts')) ? read('web/vite.config.ts') : '';
    expect(viteConfig).not.toMatch(/outDir:\s*['"](?!dist['"])/);

    const entrypoint = instructions.filter(i => i.keyword === 'ENTRYPOINT' && i.stage === finalStage).at(-1);
    expect(entrypoint, 'the runtime stage has an ENTRYPOINT').toBeDefined();
    const argv = parseExecForm(entrypoint?.args ?? '');
    expect(argv, 'ENTRYPOINT in exec form, so signals reach node and no shell is needed').toBeDefined();
    expect(argv?.[0]).toBe('node');
    const staticDirIndex = argv?.indexOf('--static-dir') ?? -1;
    expect(staticDirIndex).toBeGreaterThan(1);

    // Follow each runtime path back through COPY --from=build to what the build stage produced.
    const deployTarget = instructions
      .filter(i => i.keyword === 'RUN')
      .flatMap(i => runCommands(i.args))
      .find(words => words[0] === 'pnpm' && words.includes('deploy'))
      ?.at(-1);
    const buildWorkdir = workdirAt(
      instructions.findIndex(i => i.keyword === 'RUN' && i.args.trim() === 'pnpm build'),
    );
    const runtimeCopies = instructions
      .filter(i => i.keyword === 'COPY' && i.stage === finalStage)
      .map(i => parseCopy(i.args));
    // The most specific COPY wins (a scratch runtime also copies its whole root to /).
    const byDepth = [...runtimeCopies].sort((a, b) => b.destination.length - a.destination.length);
    const origin = (runtimePath: string): string | undefined => {
      for (const copy of byDepth) {
        const source = copy.sources[0];
        if (copy.from === undefined || source === undefined) continue;
        const destination = copy.destination.replace(/\/$/, '');
        if (runtimePath === destination || runtimePath.startsWith(`${destination}/`)) {
          return source.replace(/\/$/, '') + runtimePath.slice(destination.length);
        }
      }
      return undefined;
    };
    // The server: <deploy target>/dist/main.js, i.e. server/dist/main.js of the deployed package.
    expect(origin(argv?.[1] ?? '')).toBe(`${deployTarget}/dist/main.js`);
    // The web app: <build workdir>/web/dist.
    expect(origin(argv?.[staticDirIndex + 1] ?? '')).toBe(`${buildWorkdir}/web/dist`);
  });

  it('runs as uid 65532, listens on 0.0.0.0:8080 as the chart expects, and has no HEALTHCHECK', () => {
    const runtime = instructions.filter(i => i.stage === finalStage);
    expect(
      runtime
        .filter(i => i.keyword === 'USER')
        .at(-1)
        ?.args.trim(),
    ).toBe('65532:65532');
    const env = runtime.filter(i => i.keyword === 'ENV').map(i => i.args.trim());
    expect(env).toContain('FLUXSCOPE_HOST=0.0.0.0');
    expect(env).toContain('FLUXSCOPE_PORT=8080');
    expect(runtime.filter(i => i.keyword === 'EXPOSE').map(i => i.args.trim())).toEqual(['8080']);
    expect(instructions.some(i => i.keyword === 'HEALTHCHECK')).toBe(false);
    const deployment = read('helm/fluxscope/templates/deployment.yaml');
    expect(deployment).toContain('containerPort: 8080');
    expect(read('helm/fluxscope/values.yaml')).toMatch(/runAsUser: 65532/);
  });
});

describe('.dockerignore matching', () => {
  it('follows Docker: parents exclude children, later `!` lines re-include', () => {
    const rules = '**/node_modules\ne2e/*\n!e2e/package.json\nhelm\n';
    expect(isDockerIgnored('server/node_modules/x', rules)).toBe(true);
    expect(isDockerIgnored('node_modules', rules)).toBe(true);
    expect(isDockerIgnored('e2e/package.json', rules)).toBe(false);
    expect(isDockerIgnored('e2e/tests/a.ts', rules)).toBe(true);
    expect(isDockerIgnored('helm/fluxscope/Chart.yaml', rules)).toBe(true);
    expect(isDockerIgnored('server/src/main.ts', rules)).toBe(false);
  });
});
