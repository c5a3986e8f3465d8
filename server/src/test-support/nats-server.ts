/**
 * A real nats-server for the fleet suites: 127.0.0.1, a free port, JetStream stored in a temp dir, optionally
 * with a generated config (users, permissions). The binary is the one `testbed/build.sh --tools` builds from
 * the Go module proxy; FLUXSCOPE_NATS_SERVER names it, else the tools folder is asked.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** The nats-server binary, or undefined when the tools have not been built here. */
export function natsServerBinary(): string | undefined {
  const fromEnv = process.env['FLUXSCOPE_NATS_SERVER'];
  if (fromEnv) return fs.existsSync(fromEnv) ? fromEnv : undefined;
  try {
    const bin = execFileSync('bash', [path.join(REPO, 'testbed', 'build.sh'), '--print-tools-bin'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
    const file = path.join(bin, 'nats-server');
    return fs.existsSync(file) ? file : undefined;
  } catch {
    return undefined;
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

export class NatsServer {
  private proc: ChildProcess | undefined;
  readonly storeDir: string;
  private output = '';

  private constructor(
    private readonly binary: string,
    readonly port: number,
    private readonly configFile: string | undefined,
  ) {
    this.storeDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fluxscope-nats-'));
  }

  /** Starts one; `config` is nats-server config text (listen/port/jetstream are added here). */
  static async start(options: { config?: string } = {}): Promise<NatsServer> {
    const binary = natsServerBinary();
    if (!binary) throw new Error('nats-server is not built: run `bash testbed/build.sh --tools`');
    const port = await freePort();
    let configFile: string | undefined;
    if (options.config !== undefined) {
      configFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'fluxscope-nats-conf-')), 'nats.conf');
      fs.writeFileSync(configFile, options.config);
    }
    const server = new NatsServer(binary, port, configFile);
    await server.run();
    return server;
  }

  get url(): string {
    return `nats://127.0.0.1:${this.port}`;
  }

  get log(): string {
    return this.output;
  }

  private async run(): Promise<void> {
    const args = ['-a', '127.0.0.1', '-p', String(this.port), '-js', '-sd', this.storeDir];
    if (this.configFile) args.push('-c', this.configFile);
    const proc = spawn(this.binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    this.proc = proc;
    const collect = (d: Buffer) => {
      this.output = (this.output + d.toString()).slice(-64 * 1024);
    };
    proc.stdout?.on('data', collect);
    proc.stderr?.on('data', collect);
    const deadline = Date.now() + 20_000;
    while (!/Server is ready/.test(this.output)) {
      if (proc.exitCode !== null) throw new Error(`nats-server exited (${proc.exitCode}):\n${this.output}`);
      if (Date.now() > deadline) throw new Error(`nats-server did not start in 20 s:\n${this.output}`);
      await new Promise(r => setTimeout(r, 50));
    }
  }

  /** Stops it (SIGTERM; JetStream's files stay for a restart). */
  async stop(): Promise<void> {
    const proc = this.proc;
    if (!proc || proc.exitCode !== null) return;
    await new Promise<void>(resolve => {
      proc.once('exit', () => resolve());
      proc.kill('SIGTERM');
      setTimeout(() => proc.kill('SIGKILL'), 5000).unref();
    });
  }

  /** Starts it again after stop(): same port, same store. */
  async start(): Promise<void> {
    this.output = '';
    await this.run();
  }

  /** The same server again: same port, same store. */
  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }

  async dispose(): Promise<void> {
    await this.stop();
    fs.rmSync(this.storeDir, { recursive: true, force: true });
    if (this.configFile) fs.rmSync(path.dirname(this.configFile), { recursive: true, force: true });
  }
}
