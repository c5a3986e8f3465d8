/**
 * The fleet modes' flags: `fluxscope agent` / `fluxscope hub` (or `--mode agent|hub`) and how they reach NATS.
 * Parsed before the server's own flags, which see what is left. Credentials are files (a creds file or an
 * NKey seed file, TLS key and certificates), never flag values: argv shows in `ps`.
 */
import fs from 'node:fs';
import { CLUSTER_NAME } from '../fleet-nats/subjects.js';
import { FlagError } from './flags.js';

export type ServerMode = 'server' | 'agent' | 'hub';
const MODES: readonly ServerMode[] = ['server', 'agent', 'hub'];

export interface NatsConfig {
  /** Comma-separated server URLs (nats://host:4222, tls://...). */
  servers: string[];
  /** A `.creds` file (user JWT + NKey seed), for operator/JWT-based servers. */
  credsFile?: string;
  /** A file holding an NKey user seed (`SU...`). */
  nkeySeedFile?: string;
  tls?: { caFile?: string; certFile?: string; keyFile?: string };
  /** Keeps several fleets apart on one NATS: names the bucket, the stream and the subjects. */
  prefix: string;
}

export interface FleetModeConfig {
  mode: ServerMode;
  nats?: NatsConfig;
  /** The agent's cluster: its keys, subjects and name on the fleet page. */
  clusterName?: string;
  /** Hub: how long a drill-down waits for the owning agent. */
  drillTimeoutMs: number;
  /** Agent: how often it writes its heartbeat; hub: a cluster is stale after 3 of these without one. */
  heartbeatMs: number;
  /** Events stream retention. */
  eventsMaxAgeMs: number;
  eventsMaxBytes: number;
  /** Hub: values larger than this are dropped and counted (a summary is a few hundred bytes). */
  maxValueBytes: number;
}

interface Spec {
  name: string;
  env: string;
  help: string;
}

export const NATS_FLAGS: readonly Spec[] = [
  { name: 'mode', env: 'FLUXSCOPE_MODE', help: 'server (default) | agent | hub; also `fluxscope agent|hub`' },
  { name: 'cluster-name', env: 'FLUXSCOPE_CLUSTER_NAME', help: "agent: this cluster's name in the fleet" },
  { name: 'nats-url', env: 'FLUXSCOPE_NATS_URL', help: 'agent/hub: NATS server URL(s), comma-separated' },
  { name: 'nats-creds', env: 'FLUXSCOPE_NATS_CREDS', help: 'NATS credentials file (JWT + NKey seed)' },
  { name: 'nats-nkey', env: 'FLUXSCOPE_NATS_NKEY', help: 'file holding an NKey user seed' },
  {
    name: 'nats-tls-ca',
    env: 'FLUXSCOPE_NATS_TLS_CA',
    help: "CA certificate file to verify the NATS server's",
  },
  { name: 'nats-tls-cert', env: 'FLUXSCOPE_NATS_TLS_CERT', help: 'client certificate file (mutual TLS)' },
  { name: 'nats-tls-key', env: 'FLUXSCOPE_NATS_TLS_KEY', help: "the client certificate's key file" },
  {
    name: 'nats-prefix',
    env: 'FLUXSCOPE_NATS_PREFIX',
    help: 'names of the bucket/stream/subjects (default fluxscope)',
  },
  {
    name: 'drill-timeout',
    env: 'FLUXSCOPE_DRILL_TIMEOUT',
    help: 'hub: seconds to wait for an agent (default 10)',
  },
  { name: 'fleet-heartbeat', env: 'FLUXSCOPE_FLEET_HEARTBEAT', help: 'agent heartbeat seconds (default 5)' },
  { name: 'events-max-age', env: 'FLUXSCOPE_EVENTS_MAX_AGE', help: 'events stream: hours kept (default 24)' },
  {
    name: 'events-max-bytes',
    env: 'FLUXSCOPE_EVENTS_MAX_BYTES',
    help: 'events stream: MiB kept (default 256)',
  },
];

function readableFile(file: string, flag: string): string {
  try {
    fs.accessSync(file, fs.constants.R_OK);
  } catch (err) {
    throw new FlagError(`--${flag} ${file}: ${(err as Error).message}`);
  }
  return file;
}

function positive(value: string | undefined, flag: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!(n > 0)) throw new FlagError(`--${flag} must be a positive number, got "${value}"`);
  return n;
}

/**
 * Takes the fleet flags (and a leading `agent`/`hub` word) out of argv; returns them and the rest for
 * parseFlags. Only flags named here are taken, so the server's own flags keep their errors and help.
 */
export function parseFleetFlags(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  /** false: do not check that credential files exist (the chart's tests parse args of a pod not running here). */
  checkFiles = true,
): { fleet: FleetModeConfig; rest: string[] } {
  const readable = checkFiles ? readableFile : (file: string) => file;
  const values = new Map<string, string>();
  for (const f of NATS_FLAGS) if (env[f.env]) values.set(f.name, env[f.env]!);
  const rest: string[] = [];
  const args = [...argv];
  if (args[0] === 'agent' || args[0] === 'hub' || args[0] === 'server') values.set('mode', args.shift()!);
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const eq = arg.indexOf('=');
    const name = arg.startsWith('--') ? (eq > 0 ? arg.slice(2, eq) : arg.slice(2)) : '';
    if (!NATS_FLAGS.some(f => f.name === name)) {
      rest.push(arg);
      continue;
    }
    const value = eq > 0 ? arg.slice(eq + 1) : args[++i];
    if (value === undefined) throw new FlagError(`--${name} needs a value`);
    values.set(name, value);
  }

  const mode = (values.get('mode') ?? 'server') as ServerMode;
  if (!MODES.includes(mode)) throw new FlagError(`--mode must be one of ${MODES.join(', ')}, got "${mode}"`);
  const fleet: FleetModeConfig = {
    mode,
    drillTimeoutMs: positive(values.get('drill-timeout'), 'drill-timeout', 10) * 1000,
    heartbeatMs: positive(values.get('fleet-heartbeat'), 'fleet-heartbeat', 5) * 1000,
    eventsMaxAgeMs: positive(values.get('events-max-age'), 'events-max-age', 24) * 3_600_000,
    eventsMaxBytes: Math.round(
      positive(values.get('events-max-bytes'), 'events-max-bytes', 256) * 1024 * 1024,
    ),
    maxValueBytes: 64 * 1024,
  };
  if (mode === 'server') return { fleet, rest };

  const url = values.get('nats-url');
  if (!url) throw new FlagError(`fluxscope ${mode} needs --nats-url (or FLUXSCOPE_NATS_URL)`);
  const servers = url
    .split(',')
    .map(s => s.trim())
    .filter(Boolean);
  for (const s of servers)
    if (!/^(nats|tls|wss?):\/\/[^\s]+$/.test(s))
      throw new FlagError(`--nats-url: "${s}" is not a nats:// or tls:// URL`);
  if (values.has('nats-creds') && values.has('nats-nkey'))
    throw new FlagError('--nats-creds and --nats-nkey are two ways to sign in: choose one');
  const prefix = values.get('nats-prefix') ?? 'fluxscope';
  if (!/^[a-zA-Z0-9][-_a-zA-Z0-9]{0,31}$/.test(prefix))
    throw new FlagError(`--nats-prefix: "${prefix}" is not a simple name`);
  const tlsCa = values.get('nats-tls-ca');
  const tlsCert = values.get('nats-tls-cert');
  const tlsKey = values.get('nats-tls-key');
  if ((tlsCert === undefined) !== (tlsKey === undefined))
    throw new FlagError('--nats-tls-cert and --nats-tls-key go together');
  fleet.nats = {
    servers,
    prefix,
    ...(values.has('nats-creds') ? { credsFile: readable(values.get('nats-creds')!, 'nats-creds') } : {}),
    ...(values.has('nats-nkey') ? { nkeySeedFile: readable(values.get('nats-nkey')!, 'nats-nkey') } : {}),
    ...(tlsCa || tlsCert
      ? {
          tls: {
            ...(tlsCa ? { caFile: readable(tlsCa, 'nats-tls-ca') } : {}),
            ...(tlsCert ? { certFile: readable(tlsCert, 'nats-tls-cert') } : {}),
            ...(tlsKey ? { keyFile: readable(tlsKey, 'nats-tls-key') } : {}),
          },
        }
      : {}),
  };
  if (mode === 'agent') {
    const name = values.get('cluster-name');
    if (!name) throw new FlagError('fluxscope agent needs --cluster-name (or FLUXSCOPE_CLUSTER_NAME)');
    if (!CLUSTER_NAME.test(name))
      throw new FlagError(`--cluster-name: "${name}" must be a DNS label (a-z, 0-9, "-", at most 63)`);
    fleet.clusterName = name;
  }
  return { fleet, rest };
}

export function fleetHelpText(): string {
  const lines = ['', 'Fleet flags (fluxscope agent | fluxscope hub):'];
  for (const f of NATS_FLAGS) lines.push(`${`  --${f.name} <value>`.padEnd(34)}${f.help} [env ${f.env}]`);
  return lines.join('\n') + '\n';
}
