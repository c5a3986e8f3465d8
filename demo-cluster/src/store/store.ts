/**
 * The demo cluster's object store: what etcd plus the watch cache are to kube-apiserver. One global
 * resourceVersion counter, objects in Maps by kind then `namespace/name`, a bounded change log for watch
 * resume (older resourceVersions answer 410 Gone), and listeners for live watches. Stored objects are never
 * mutated in place: every write replaces the object, so watch events and cached JSON stay valid.
 * The store knows nothing about HTTP, so scenarios, the seed and a synthetic generator all write through it.
 */
import { randomUUID } from 'node:crypto';
import type { ClusterObject } from '@fluxscope/shared';
import { splitApiVersion } from '@fluxscope/shared';

export type KubeObject = ClusterObject;
export type ChangeType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface Change {
  rv: number;
  type: ChangeType;
  /** `group/Kind`. */
  gk: string;
  object: KubeObject;
  /** The object before a MODIFIED or DELETED change (watches with selectors need it). */
  prev?: KubeObject;
}

export interface StoreEntry {
  readonly object: KubeObject;
  /** JSON of the object, made on first use (lists and watches at 100k objects reuse it). */
  json?: string;
}

export class ResourceVersionTooOldError extends Error {
  constructor(
    readonly requested: number,
    readonly oldest: number,
  ) {
    super(`too old resource version: ${requested} (${oldest})`);
    this.name = 'ResourceVersionTooOldError';
  }
}

interface KindBucket {
  entries: Map<string, StoreEntry>;
  /** `namespace/name` keys in order, rebuilt lazily after adds and deletes (the order kube lists in). */
  sorted?: string[];
}

export interface StoreOptions {
  /** How many changes are kept for watch resume; older resourceVersions get 410 Gone. */
  changeLogSize?: number;
  /** The first resourceVersion handed out, so ids look like a long-running cluster's. */
  initialResourceVersion?: number;
  /** The clock, so scenarios can run on scaled time and tests can pin it. */
  now?: () => Date;
}

export const gkOf = (obj: KubeObject): string => `${splitApiVersion(obj.apiVersion).group}/${obj.kind}`;
const nsName = (namespace: string | undefined, name: string): string => `${namespace ?? ''}/${name}`;

function lowerBound(sorted: string[], key: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as string) < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Everything but metadata and status: a change there is a spec change and bumps metadata.generation. */
function specPart(obj: KubeObject): string {
  const { metadata: _m, status: _s, ...rest } = obj;
  return JSON.stringify(rest);
}

export class ObjectStore {
  private rv: number;
  private readonly buckets = new Map<string, KindBucket>();
  private log: Change[] = [];
  /** Changes with rv <= compactedRv are gone from the log. */
  private compactedRv: number;
  private readonly logSize: number;
  private readonly listeners = new Set<(change: Change) => void>();
  readonly now: () => Date;

  constructor(opts: StoreOptions = {}) {
    this.rv = opts.initialResourceVersion ?? 1000;
    this.compactedRv = this.rv;
    this.logSize = opts.changeLogSize ?? 10_000;
    this.now = opts.now ?? (() => new Date());
  }

  get resourceVersion(): number {
    return this.rv;
  }

  /** The oldest resourceVersion a watch can still resume from. */
  get oldestResumableVersion(): number {
    return this.compactedRv;
  }

  get size(): number {
    let n = 0;
    for (const b of this.buckets.values()) n += b.entries.size;
    return n;
  }

  get(gk: string, namespace: string | undefined, name: string): KubeObject | undefined {
    return this.buckets.get(gk)?.entries.get(nsName(namespace, name))?.object;
  }

  getEntry(gk: string, namespace: string | undefined, name: string): StoreEntry | undefined {
    return this.buckets.get(gk)?.entries.get(nsName(namespace, name));
  }

  /** Entries of a kind in key order, optionally within one namespace, starting after `afterKey` (paging). */
  *entries(gk: string, namespace?: string, afterKey?: string): Generator<[string, StoreEntry]> {
    const bucket = this.buckets.get(gk);
    if (!bucket) return;
    if (!bucket.sorted) bucket.sorted = [...bucket.entries.keys()].sort();
    const sorted = bucket.sorted;
    const prefix = namespace ? `${namespace}/` : '';
    let i = lowerBound(sorted, prefix);
    if (afterKey !== undefined && afterKey >= prefix) {
      i = lowerBound(sorted, afterKey);
      if (sorted[i] === afterKey) i++;
    }
    for (; i < sorted.length; i++) {
      const key = sorted[i] as string;
      if (prefix && !key.startsWith(prefix)) return;
      // The sorted array may be stale only by additions/deletions made while iterating; skip vanished keys.
      const entry = bucket.entries.get(key);
      if (entry) yield [key, entry];
    }
  }

  list(gk: string, namespace?: string): KubeObject[] {
    return [...this.entries(gk, namespace)].map(([, e]) => e.object);
  }

  kinds(): string[] {
    return [...this.buckets.keys()];
  }

  /**
   * Creates or replaces an object. The store owns metadata.resourceVersion, uid, creationTimestamp and
   * generation (bumped when anything outside metadata and status changes), as the API server does.
   */
  put(input: KubeObject): KubeObject {
    const gk = gkOf(input);
    let bucket = this.buckets.get(gk);
    if (!bucket) this.buckets.set(gk, (bucket = { entries: new Map() }));
    const key = nsName(input.metadata.namespace, input.metadata.name);
    const prev = bucket.entries.get(key)?.object;
    const rv = ++this.rv;
    const metadata = { ...input.metadata, resourceVersion: String(rv) };
    if (prev) {
      metadata.uid = prev.metadata.uid;
      metadata.creationTimestamp = prev.metadata.creationTimestamp;
      const prevGen = prev.metadata.generation ?? 1;
      metadata.generation = specPart(prev) === specPart(input) ? prevGen : prevGen + 1;
    } else {
      metadata.uid ??= randomUUID();
      metadata.creationTimestamp ??= this.timestamp();
      metadata.generation ??= 1;
    }
    if (metadata.namespace === undefined || metadata.namespace === '') delete metadata.namespace;
    const object: KubeObject = { ...input, metadata };
    bucket.entries.set(key, { object });
    if (!prev) bucket.sorted = undefined;
    this.record({ rv, type: prev ? 'MODIFIED' : 'ADDED', gk, object, ...(prev ? { prev } : {}) });
    return object;
  }

  /** Read-modify-write of one object; `fn` gets a deep copy. Returns undefined when the object is absent. */
  update(
    gk: string,
    namespace: string | undefined,
    name: string,
    fn: (draft: KubeObject) => void,
  ): KubeObject | undefined {
    const current = this.get(gk, namespace, name);
    if (!current) return undefined;
    const draft = structuredClone(current);
    fn(draft);
    return this.put(draft);
  }

  delete(gk: string, namespace: string | undefined, name: string): KubeObject | undefined {
    const bucket = this.buckets.get(gk);
    const key = nsName(namespace, name);
    const prev = bucket?.entries.get(key)?.object;
    if (!bucket || !prev) return undefined;
    bucket.entries.delete(key);
    bucket.sorted = undefined;
    const rv = ++this.rv;
    const object = { ...prev, metadata: { ...prev.metadata, resourceVersion: String(rv) } };
    this.record({ rv, type: 'DELETED', gk, object, prev });
    return object;
  }

  /** Removes every object and starts a fresh change log (a cluster rebuilt from scratch; old watches get 410). */
  clear(): void {
    this.buckets.clear();
    this.log = [];
    this.compactedRv = ++this.rv;
  }

  /**
   * Drops the change log but keeps the objects and the resourceVersion counter: an API server that restarted
   * and rebuilt its watch cache from etcd, so watches resuming from before now get 410 Gone.
   */
  forgetHistory(): void {
    this.log = [];
    this.compactedRv = this.rv;
  }

  /** Changes after `rv`, oldest first; throws ResourceVersionTooOldError when they are no longer all kept. */
  changesSince(rv: number): Change[] {
    if (rv < this.compactedRv) throw new ResourceVersionTooOldError(rv, this.compactedRv + 1);
    let lo = 0;
    let hi = this.log.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.log[mid] as Change).rv <= rv) lo = mid + 1;
      else hi = mid;
    }
    return this.log.slice(lo);
  }

  subscribe(listener: (change: Change) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  timestamp(): string {
    return this.now()
      .toISOString()
      .replace(/\.\d{3}Z$/, 'Z');
  }

  private record(change: Change): void {
    this.log.push(change);
    // Trim in batches so the log stays an array without shifting on every write.
    if (this.log.length > this.logSize + Math.ceil(this.logSize / 8)) {
      const drop = this.log.length - this.logSize;
      this.compactedRv = (this.log[drop - 1] as Change).rv;
      this.log = this.log.slice(drop);
    }
    for (const listener of this.listeners) listener(change);
  }
}

export function entryJson(entry: StoreEntry): string {
  entry.json ??= JSON.stringify(entry.object);
  return entry.json;
}
