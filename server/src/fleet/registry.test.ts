import type { FluxObjectSummary } from '@fluxscope/shared';
import { describe, expect, it } from 'vitest';
import type { ClusterBackend, SummaryDelta } from './backend.js';
import { ClusterRegistry } from './registry.js';

/** A backend whose summaries the test sets and whose deltas it sends. */
function fakeBackend(name: string, initial: FluxObjectSummary[]) {
  let summaries = [...initial];
  const listeners = new Set<(delta: SummaryDelta) => void>();
  const backend: ClusterBackend = {
    name,
    info: () => ({ name, connection: { state: 'connected' } }),
    summaries: () => summaries,
    subscribe: listener => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    start: () => undefined,
    stop: async () => undefined,
  };
  const send = (delta: SummaryDelta, next: FluxObjectSummary[]) => {
    summaries = next;
    for (const l of listeners) l(delta);
  };
  return { backend, send };
}

const release = (name: string, chart: string): FluxObjectSummary => ({
  kind: 'HelmRelease',
  namespace: 'apps',
  name,
  state: 'ready',
  chart,
});

describe('ClusterRegistry search index', () => {
  it('is built on the first search, then follows deltas sent before and after it', () => {
    const a = fakeBackend('a', [release('web', 'nginx')]);
    const registry = new ClusterRegistry('a');
    registry.add(a.backend);
    // A change before anyone searched: the index built later must see it.
    a.send({ upserts: [release('db', 'postgres')], removes: [] }, [
      release('web', 'nginx'),
      release('db', 'postgres'),
    ]);
    expect(registry.search('postgres').hits.map(h => h.object.name)).toEqual(['db']);
    expect(registry.search('nginx').total).toBe(1);

    // After the first search the deltas keep it.
    a.send({ upserts: [], removes: [{ group: '', kind: 'HelmRelease', namespace: 'apps', name: 'db' }] }, [
      release('web', 'nginx'),
    ]);
    expect(registry.search('postgres').total).toBe(0);
    const b = fakeBackend('b', [release('cache', 'redis')]);
    registry.add(b.backend);
    expect(registry.search('redis').clusters).toEqual(['b']);
    registry.remove('b');
    expect(registry.search('redis').total).toBe(0);
    a.send({ upserts: [release('api', 'nginx')], removes: [], reset: true }, [release('api', 'nginx')]);
    expect(registry.search('nginx').hits.map(h => h.object.name)).toEqual(['api']);
  });
});
