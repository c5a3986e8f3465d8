/**
 * nats-server authorization for a fleet: one NKey user per agent, allowed to write only its own cluster's
 * keys, events subject and drill-down subscription, and one for the hub, which manages the bucket and stream,
 * reads everything and asks agents, but writes no key. The fleet suites start nats-server with it and then
 * try, as a compromised agent would, everything the permissions are there to stop.
 *
 * Subjects an agent needs besides its own `$KV.<bucket>.<cluster>.>`: JetStream API calls the KV client
 * makes (stream info, direct gets and key listings of its own keys, its ephemeral consumers), and replies to
 * drill requests (allow_responses: it may answer what it was asked, nothing else).
 */
import { createUser } from '@nats-io/nkeys';
import { type FleetNames, encodeToken, fleetNames } from './subjects.js';

export interface FleetUser {
  /** The public NKey (U...), in the server config. */
  publicKey: string;
  /** The seed (SU...), for the client's `--nats-nkey` file. Secret. */
  seed: string;
}

export function newUser(): FleetUser {
  const kp = createUser();
  return { publicKey: kp.getPublicKey(), seed: new TextDecoder().decode(kp.getSeed()) };
}

type Permissions = { publish: string[]; subscribe: string[]; allowResponses?: boolean };

export function agentPermissions(names: FleetNames, cluster: string): Permissions {
  const c = encodeToken(cluster);
  const kvStream = `KV_${names.bucket}`;
  const own = `$KV.${names.bucket}.${c}.>`;
  return {
    publish: [
      own,
      names.eventsSubject(cluster),
      '$JS.API.INFO',
      `$JS.API.STREAM.INFO.${kvStream}`,
      `$JS.API.STREAM.INFO.${names.eventsStream}`,
      // Reads of its own keys only (reconciling after a reconnect).
      `$JS.API.DIRECT.GET.${kvStream}.${own}`,
      `$JS.API.CONSUMER.CREATE.${kvStream}.*.${own}`,
      `$JS.API.CONSUMER.INFO.${kvStream}.*`,
      `$JS.API.CONSUMER.DELETE.${kvStream}.*`,
      `$JS.FC.${kvStream}.>`,
    ],
    subscribe: [`${names.inboxPrefix(cluster)}.>`, names.drillSubject(cluster)],
    allowResponses: true,
  };
}

export function hubPermissions(names: FleetNames): Permissions {
  return {
    publish: ['$JS.API.>', '$JS.FC.>', '$JS.ACK.>', names.drillWildcard],
    subscribe: [`${names.hubInboxPrefix}.>`],
  };
}

function list(items: string[]): string {
  return `[${items.map(i => JSON.stringify(i)).join(', ')}]`;
}

function permissionsBlock(p: Permissions): string {
  return [
    '      permissions: {',
    `        publish: { allow: ${list(p.publish)} }`,
    `        subscribe: { allow: ${list(p.subscribe)} }`,
    ...(p.allowResponses ? ['        allow_responses: true'] : []),
    '      }',
  ].join('\n');
}

/** The `authorization` block of nats-server's config for a hub and the given agents. */
export function fleetAuthorization(
  hub: Pick<FleetUser, 'publicKey'>,
  agents: Array<{ cluster: string; user: Pick<FleetUser, 'publicKey'> }>,
  prefix = 'fluxscope',
): string {
  const names = fleetNames(prefix);
  const users = [
    `    {\n      nkey: ${hub.publicKey}\n${permissionsBlock(hubPermissions(names))}\n    }`,
    ...agents.map(
      a =>
        `    {\n      nkey: ${a.user.publicKey}\n${permissionsBlock(agentPermissions(names, a.cluster))}\n    }`,
    ),
  ];
  return `authorization {\n  users: [\n${users.join('\n')}\n  ]\n}\n`;
}
