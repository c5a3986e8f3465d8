/** HTTP load for the API benches: N concurrent keep-alive clients, per-request latency including the body. */
import { Agent, get } from 'node:http';
import { gzipSync } from 'node:zlib';
import { procStats } from './proc.ts';
import { summarize, type Summary } from './stats.ts';

export interface Fetched {
  status: number;
  bytes: number;
  ms: number;
  body: Buffer;
}

export function fetchOnce(
  url: string,
  agent?: Agent,
  headers: Record<string, string> = {},
): Promise<Fetched> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const req = get(url, { agent, headers }, res => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const body = Buffer.concat(chunks);
        resolve({ status: res.statusCode ?? 0, bytes: body.length, ms: performance.now() - t0, body });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}

export interface LoadResult extends Summary {
  /** Response size (as sent, gzip when the server compressed). */
  bytes: number;
  errors: number;
  /** Server CPU (user + system) per request: what the latency would be on an idle core, before queueing. */
  cpuMsPerRequest?: number;
}

/** `total` requests over `clients` concurrent clients, each sequential; browsers' accept-encoding. */
export async function load(
  url: string,
  clients: number,
  total: number,
  serverPid?: number,
): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: clients });
  const headers = { 'accept-encoding': 'gzip, deflate, br' };
  const samples: number[] = [];
  let bytes = 0;
  let errors = 0;
  let issued = 0;
  // Warm up each socket (and the JIT) before measuring.
  await Promise.all(Array.from({ length: clients }, () => fetchOnce(url, agent, headers)));
  const cpuBefore = serverPid ? procStats(serverPid).cpuSeconds : 0;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (issued < total) {
        issued++;
        const r = await fetchOnce(url, agent, headers);
        if (r.status !== 200) errors++;
        samples.push(r.ms);
        bytes = r.bytes;
      }
    }),
  );
  agent.destroy();
  const cpu = serverPid ? procStats(serverPid).cpuSeconds - cpuBefore : undefined;
  return {
    ...summarize(samples),
    bytes,
    errors,
    ...(cpu !== undefined ? { cpuMsPerRequest: Math.round((cpu * 1000 * 100) / samples.length) / 100 } : {}),
  };
}

export const gzipSize = (body: Buffer): number => gzipSync(body).length;
