/** Starts the real server on 127.0.0.1:0 for tests and talks to it over HTTP with fetch. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { type BuildOptions, buildApp } from '../app.js';
import type { ServerConfig } from '../config/flags.js';

export { waitFor } from './wait.js';

export function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'fluxscope-test-'));
}

export function writeTemp(name: string, content: string): string {
  const file = path.join(tempDir(), name);
  fs.writeFileSync(file, content);
  return file;
}

/** A config that looks nowhere by default: no KUBECONFIG, an empty HOME, not in a cluster, no web app. */
export function testConfig(overrides: Partial<ServerConfig> = {}): ServerConfig {
  return {
    host: '127.0.0.1',
    port: 0,
    demo: false,
    allContexts: false,
    demoClusters: 0,
    demoScenario: 'steady',
    demoSpeed: 1,
    enableActions: false,
    logsEnabled: true,
    allowUnauthenticated: false,
    impersonate: false,
    allowedHosts: [],
    staticDir: path.join(tempDir(), 'no-web-app'),
    logLevel: process.env['FLUXSCOPE_TEST_LOGS'] ? 'info' : 'silent',
    watchSilenceMs: 300_000,
    discoveryIntervalMs: 60_000,
    heartbeatMs: 15_000,
    sseMaxBufferedBytes: 8 * 1024 * 1024,
    maxEvents: 5000,
    home: tempDir(),
    ...overrides,
  };
}

export interface RunningServer {
  url: string;
  app: FastifyInstance;
  get(pathname: string, init?: RequestInit): Promise<Response>;
  json<T = unknown>(pathname: string): Promise<T>;
  close(): Promise<void>;
}

export async function startServer(
  config: ServerConfig,
  options: Omit<BuildOptions, 'logger'> = {},
): Promise<RunningServer> {
  const app = await buildApp(config, {
    ...options,
    logger: process.env['FLUXSCOPE_TEST_LOGS'] ? undefined : false,
    auditSink: options.auditSink ?? (process.env['FLUXSCOPE_TEST_LOGS'] ? process.stdout : { write() {} }),
  });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  const get = (pathname: string, init?: RequestInit) => fetch(url + pathname, init);
  return {
    url,
    app,
    get,
    async json<T>(pathname: string): Promise<T> {
      const res = await get(pathname);
      if (!res.ok) throw new Error(`GET ${pathname}: ${res.status} ${await res.text()}`);
      return (await res.json()) as T;
    },
    close: () => app.close(),
  };
}
