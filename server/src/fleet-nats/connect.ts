/**
 * One NATS connection for an agent or a hub, from the fleet flags: servers, NKey or creds-file sign-in, TLS.
 * It reconnects forever (an agent outlives any NATS outage); what the caller does on reconnect is its business.
 */
import fs from 'node:fs';
import {
  connect,
  credsAuthenticator,
  nkeyAuthenticator,
  type NatsConnection,
  type NodeConnectionOptions,
} from '@nats-io/transport-node';
import type { NatsConfig } from '../config/nats-flags.js';

const RETRY_MS = 1000;

export function connectionOptions(
  config: NatsConfig,
  name: string,
  inboxPrefix?: string,
): NodeConnectionOptions {
  const opts: NodeConnectionOptions = {
    servers: config.servers,
    name,
    maxReconnectAttempts: -1,
    reconnectTimeWait: RETRY_MS,
    // The first connect is retried by connectNats, which reports each failure: with waitOnFirstConnect the
    // client retries silently forever, so a wrong CA or a refused client certificate would never be seen.
    waitOnFirstConnect: false,
    // Agents and hubs must notice a dead link in seconds, not the default two minutes.
    pingInterval: 10_000,
    maxPingOut: 3,
    ...(inboxPrefix ? { inboxPrefix } : {}),
  };
  // Files are read on every (re)connect, so a rotated Secret volume takes effect without a restart.
  if (config.credsFile) {
    const file = config.credsFile;
    opts.authenticator = credsAuthenticator(() => fs.readFileSync(file));
  } else if (config.nkeySeedFile) {
    const file = config.nkeySeedFile;
    opts.authenticator = nkeyAuthenticator(() =>
      new TextEncoder().encode(fs.readFileSync(file, 'utf8').trim()),
    );
  }
  if (config.tls) opts.tls = { ...config.tls };
  return opts;
}

export interface ConnectWatch {
  /** Called with each failed first attempt (a TLS or sign-in refusal, no server listening...). */
  onError(err: Error): void;
  /** True once the caller no longer wants a connection: the loop ends with undefined. */
  stopped(): boolean;
}

/**
 * Connects, retrying every second until it works or the caller stops; afterwards the client reconnects by
 * itself. Undefined when stopped before a connection was made.
 */
export async function connectNats(
  config: NatsConfig,
  name: string,
  inboxPrefix: string | undefined,
  watch: ConnectWatch,
): Promise<NatsConnection | undefined> {
  const opts = connectionOptions(config, name, inboxPrefix);
  while (!watch.stopped()) {
    try {
      const nc = await connect(opts);
      if (!watch.stopped()) return nc;
      await nc.close().catch(() => undefined);
      return undefined;
    } catch (err) {
      if (watch.stopped()) return undefined;
      watch.onError(err instanceof Error ? err : new Error(String(err)));
      await new Promise(r => setTimeout(r, RETRY_MS));
    }
  }
  return undefined;
}

/** One line for a connection failure: TLS errors name their cause (the library wraps some of them). */
export function natsErrorText(err: Error): string {
  const cause = err.cause instanceof Error ? `: ${err.cause.message}` : '';
  return `${err.message}${cause && !err.message.includes(cause.slice(2)) ? cause : ''}`;
}
