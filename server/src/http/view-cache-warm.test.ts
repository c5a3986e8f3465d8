/** ViewCache.warm: costly views asked for recently are made again after a change, before anyone asks. */
import { brotliDecompressSync } from 'node:zlib';
import { ClusterIndex, type ClusterObject } from '@fluxscope/shared';
import { Type } from '@sinclair/typebox';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { ViewCache } from './view-cache.js';

const cm = (name: string, value: string): ClusterObject =>
  ({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name, namespace: 'a' },
    data: { value },
  }) as ClusterObject;

async function bed(warmAboveMs: number) {
  const index = new ClusterIndex();
  const views = new ViewCache(index, warmAboveMs);
  let made = 0;
  const app = Fastify();
  app.get(
    '/view',
    { schema: { response: { 200: Type.Object({ names: Type.Array(Type.String()), pad: Type.String() }) } } },
    (request, reply) =>
      views.send(request, reply, request.url, () => {
        made++;
        const names = [...index.all()].map(
          o => `${o.metadata.name}=${(o as { data?: { value?: string } }).data?.value}`,
        );
        return { json: { names, pad: 'x'.repeat(4000), dropped: 'not in the schema' } };
      }),
  );
  await app.ready();
  const get = (coding = 'br') => app.inject({ url: '/view', headers: { 'accept-encoding': coding } });
  return { index, views, app, get, made: () => made };
}

describe('ViewCache.warm', () => {
  it('makes a costly view again after a change, in the route schema and the coding last asked', async () => {
    const b = await bed(0);
    b.index.upsert(cm('one', '1'));
    expect((await b.get()).statusCode).toBe(200);
    expect(b.made()).toBe(1);
    b.index.upsert(cm('one', '2'));
    expect(await b.views.warm()).toBe(1);
    expect(b.made()).toBe(2);
    const warmed = await b.get();
    expect(b.made()).toBe(2);
    expect(warmed.headers['content-encoding']).toBe('br');
    const body = JSON.parse(brotliDecompressSync(warmed.rawPayload).toString()) as Record<string, unknown>;
    expect(body['names']).toEqual(['one=2']);
    expect(body['dropped']).toBeUndefined();
    expect(b.views.stats()).toMatchObject({ warmed: 1, hits: 1, misses: 1 });
    // Nothing changed since: nothing to make.
    expect(await b.views.warm()).toBe(0);
    await b.app.close();
  });

  it('leaves cheap views to their next request, and forgets views nobody asked for in 5 minutes', async () => {
    const cheap = await bed(10_000);
    cheap.index.upsert(cm('one', '1'));
    await cheap.get();
    cheap.index.upsert(cm('one', '2'));
    expect(await cheap.views.warm()).toBe(0);
    await cheap.app.close();

    const costly = await bed(0);
    costly.index.upsert(cm('one', '1'));
    await costly.get();
    costly.index.upsert(cm('one', '2'));
    expect(await costly.views.warm(Date.now() + 6 * 60_000)).toBe(0);
    costly.index.upsert(cm('one', '3'));
    expect(await costly.views.warm()).toBe(0);
    await costly.app.close();
  });

  it('a view whose producer now fails (its root deleted) is dropped, not cached', async () => {
    const index = new ClusterIndex();
    const views = new ViewCache(index, 0);
    let gone = false;
    const app = Fastify();
    app.get('/view', (request, reply) =>
      views.send(request, reply, request.url, () => {
        if (gone) throw new Error('not found');
        return { text: 'x'.repeat(2000) };
      }),
    );
    await app.inject({ url: '/view' });
    gone = true;
    index.upsert(cm('one', '1'));
    expect(await views.warm()).toBe(0);
    expect(await views.warm()).toBe(0);
    await app.close();
  });
});
