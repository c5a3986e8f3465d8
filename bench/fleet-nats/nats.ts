/** nats-server for the fleet bench: 127.0.0.1, a free port, JetStream in a temp dir (testbed/build.sh --tools). */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, freePort } from '../lib/proc.ts';
import { sleep } from '../lib/stats.ts';

export interface BenchNats {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

export async function startNats(): Promise<BenchNats> {
  const bin =
    process.env['FLUXSCOPE_NATS_SERVER'] ??
    join(
      execFileSync('bash', [join(ROOT, 'testbed/build.sh'), '--print-tools-bin'], {
        encoding: 'utf8',
      }).trim(),
      'nats-server',
    );
  if (!existsSync(bin)) throw new Error(`no nats-server at ${bin}: run bash testbed/build.sh --tools`);
  const port = await freePort();
  const store = mkdtempSync(join(tmpdir(), 'fluxscope-fleet-bench-'));
  // Values are a few hundred bytes; 1,000 x 1,000 needs room beyond the default JetStream memory/disk guess.
  const proc: ChildProcess = spawn(bin, ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', store], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stderr?.on('data', (d: Buffer) => (out = (out + d.toString()).slice(-8192)));
  const deadline = Date.now() + 20_000;
  while (!out.includes('Server is ready')) {
    if (proc.exitCode !== null || Date.now() > deadline)
      throw new Error(`nats-server did not start:\n${out}`);
    await sleep(50);
  }
  return {
    url: `nats://127.0.0.1:${port}`,
    pid: proc.pid!,
    async stop() {
      proc.kill('SIGTERM');
      await new Promise(r => proc.once('exit', r));
      rmSync(store, { recursive: true, force: true });
    },
  };
}
