/**
 * The server under test as a child process: spawn it on a kubeconfig, wait for /readyz, read its RSS and CPU
 * from /proc, its heap through the inspector (no debug endpoint needed), and stop it.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { sleep } from './stats.ts';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export interface ProcStats {
  rssBytes: number;
  peakRssBytes: number;
  /** CPU seconds (user + system) so far. */
  cpuSeconds: number;
}

export function procStats(pid: number): ProcStats {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string): number =>
    Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0) * 1024;
  // Fields after the command name: utime and stime are the 14th and 15th of /proc/<pid>/stat (clock ticks).
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return { rssBytes: kb('VmRSS'), peakRssBytes: kb('VmHWM'), cpuSeconds: ticks / 100 };
}

/** A minimal Chrome DevTools Protocol client over the inspector WebSocket. */
export class Inspector {
  private nextId = 1;
  private readonly pending = new Map<number, (value: unknown) => void>();
  private readonly ws: WebSocket;
  private constructor(ws: WebSocket) {
    this.ws = ws;
    ws.addEventListener('message', ev => {
      const msg = JSON.parse(String(ev.data)) as { id?: number; result?: unknown; error?: unknown };
      if (msg.id !== undefined) this.pending.get(msg.id)?.(msg.error ? { error: msg.error } : msg.result);
    });
  }

  static async connect(port: number): Promise<Inspector> {
    const targets = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as Array<{
      webSocketDebuggerUrl: string;
    }>;
    const ws = new WebSocket(targets[0]!.webSocketDebuggerUrl);
    await new Promise((resolve, reject) => {
      ws.addEventListener('open', resolve, { once: true });
      ws.addEventListener('error', reject, { once: true });
    });
    return new Inspector(ws);
  }

  send(method: string, params: Record<string, unknown> = {}): Promise<unknown> {
    const id = this.nextId++;
    return new Promise(resolve => {
      this.pending.set(id, resolve);
      this.ws.send(JSON.stringify({ id, method, params }));
    });
  }

  /** Full GC, then process.memoryUsage() of the inspected process. */
  async memoryAfterGc(): Promise<{ heapUsed: number; heapTotal: number; rss: number; external: number }> {
    await this.send('HeapProfiler.collectGarbage');
    await this.send('HeapProfiler.collectGarbage');
    const res = (await this.send('Runtime.evaluate', {
      expression: 'JSON.stringify(process.memoryUsage())',
      returnByValue: true,
    })) as { result: { value: string } };
    return JSON.parse(res.result.value);
  }

  close(): void {
    this.ws.close();
  }
}

export interface ServerProcess {
  child: ChildProcess;
  pid: number;
  url: string;
  inspector: Inspector;
  /** ms from spawn until /healthz answered, and until /readyz said ready. */
  listeningMs: number;
  readyMs: number;
  stderr: () => string;
  stop(): Promise<void>;
}

export async function startServer(opts: {
  kubeconfigPath: string;
  extraArgs?: string[];
  /** Flags for node itself (e.g. --cpu-prof). */
  nodeArgs?: string[];
  readyTimeoutMs?: number;
}): Promise<ServerProcess> {
  const port = await freePort();
  const inspectPort = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const env = { ...process.env };
  delete env['KUBECONFIG'];
  const t0 = performance.now();
  const child = spawn(
    process.execPath,
    [
      `--inspect=127.0.0.1:${inspectPort}`,
      ...(opts.nodeArgs ?? []),
      `${ROOT}server/dist/main.js`,
      '--kubeconfig',
      opts.kubeconfigPath,
      '--port',
      String(port),
      '--log-level',
      'warn',
      ...(opts.extraArgs ?? []),
    ],
    { env, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const exited = new Promise<void>(resolve => child.once('exit', () => resolve()));
  let listeningMs = NaN;
  const deadline = t0 + (opts.readyTimeoutMs ?? 120_000);
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode}): ${stderr}`);
    if (performance.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`server not ready after ${opts.readyTimeoutMs ?? 120_000} ms: ${stderr}`);
    }
    try {
      const res = await fetch(`${url}/readyz`);
      if (Number.isNaN(listeningMs)) listeningMs = performance.now() - t0;
      if (res.status === 200) break;
      await res.arrayBuffer();
    } catch {
      // Not listening yet.
    }
    await sleep(20);
  }
  const readyMs = performance.now() - t0;
  const inspector = await Inspector.connect(inspectPort);
  return {
    child,
    pid: child.pid!,
    url,
    inspector,
    listeningMs,
    readyMs,
    stderr: () => stderr,
    stop: async () => {
      inspector.close();
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}
