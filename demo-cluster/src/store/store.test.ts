/** The store alone: resourceVersions, the change log's bounds, and speed at 100k objects. */
import { describe, expect, it } from 'vitest';
import { list } from '../api/rest.js';
import { resourceByKind } from '../api/resources.js';
import type { Resource } from '../api/resources.js';
import { ObjectStore, ResourceVersionTooOldError } from './store.js';

const cm = (ns: string, name: string, labels: Record<string, string> = {}) => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace: ns, labels },
  data: { a: name },
});

describe('ObjectStore', () => {
  it('hands out increasing resourceVersions, bumps generation on spec changes only, and keeps uid', () => {
    const store = new ObjectStore();
    const a = store.put({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 's', namespace: 'x' },
      spec: { port: 1 },
    });
    const b = store.put({ ...a, status: { ok: true } });
    const c = store.put({ ...b, spec: { port: 2 } });
    expect(Number(b.metadata.resourceVersion)).toBeGreaterThan(Number(a.metadata.resourceVersion));
    expect([a.metadata.generation, b.metadata.generation, c.metadata.generation]).toEqual([1, 1, 2]);
    expect(c.metadata.uid).toBe(a.metadata.uid);
  });

  it('replays changes after a resourceVersion and refuses ones older than the log', () => {
    const store = new ObjectStore({ changeLogSize: 10 });
    const start = store.resourceVersion;
    for (let i = 0; i < 5; i++) store.put(cm('ns', `c${i}`));
    expect(store.changesSince(start + 2).map(c => c.object.metadata.name)).toEqual(['c2', 'c3', 'c4']);
    for (let i = 0; i < 30; i++) store.put(cm('ns', 'churn', { i: String(i) }));
    expect(() => store.changesSince(start)).toThrow(ResourceVersionTooOldError);
  });

  it('lists 100k objects in pages of 500 quickly, by namespace and by label', () => {
    const store = new ObjectStore();
    const t0 = performance.now();
    for (let i = 0; i < 100_000; i++) store.put(cm(`ns-${i % 100}`, `cm-${i}`, { app: `a${i % 10}` }));
    const r = resourceByKind('', 'ConfigMap') as Resource;
    let pages = 0;
    let items = 0;
    let token: string | undefined;
    do {
      const q = new URLSearchParams({ limit: '500', ...(token ? { continue: token } : {}) });
      const page = JSON.parse(list(store, r, undefined, q).body as string) as {
        items: unknown[];
        metadata: { continue?: string };
      };
      items += page.items.length;
      token = page.metadata.continue;
      pages++;
    } while (token);
    expect(items).toBe(100_000);
    expect(pages).toBe(200);
    const inNs = JSON.parse(list(store, r, 'ns-7', new URLSearchParams()).body as string) as {
      items: unknown[];
    };
    expect(inNs.items).toHaveLength(1000);
    const labelled = JSON.parse(
      list(store, r, undefined, new URLSearchParams({ labelSelector: 'app=a3' })).body as string,
    ) as { items: unknown[] };
    expect(labelled.items).toHaveLength(10_000);
    expect(performance.now() - t0).toBeLessThan(15_000);
  });
});
