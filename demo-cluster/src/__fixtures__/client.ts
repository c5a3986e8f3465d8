/** Test helpers: a client-node KubeConfig for a started demo cluster and raw HTTPS requests with its CA. */
import { request } from 'node:https';
import { KubeConfig } from '@kubernetes/client-node';
import type { DemoCluster } from '../index.js';

export function kubeConfigOf(cluster: DemoCluster): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromString(cluster.kubeconfig);
  return kc;
}

export interface RawResponse {
  status: number;
  body: string;
  json<T = Record<string, unknown>>(): T;
}

/** A plain HTTPS request as kubectl would make it, with the kubeconfig's CA and bearer token. */
export function raw(
  cluster: DemoCluster,
  method: string,
  path: string,
  body?: { type: string; data: unknown },
): Promise<RawResponse> {
  const kc = kubeConfigOf(cluster);
  const ca = Buffer.from(kc.getCurrentCluster()?.caData ?? '', 'base64');
  const token = kc.getCurrentUser()?.token ?? '';
  const url = new URL(path, cluster.url);
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method,
        ca,
        headers: { Authorization: `Bearer ${token}`, ...(body ? { 'Content-Type': body.type } : {}) },
      },
      res => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ status: res.statusCode ?? 0, body: text, json: <T>() => JSON.parse(text) as T });
        });
      },
    );
    req.on('error', reject);
    if (body) req.write(JSON.stringify(body.data));
    req.end();
  });
}

export const sleep = (ms: number): Promise<void> => new Promise(resolve => setTimeout(resolve, ms));

/** Polls `check` until it returns a value (not undefined/false) or the timeout passes. */
export async function eventually<T>(
  check: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(50);
  }
}
