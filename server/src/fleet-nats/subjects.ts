/**
 * Names in NATS for the fleet: the KV bucket's keys (one per Flux object, one heartbeat per cluster), the
 * events stream's subjects and the per-cluster drill-down subject. Every name an agent writes starts with its
 * cluster's token, so one permission line (`$KV.<bucket>.<cluster>.>`) limits it to its own keys.
 *
 * NATS keys and subject tokens allow `[-_=a-zA-Z0-9]` (plus `/` in keys, and `.` only between tokens).
 * Kubernetes names may hold dots, and a cluster name anything a user typed, so each token is escaped: every
 * other character becomes `=XX` (its UTF-8 bytes in hex), which keeps the dots the separators they are.
 */
import type { ObjRef } from '@fluxscope/shared';

const SAFE = /^[-_a-zA-Z0-9]$/;
/** The namespace token of a cluster-scoped object (no Kubernetes namespace can contain `_`). */
const NO_NAMESPACE = '_';
/** Heartbeat key's second token; objects' keys have four tokens, so it can never name an object. */
const HEARTBEAT = 'heartbeat';

export function encodeToken(text: string): string {
  if (text === '') throw new Error('an empty name cannot be a NATS token');
  let out = '';
  for (const ch of text) {
    if (SAFE.test(ch)) out += ch;
    else
      for (const byte of Buffer.from(ch, 'utf8'))
        out += `=${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

const PLAIN = /^[-_a-zA-Z0-9]+$/;

export function decodeToken(token: string): string {
  // Most names need no escape: skip the byte decoding (a hub decodes every key of the fleet on start).
  if (PLAIN.test(token)) return token;
  if (!/^(?:[-_a-zA-Z0-9]|=[0-9A-F]{2})+$/.test(token)) throw new Error(`"${token}" is not an escaped token`);
  const bytes: number[] = [];
  for (let i = 0; i < token.length; i++) {
    if (token[i] === '=') {
      bytes.push(parseInt(token.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(token.charCodeAt(i));
  }
  return Buffer.from(bytes).toString('utf8');
}

/** Cluster names: what `--cluster-name` accepts (it also names the cluster on the fleet page and in URLs). */
export const CLUSTER_NAME = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

export function objectKey(cluster: string, ref: Pick<ObjRef, 'kind' | 'namespace' | 'name'>): string {
  return [
    encodeToken(cluster),
    encodeToken(ref.kind),
    ref.namespace === '' ? NO_NAMESPACE : encodeToken(ref.namespace),
    encodeToken(ref.name),
  ].join('.');
}

export function heartbeatKey(cluster: string): string {
  return `${encodeToken(cluster)}.${HEARTBEAT}`;
}

/** Every key of one cluster, as a KV filter and a permission subject's tail. */
export function clusterKeys(cluster: string): string {
  return `${encodeToken(cluster)}.>`;
}

export type ParsedKey =
  | { type: 'object'; cluster: string; kind: string; namespace: string; name: string }
  | { type: 'heartbeat'; cluster: string };

/** What a key names, or undefined for a key no agent writes (the hub drops and counts those). */
export function parseKey(key: string): ParsedKey | undefined {
  const tokens = key.split('.');
  try {
    if (tokens.length === 2 && tokens[1] === HEARTBEAT)
      return { type: 'heartbeat', cluster: decodeToken(tokens[0]!) };
    if (tokens.length !== 4) return undefined;
    const [cluster, kind, namespace, name] = tokens as [string, string, string, string];
    return {
      type: 'object',
      cluster: decodeToken(cluster),
      kind: decodeToken(kind),
      namespace: namespace === NO_NAMESPACE ? '' : decodeToken(namespace),
      name: decodeToken(name),
    };
  } catch {
    return undefined;
  }
}

/** The names one fleet uses in NATS; `--nats-prefix` keeps several fleets apart on one server. */
export interface FleetNames {
  bucket: string;
  eventsStream: string;
  /** Subjects of the events stream: `<prefix>.events.<cluster>`. */
  eventsSubject(cluster: string): string;
  eventsWildcard: string;
  /** Drill-down requests for one cluster's agent. */
  drillSubject(cluster: string): string;
  /** Inbox prefix of one cluster's agent, so it can subscribe to its own replies only. */
  inboxPrefix(cluster: string): string;
  /** Every cluster's drill subject (the hub's permission). */
  drillWildcard: string;
  /** The hub's inbox prefix (`__`: no cluster name, a DNS label, can end up there). */
  hubInboxPrefix: string;
}

export function fleetNames(prefix = 'fluxscope'): FleetNames {
  const p = encodeToken(prefix);
  return {
    bucket: `${p}-objects`,
    eventsStream: `${p}-events`,
    eventsSubject: cluster => `${p}.events.${encodeToken(cluster)}`,
    eventsWildcard: `${p}.events.>`,
    drillSubject: cluster => `${p}.drill.${encodeToken(cluster)}`,
    inboxPrefix: cluster => `_INBOX_${p}_${encodeToken(cluster).replace(/=/g, '_')}`,
    drillWildcard: `${p}.drill.*`,
    hubInboxPrefix: `_INBOX_${p}__hub`,
  };
}
