/**
 * Starts the built Fluxscope server on the built-in demo cluster, on a free loopback port, and stops it.
 * The server is the real one (server/dist/main.js) talking to the demo cluster over HTTPS.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { STATIC_DIR_ENV } from './web-snapshot.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

export interface RunningServer {
  url: string;
  stop(): Promise<void>;
  logs(): string;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      srv.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

export async function startServer(
  scenario: 'steady' | 'bootstrap' | 'failure',
  extra: string[] = [],
): Promise<RunningServer> {
  const port = await freePort();
  const args = [
    'server/dist/main.js',
    '--demo',
    '--demo-scenario',
    scenario,
    '--port',
    String(port),
    // The run's own copy of web/dist (global-setup.ts), safe from rebuilds happening meanwhile.
    ...(process.env[STATIC_DIR_ENV] ? ['--static-dir', process.env[STATIC_DIR_ENV]] : []),
    ...extra,
  ];
  const child: ChildProcess = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode}):\n${output}`);
    try {
      const res = await fetch(`${url}/readyz`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`server not ready within 60 s:\n${output}`);
    await new Promise(r => setTimeout(r, 200));
  }
  return {
    url,
    logs: () => output,
    stop: () =>
      new Promise<void>(resolve => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 5000).unref();
      }),
  };
}
