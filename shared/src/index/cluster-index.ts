/**
 * An in-memory index of the cluster's objects, updated one change at a time. The server keeps one fed by
 * its watches; the browser keeps one fed by the SSE stream; every view (tree, trace, graph, stats...) is a
 * pure function over it. Lookups are O(1) or O(result): by ref, by uid, by Flux owner label, by owner
 * reference, by inventory (parent -> children, child -> parents).
 */
import type { ObjRef } from '../inventory/ids.js';
import { parseInventoryId, refKey } from '../inventory/ids.js';
import { HELM_GROUP, KUSTOMIZE_GROUP, isFluxKind } from '../kinds/registry.js';
import type { ClusterObject, FluxEvent } from '../kube/types.js';
import { splitApiVersion } from '../kube/types.js';
import { Interner } from './intern.js';

/** Inventory refs repeat their group, kind and namespace thousands of times: one copy of each. */
const shared = new Interner();

export interface InventoryEntry {
  /** The id as stored. */
  id: string;
  /** Parsed; absent when the id is malformed. */
  ref?: ObjRef;
  /** The API version stored beside the id (`v`). */
  version?: string;
  error?: string;
}

/** What `flux tree --compact` keeps: objects of the toolkit's groups. */
export const isToolkitRef = (ref: ObjRef): boolean => ref.group.includes('toolkit.fluxcd.io');

export type OwnerGroup = typeof KUSTOMIZE_GROUP | typeof HELM_GROUP;

export function refOf(obj: ClusterObject): ObjRef {
  return {
    group: splitApiVersion(obj.apiVersion).group,
    kind: obj.kind,
    namespace: obj.metadata.namespace ?? '',
    name: obj.metadata.name,
  };
}

/** `<group>/name` + `<group>/namespace` labels: who applied this object. */
export function ownerLabel(
  obj: ClusterObject,
  group: OwnerGroup,
): { namespace: string; name: string } | undefined {
  const labels = obj.metadata.labels;
  const name = labels?.[`${group}/name`];
  const namespace = labels?.[`${group}/namespace`];
  return name && namespace !== undefined ? { name, namespace } : undefined;
}

/** Reads `status.inventory.entries` (Kustomization, HelmRelease 1.5+); Terraform's `{n,t,id}` entries are skipped. */
export function readInventory(obj: ClusterObject): InventoryEntry[] | undefined {
  const inventory = obj.status?.['inventory'] as { entries?: unknown } | undefined;
  if (!inventory || !Array.isArray(inventory.entries)) return undefined;
  const out: InventoryEntry[] = [];
  for (const raw of inventory.entries as Array<{ id?: unknown; v?: unknown }>) {
    if (!raw || typeof raw.id !== 'string') {
      out.push({ id: String(raw?.id ?? ''), error: 'inventory entry without an id' });
      continue;
    }
    const entry: InventoryEntry = { id: raw.id };
    if (typeof raw.v === 'string') entry.version = raw.v;
    try {
      const ref = parseInventoryId(raw.id);
      ref.group = shared.str(ref.group);
      ref.kind = shared.str(ref.kind);
      ref.namespace = shared.str(ref.namespace);
      entry.ref = ref;
    } catch (err) {
      entry.error = (err as Error).message;
    }
    out.push(entry);
  }
  return out;
}

/**
 * Keys under one index entry: a lone key as itself, more in a Set. Most entries hold one key (a Pod's
 * ReplicaSet, the one Kustomization whose inventory lists an object), and a Set per entry was the larger part
 * of these maps.
 */
type Keys = string | Set<string>;

function addTo<K>(map: Map<K, Keys>, key: K, value: string): void {
  const keys = map.get(key);
  if (keys === undefined || keys === value) map.set(key, value);
  else if (typeof keys === 'string') map.set(key, new Set([keys, value]));
  else keys.add(value);
}

function removeFrom<K>(map: Map<K, Keys>, key: K, value: string): void {
  const keys = map.get(key);
  if (keys === undefined) return;
  if (typeof keys === 'string') {
    if (keys === value) map.delete(key);
    return;
  }
  keys.delete(value);
  if (keys.size === 1) map.set(key, keys.values().next().value as string);
  else if (keys.size === 0) map.delete(key);
}

const NO_KEYS: readonly string[] = [];
const eachKey = (keys: Keys | undefined): Iterable<string> =>
  keys === undefined ? NO_KEYS : typeof keys === 'string' ? [keys] : keys;

/**
 * The index's own copy of a key, as one flat string: a template literal leaves a rope of its parts (~145
 * bytes for a Pod's key against ~70 flat), and the index keeps one per object and inventory entry.
 */
const storedKey = (ref: ObjRef): string => [ref.group, ref.kind, ref.namespace, ref.name].join('/');

export class ClusterIndex {
  private readonly objects = new Map<string, ClusterObject>();
  private readonly byKind = new Map<string, Keys>();
  private readonly byUid = new Map<string, string>();
  private readonly byOwnerLabel = new Map<string, Keys>();
  private readonly byOwnerUid = new Map<string, Keys>();
  private readonly inventories = new Map<string, InventoryEntry[]>();
  /** The toolkit entries of each inventory, so compact trees cost O(Flux objects), not O(inventory). */
  private readonly toolkitInventories = new Map<string, InventoryEntry[]>();
  private readonly inventoryParents = new Map<string, Keys>();
  private readonly eventsById = new Map<string, FluxEvent>();
  /** Bumped on every change (objects and Events): memoize derived views on it. */
  version = 0;
  /**
   * Bumped only when an object of a Flux kind is added, changed or removed. Views that read Flux objects
   * alone (graph, stats, get all) key on it, so the steady churn of Pods, ReplicaSets and Events on a busy
   * cluster does not throw their results away.
   */
  fluxVersion = 0;

  get size(): number {
    return this.objects.size;
  }

  upsert(obj: ClusterObject): void {
    const ref = refOf(obj);
    const key = storedKey(ref);
    const previous = this.objects.get(key);
    if (previous) this.unindex(key, previous);
    this.objects.set(key, obj);
    this.index(key, ref, obj);
    this.version++;
    if (isFluxKind(ref.group, ref.kind)) this.fluxVersion++;
  }

  remove(ref: ObjRef): boolean {
    const key = refKey(ref);
    const previous = this.objects.get(key);
    if (!previous) return false;
    this.unindex(key, previous);
    this.objects.delete(key);
    this.version++;
    if (isFluxKind(ref.group, ref.kind)) this.fluxVersion++;
    return true;
  }

  /** Drops every object of one kind (a kind that stopped being served, or a relist about to replace it). */
  removeKind(group: string, kind: string): ClusterObject[] {
    const keys = [...eachKey(this.byKind.get(`${group}/${kind}`))];
    const removed: ClusterObject[] = [];
    for (const key of keys) {
      const obj = this.objects.get(key);
      if (obj && this.remove(refOf(obj))) removed.push(obj);
    }
    return removed;
  }

  get(ref: ObjRef): ClusterObject | undefined {
    return this.objects.get(refKey(ref));
  }

  /** The object whose refKey is `key` (what per-object subscribers hold). */
  getByKey(key: string): ClusterObject | undefined {
    return this.objects.get(key);
  }

  getByUid(uid: string): ClusterObject | undefined {
    const key = this.byUid.get(uid);
    return key === undefined ? undefined : this.objects.get(key);
  }

  ofKind(group: string, kind: string): ClusterObject[] {
    const out: ClusterObject[] = [];
    for (const key of eachKey(this.byKind.get(`${group}/${kind}`))) {
      const obj = this.objects.get(key);
      if (obj) out.push(obj);
    }
    return out;
  }

  all(): IterableIterator<ClusterObject> {
    return this.objects.values();
  }

  *fluxObjects(): Generator<ClusterObject> {
    for (const obj of this.objects.values()) {
      if (isFluxKind(splitApiVersion(obj.apiVersion).group, obj.kind)) yield obj;
    }
  }

  /** Objects labelled as applied by the Kustomization or HelmRelease namespace/name. */
  labelledBy(group: OwnerGroup, namespace: string, name: string): ClusterObject[] {
    return this.resolve(this.byOwnerLabel.get(`${group}|${namespace}|${name}`));
  }

  /** Objects whose ownerReferences name this uid (ReplicaSets of a Deployment, Pods of a ReplicaSet). */
  ownedBy(uid: string): ClusterObject[] {
    return this.resolve(this.byOwnerUid.get(uid));
  }

  /** The parsed `status.inventory` of a Flux object, or undefined when it has none. */
  inventoryOf(ref: ObjRef): InventoryEntry[] | undefined {
    return this.inventories.get(refKey(ref));
  }

  /** The inventory entries of toolkit kinds only (what compact trees walk), or undefined without inventory. */
  toolkitInventoryOf(ref: ObjRef): InventoryEntry[] | undefined {
    return this.toolkitInventories.get(refKey(ref));
  }

  /** The Flux objects whose inventory lists this ref. */
  inventoryParentsOf(ref: ObjRef): ObjRef[] {
    const out: ObjRef[] = [];
    for (const key of eachKey(this.inventoryParents.get(refKey(ref)))) {
      const obj = this.objects.get(key);
      if (obj) out.push(refOf(obj));
    }
    return out;
  }

  upsertEvent(event: FluxEvent): void {
    this.eventsById.set(event.id, event);
    this.version++;
  }

  removeEvent(id: string): void {
    if (this.eventsById.delete(id)) this.version++;
  }

  getEvent(id: string): FluxEvent | undefined {
    return this.eventsById.get(id);
  }

  events(): IterableIterator<FluxEvent> {
    return this.eventsById.values();
  }

  get eventCount(): number {
    return this.eventsById.size;
  }

  private resolve(keys: Keys | undefined): ClusterObject[] {
    const out: ClusterObject[] = [];
    for (const key of eachKey(keys)) {
      const obj = this.objects.get(key);
      if (obj) out.push(obj);
    }
    return out;
  }

  private index(key: string, ref: ObjRef, obj: ClusterObject): void {
    addTo(this.byKind, `${ref.group}/${ref.kind}`, key);
    if (obj.metadata.uid) this.byUid.set(obj.metadata.uid, key);
    for (const group of [KUSTOMIZE_GROUP, HELM_GROUP] as const) {
      const owner = ownerLabel(obj, group);
      if (owner) addTo(this.byOwnerLabel, `${group}|${owner.namespace}|${owner.name}`, key);
    }
    for (const owner of obj.metadata.ownerReferences ?? []) addTo(this.byOwnerUid, owner.uid, key);
    const inventory = readInventory(obj);
    if (inventory) {
      this.inventories.set(key, inventory);
      this.toolkitInventories.set(
        key,
        inventory.filter(entry => entry.ref !== undefined && isToolkitRef(entry.ref)),
      );
      for (const entry of inventory) if (entry.ref) addTo(this.inventoryParents, storedKey(entry.ref), key);
    }
  }

  private unindex(key: string, obj: ClusterObject): void {
    const ref = refOf(obj);
    removeFrom(this.byKind, `${ref.group}/${ref.kind}`, key);
    if (obj.metadata.uid && this.byUid.get(obj.metadata.uid) === key) this.byUid.delete(obj.metadata.uid);
    for (const group of [KUSTOMIZE_GROUP, HELM_GROUP] as const) {
      const owner = ownerLabel(obj, group);
      if (owner) removeFrom(this.byOwnerLabel, `${group}|${owner.namespace}|${owner.name}`, key);
    }
    for (const owner of obj.metadata.ownerReferences ?? []) removeFrom(this.byOwnerUid, owner.uid, key);
    const inventory = this.inventories.get(key);
    if (inventory) {
      for (const entry of inventory) if (entry.ref) removeFrom(this.inventoryParents, refKey(entry.ref), key);
      this.inventories.delete(key);
      this.toolkitInventories.delete(key);
    }
  }
}
