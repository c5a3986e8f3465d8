/**
 * The fleet's two JetStream assets: the objects bucket (KV, one value per key: a watch is a snapshot plus
 * deltas) and the events stream (bounded by age and bytes, oldest dropped). The hub creates them; an agent
 * only binds to them, and may create them where its permissions allow (a dev NATS without accounts).
 */
import {
  type JetStreamManager,
  DiscardPolicy,
  JetStreamApiError,
  RetentionPolicy,
  StorageType,
} from '@nats-io/jetstream';
import type { Kvm } from '@nats-io/kv';
import { type KV } from '@nats-io/kv';
import { nanos } from '@nats-io/transport-node';
import type { FleetModeConfig } from '../config/nats-flags.js';
import type { FleetNames } from './subjects.js';

export async function openObjectsBucket(
  kvm: Kvm,
  names: FleetNames,
  maxValueBytes: number,
  create: boolean,
): Promise<KV> {
  if (create)
    return kvm.create(names.bucket, {
      history: 1,
      storage: StorageType.File,
      maxValueSize: maxValueBytes,
      allow_direct: true,
      description: 'Fluxscope fleet: one compact summary per Flux object, one heartbeat per cluster',
    });
  const kv = await kvm.open(names.bucket, { allow_direct: true });
  // Binding checks nothing: ask for the bucket's status so a missing bucket is an error here, not on first use.
  await kv.status();
  return kv;
}

export async function ensureEventsStream(
  jsm: JetStreamManager,
  names: FleetNames,
  config: Pick<FleetModeConfig, 'eventsMaxAgeMs' | 'eventsMaxBytes'>,
  create: boolean,
): Promise<void> {
  try {
    await jsm.streams.info(names.eventsStream);
    return;
  } catch (err) {
    if (!create || !(err instanceof JetStreamApiError)) throw err;
  }
  await jsm.streams.add({
    name: names.eventsStream,
    subjects: [names.eventsWildcard],
    retention: RetentionPolicy.Limits,
    storage: StorageType.File,
    discard: DiscardPolicy.Old,
    max_age: nanos(config.eventsMaxAgeMs),
    max_bytes: config.eventsMaxBytes,
    max_msg_size: 64 * 1024,
  });
}
