/**
 * Runs the built Fluxscope server (server/dist/main.js) as a child process on a free loopback port and
 * waits for /readyz. One helper for every suite that drives the real server from outside: the demo
 * scenarios (support/server.ts), and the test bed suites (e2e/tests/testbed.spec.ts, testbed/tests/).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

export interface RunningServer {
  url: string;
  /** SIGTERM, SIGKILL after 5 s. */
  stop(): Promise<void>;
  /** SIGKILL at once: a crash, for the fault specs. */
  kill(): Promise<void>;
  logs(): string;
}

export interface ServerProcessOptions {
  /** A fixed port (a restarted server must come back where the tab expects it); a free one by default. */
  port?: number;
  /** What "up" means: /readyz by default; /api/v1/status when a fault may keep the server from ready. */
  readyPath?: string;
}

export function freePort(): Promise<number> {
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

/** `node server/dist/main.js <args> --port <port>`, resolved once readyPath answers 200 (60 s at most). */
export async function startServerProcess(
  args: string[],
  { port = 0, readyPath = '/readyz' }: ServerProcessOptions = {},
): Promise<RunningServer> {
  if (port === 0) port = await freePort();
  const child: ChildProcess = spawn(
    process.execPath,
    ['server/dist/main.js', ...args, '--port', String(port)],
    {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode}):\n${output}`);
    const ready = await fetch(`${url}${readyPath}`).then(
      r => r.ok,
      () => false, // not listening yet
    );
    if (ready) break;
    if (Date.now() > deadline) throw new Error(`server not ready within 60 s:\n${output}`);
    await new Promise(r => setTimeout(r, 200));
  }
  const exited = () =>
    new Promise<void>(resolve => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
    });
  return {
    url,
    logs: () => output,
    stop: () => {
      const done = exited();
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 5000).unref();
      return done;
    },
    kill: () => {
      const done = exited();
      child.kill('SIGKILL');
      return done;
    },
  };
}
