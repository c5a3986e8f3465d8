/**
 * Bad input to Fluxscope's own HTTP API: unknown kinds, bad names, path traversal, huge or malformed query
 * strings and headers, Last-Event-ID garbage. Each must get a 4xx with a JSON error body, never a 5xx or a
 * stack trace; raw sockets so nothing normalizes the request first.
 */
import net from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Bed, startBed } from './support.js';

let bed: Bed;
beforeAll(async () => {
  bed = await startBed();
});
afterAll(() => bed.stop());

interface RawAnswer {
  status: number;
  headers: string;
  body: string;
}

/** Sends bytes as they are and reads the answer until the body is complete or the socket closes. */
function rawRequest(request: string | Buffer, readMs = 3000): Promise<RawAnswer> {
  const { hostname, port } = new URL(bed.server.url);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname);
    const chunks: Buffer[] = [];
    const finish = () => {
      socket.destroy();
      const text = Buffer.concat(chunks).toString('utf8');
      const [head = '', ...rest] = text.split('\r\n\r\n');
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0);
      let body = rest.join('\r\n\r\n');
      if (/transfer-encoding: chunked/i.test(head))
        body = body.replace(/^[0-9a-f]+\r\n|\r\n[0-9a-f]+\r\n/gi, '');
      resolve({ status, headers: head, body });
    };
    const timer = setTimeout(finish, readMs);
    socket.on('data', c => {
      chunks.push(c);
      const text = Buffer.concat(chunks).toString('utf8');
      const length = /content-length: (\d+)/i.exec(text)?.[1];
      const split = text.indexOf('\r\n\r\n');
      if (length && split >= 0 && Buffer.byteLength(text.slice(split + 4)) >= Number(length)) {
        clearTimeout(timer);
        finish();
      }
    });
    socket.on('end', () => {
      clearTimeout(timer);
      finish();
    });
    socket.on('error', reject);
    socket.write(request);
  });
}

const get = (target: string, headers: Record<string, string> = {}) =>
  rawRequest(
    `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n${Object.entries(headers)
      .map(([k, v]) => `${k}: ${v}\r\n`)
      .join('')}\r\n`,
  );

function expectJson4xx(answer: RawAnswer, what: string): void {
  expect(
    answer.status,
    `${what}: ${answer.headers.split('\r\n')[0]} ${answer.body.slice(0, 200)}`,
  ).toBeGreaterThanOrEqual(400);
  expect(answer.status, what).toBeLessThan(500);
  const body = JSON.parse(answer.body) as { statusCode?: number; message?: unknown };
  expect(body.statusCode, what).toBe(answer.status);
  expect(typeof body.message, what).toBe('string');
  expect(answer.body, what).not.toMatch(/\n\s+at |node_modules|\.ts:\d+/);
}

describe('HTTP API fuzz', () => {
  it('unknown kinds, bad names, traversal, odd encodings: 4xx JSON', async () => {
    const targets = [
      '/api/v1/objects/kustomize.toolkit.fluxcd.io/NoSuchKind/flux-system/x',
      '/api/v1/objects/nope/Kustomization/flux-system/x',
      '/api/v1/objects/kustomize.toolkit.fluxcd.io/Kustomization/flux-system/bad%20name',
      '/api/v1/objects/kustomize.toolkit.fluxcd.io/Kustomization/flux-system/..%2F..%2Fetc%2Fpasswd',
      '/api/v1/objects/../../../../etc/passwd',
      '/api/v1/objects/%2e%2e/%2e%2e/%2e%2e/etc/passwd',
      '/api/v1/objects/kustomize.toolkit.fluxcd.io/Kustomization/flux-system/%00',
      '/api/v1/objects/kustomize.toolkit.fluxcd.io/Kustomization/flux-system/%E0%A4%A',
      '/api/v1/objects/kustomize.toolkit.fluxcd.io/Kustomization/flux-system/' + 'a'.repeat(600),
      '/api/v1/tree/Deployment/flux-system/x',
      '/api/v1/tree/Kustomization/UPPER/x',
      '/api/v1/trace/apps/v1/Deployment/default/%ZZ',
      '/api/v1/trace/apps/notaversion/Deployment/default/x',
      '/api/v1/objects?namespace=' + 'n'.repeat(5000),
      '/api/v1/objects?format=xml',
      '/api/v1/tree/Kustomization/flux-system/flux-system?compact=maybe',
      '/api/v1/stream?lastEventId=' + '9'.repeat(100),
      '/api/v1/nope',
      '/api/v1/objects?' + 'a=1&'.repeat(5000),
    ];
    for (const target of targets) expectJson4xx(await get(target), target);
  });

  it('huge or malformed headers and request lines: 4xx JSON from the server itself', async () => {
    expectJson4xx(await get('/api/v1/status', { 'X-Big': 'x'.repeat(64 * 1024) }), 'huge header');
    expectJson4xx(
      await rawRequest('GET /api/v1/status HTTP/1.1\r\nHost: 127.0.0.1\r\nBad Header\r\n\r\n'),
      'header without a colon',
    );
    expectJson4xx(
      await rawRequest('GET /api/v1/status HTTP/1.1\r\nHost: 127.0.0.1\r\nX: \u0001\r\n\r\n'),
      'control char in a header',
    );
    expectJson4xx(
      await rawRequest('BREW /api/v1/status HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n'),
      'unknown method',
    );
    expectJson4xx(
      await rawRequest('GET /' + 'a'.repeat(100_000) + ' HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n'),
      'huge request line',
    );
    expectJson4xx(
      await get('/api/v1/objects', { 'Accept-Encoding': '\u00ff'.repeat(10), 'Content-Length': 'abc' }),
      'bad Content-Length',
    );
  });

  it('Last-Event-ID garbage: 200 with event: reset (the tab reloads), never an error', async () => {
    for (const id of ['abc', '-1', '1e9', '99999999999999999999', '١٢٣', '0x10', '1;2']) {
      const answer = await rawRequest(
        `GET /api/v1/stream HTTP/1.1\r\nHost: 127.0.0.1\r\nLast-Event-ID: ${id}\r\nConnection: close\r\n\r\n`,
        400,
      );
      expect(answer.status, id).toBe(200);
      expect(answer.body, id).toContain('event: reset');
    }
  });

  it('property: any path under /api/v1/objects and /api/v1/tree answers 200 or a 4xx JSON, never 5xx', async () => {
    const segment = fc.oneof(
      fc.string({ maxLength: 20 }).map(encodeURIComponent),
      fc.constantFrom('..', '%2e%2e', '%2F', '_', 'core', 'Kustomization', 'flux-system', '%', '%00', '~'),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('/api/v1/objects', '/api/v1/tree', '/api/v1/trace'),
        fc.array(segment, { minLength: 1, maxLength: 6 }),
        async (base, segs) => {
          const target = `${base}/${segs.join('/')}`;
          const answer = await get(target);
          if (answer.status === 200) return;
          expectJson4xx(answer, target);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('/metrics is valid Prometheus text', async () => {
    const res = await bed.server.get('/metrics');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const text = await res.text();
    for (const line of text.trim().split('\n')) {
      if (line.startsWith('#')) expect(line).toMatch(/^# (HELP|TYPE) [a-z_:][a-z0-9_:]* .+/);
      else expect(line).toMatch(/^[a-z_:][a-z0-9_:]*(\{([a-z_]+="([^"\\]|\\.)*",?)*\})? -?[0-9.e+-]+$/);
    }
    for (const name of [
      'fluxscope_watch_restarts_total',
      'fluxscope_relists_total',
      'fluxscope_watch_event_lag_seconds_bucket',
      'fluxscope_sse_clients',
      'fluxscope_objects',
      'fluxscope_kind_synced',
    ])
      expect(text).toContain(name);
  });
});
