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

export function connectionOptions(
  config: NatsConfig,
  name: string,
  inboxPrefix?: string,
): NodeConnectionOptions {
  const opts: NodeConnectionOptions = {
    servers: config.servers,
    name,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 1000,
    waitOnFirstConnect: true,
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

export async function connectNats(
  config: NatsConfig,
  name: string,
  inboxPrefix?: string,
): Promise<NatsConnection> {
  return connect(connectionOptions(config, name, inboxPrefix));
}
