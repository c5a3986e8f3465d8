/** Watch semantics through client-node: resume, 410 Gone, bookmarks, selectors. */
import { CoreV1Api, PatchStrategy, Watch, setHeaderOptions } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, kubeConfigOf, raw } from '../__fixtures__/client.js';
import { startDemoCluster } from '../index.js';
import type { DemoCluster } from '../index.js';

type Obj = {
  kind?: string;
  code?: number;
  reason?: string;
  metadata?: { name?: string; resourceVersion?: string; labels?: Record<string, string> };
};
type Seen = { type: string; obj: Obj };

let cluster: DemoCluster;
let core: CoreV1Api;

beforeAll(async () => {
  cluster = await startDemoCluster({
    scenario: 'steady',
    periodic: false,
    bookmarkIntervalMs: 100,
    changeLogSize: 50,
  });
  core = kubeConfigOf(cluster).makeApiClient(CoreV1Api);
});
afterAll(() => cluster.stop());

async function watchFor(path: string, query: Record<string, string | boolean>) {
  const seen: Seen[] = [];
  let ended: unknown = 'open';
  const controller = await new Watch(kubeConfigOf(cluster)).watch(
    path,
    query,
    (type, obj: Obj) => seen.push({ type, obj }),
    err => (ended = err),
  );
  return { seen, ended: () => ended, stop: () => controller.abort() };
}

const label = (name: string, value: string) =>
  core.patchNamespacedConfigMap(
    { name, namespace: 'default', body: { metadata: { labels: { step: value } } } },
    setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
  );

describe('watch', () => {
  it('resumes from a resourceVersion with only later events', async () => {
    const first = await label('dummy-configmap-basic', 'one');
    const from = first.metadata?.resourceVersion as string;
    await label('dummy-configmap-advanced', 'two');
    await label('dummy-configmap-premium', 'three');
    const w = await watchFor('/api/v1/namespaces/default/configmaps', { resourceVersion: from });
    try {
      await eventually(() => w.seen.filter(s => s.type === 'MODIFIED').length >= 2);
      await label('dummy-configmap-basic', 'four');
      await eventually(() => w.seen.filter(s => s.type === 'MODIFIED').length >= 3);
      const modified = w.seen.filter(s => s.type === 'MODIFIED');
      expect(modified.map(s => s.obj.metadata?.labels?.['step'])).toEqual(['two', 'three', 'four']);
      expect(modified.every(s => Number(s.obj.metadata?.resourceVersion) > Number(from))).toBe(true);
      expect(modified[0]?.obj.kind).toBe('ConfigMap');
    } finally {
      w.stop();
    }
  });

  it('answers a too-old resourceVersion with an ERROR event carrying a 410 Status, and lists with 410', async () => {
    const old = (await core.listNamespacedConfigMap({ namespace: 'default' })).metadata
      ?.resourceVersion as string;
    for (let i = 0; i < 80; i++) await label('dummy-configmap-basic', `n${i}`);
    const w = await watchFor('/api/v1/namespaces/default/configmaps', { resourceVersion: old });
    try {
      await eventually(() => w.seen.length > 0);
      expect(w.seen[0]).toMatchObject({
        type: 'ERROR',
        obj: { kind: 'Status', code: 410, reason: 'Expired' },
      });
      await eventually(() => w.ended() !== 'open');
    } finally {
      w.stop();
    }
    const list = await raw(
      cluster,
      'GET',
      `/api/v1/namespaces/default/configmaps?resourceVersion=${old}&resourceVersionMatch=Exact`,
    );
    expect(list.status).toBe(410);
    expect(list.json()).toMatchObject({ kind: 'Status', code: 410, reason: 'Expired' });
  });

  it('sends BOOKMARK events when allowWatchBookmarks=true', async () => {
    const rv = (await core.listNamespacedConfigMap({ namespace: 'default' })).metadata
      ?.resourceVersion as string;
    const w = await watchFor('/api/v1/namespaces/default/configmaps', {
      resourceVersion: rv,
      allowWatchBookmarks: true,
    });
    try {
      const bookmark = await eventually(() => w.seen.find(s => s.type === 'BOOKMARK'), 3000);
      expect(bookmark.obj).toMatchObject({
        kind: 'ConfigMap',
        metadata: { resourceVersion: expect.any(String) },
      });
    } finally {
      w.stop();
    }
  });

  it('starts with ADDED for what exists, and reports objects leaving a label selector as DELETED', async () => {
    await label('dummy-configmap-premium', 'watched');
    const w = await watchFor('/api/v1/configmaps', { labelSelector: 'step=watched' });
    try {
      await eventually(() =>
        w.seen.some(s => s.type === 'ADDED' && s.obj.metadata?.name === 'dummy-configmap-premium'),
      );
      expect(w.seen.filter(s => s.type === 'ADDED')).toHaveLength(1);
      await label('dummy-configmap-premium', 'other');
      await eventually(() =>
        w.seen.some(s => s.type === 'DELETED' && s.obj.metadata?.name === 'dummy-configmap-premium'),
      );
    } finally {
      w.stop();
    }
  });

  it('ends watches when the server drops them, so clients re-watch', async () => {
    const w = await watchFor('/apis/kustomize.toolkit.fluxcd.io/v1/kustomizations', {
      allowWatchBookmarks: true,
    });
    await eventually(() => w.seen.length >= 8);
    expect(cluster.server.dropWatches(s => s.resource.kind === 'Kustomization')).toBe(1);
    await eventually(() => w.ended() !== 'open');
  });
});
