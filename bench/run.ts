/**
 * `pnpm bench`: builds the packages, runs every bench (server at 1k/10k/100k objects, views in-process,
 * browser, flux CLI, logs) one after the other, and writes bench/results.md. Flags pick parts:
 *   node bench/run.ts [--no-build] [--only server,views,browser,flux,logs] [--sizes 1000,10000,100000]
 */
import { execFileSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import { ROOT } from './lib/proc.ts';

const { values } = parseArgs({
  options: {
    'no-build': { type: 'boolean', default: false },
    only: { type: 'string', default: 'server,views,browser,flux,logs' },
    sizes: { type: 'string', default: '1000,10000,100000' },
  },
});
const parts = new Set(values.only.split(','));
const node = (script: string, ...args: string[]): void => {
  console.error(`> node bench/${script} ${args.join(' ')}`);
  execFileSync(process.execPath, [`${ROOT}bench/${script}`, ...args], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
};

if (!values['no-build']) execFileSync('pnpm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
const sizes = values.sizes.split(',').map(Number);
if (parts.has('server'))
  for (const n of sizes)
    node('server-bench.ts', '--objects', String(n), ...(n < 10_000 ? ['--skip', 'api,fanout'] : []));
if (parts.has('views')) node('views-bench.ts', '--objects', String(Math.max(...sizes)), '--out');
if (parts.has('browser')) node('browser-bench.ts');
if (parts.has('flux')) node('flux-bench.ts');
if (parts.has('logs')) node('logs-bench.ts');
node('report.ts');
