import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpError, installErrorHandler } from './errors.js';

describe('error handler', () => {
  const app = Fastify({ logger: false });
  let url = '';
  beforeAll(async () => {
    installErrorHandler(app);
    app.get('/boom', async () => {
      throw new Error('secret detail at /etc/kubeconfig');
    });
    app.get('/teapot', async () => {
      throw new HttpError(418, 'short and stout');
    });
    app.get(
      '/typed',
      { schema: { querystring: { type: 'object', properties: { n: { type: 'integer' } } } } },
      async () => 'ok',
    );
    url = await app.listen({ host: '127.0.0.1', port: 0 });
  });
  afterAll(() => app.close());

  it('500 says only Internal Server Error, no message, no stack', async () => {
    const res = await fetch(`${url}/boom`);
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(JSON.parse(text)).toEqual({
      statusCode: 500,
      error: 'Internal Server Error',
      message: 'Internal Server Error',
    });
    expect(text).not.toContain('secret');
  });

  it('4xx keep their message', async () => {
    const res = await fetch(`${url}/teapot`);
    expect(res.status).toBe(418);
    expect(await res.json()).toMatchObject({ statusCode: 418, message: 'short and stout' });
  });

  it('400 for schema validation errors', async () => {
    const res = await fetch(`${url}/typed?n=abc`);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ statusCode: 400, error: 'Bad Request' });
  });
});
