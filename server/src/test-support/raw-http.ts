/**
 * HTTP/1.1 over a plain socket, for request lines fetch() would normalise away: un-normalised paths
 * (`/./`, `..`, `//`), percent-encoded letters and absolute-form targets (`GET http://x/api/... HTTP/1.1`).
 */
import net from 'node:net';

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface RawRequest {
  method?: string;
  /** The request target exactly as it goes on the request line. */
  target: string;
  headers?: Record<string, string>;
  body?: string;
  timeoutMs?: number;
}

function parseHead(head: string): Pick<RawResponse, 'status' | 'headers'> {
  const [statusLine = '', ...lines] = head.split('\r\n');
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1] ?? NaN);
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { status, headers };
}

function decodeChunked(body: string): string {
  let out = '';
  let rest = body;
  for (;;) {
    const eol = rest.indexOf('\r\n');
    if (eol < 0) return out;
    const size = parseInt(rest.slice(0, eol), 16);
    if (!(size > 0)) return out;
    out += rest.slice(eol + 2, eol + 2 + size);
    rest = rest.slice(eol + 2 + size + 2);
  }
}

/**
 * Sends one request to `baseUrl`'s host and port; resolves once the response is complete (a
 * text/event-stream response as soon as its head and first bytes are in, then the socket is closed).
 */
export function rawRequest(baseUrl: string, req: RawRequest): Promise<RawResponse> {
  const { hostname, port, host } = new URL(baseUrl);
  const headers: Record<string, string> = { host, connection: 'close', ...req.headers };
  if (req.body !== undefined) headers['content-length'] = String(Buffer.byteLength(req.body));
  const head =
    `${req.method ?? 'GET'} ${req.target} HTTP/1.1\r\n` +
    Object.entries(headers)
      .map(([k, v]) => `${k}: ${v}\r\n`)
      .join('') +
    '\r\n';
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname);
    let data = '';
    let done = false;
    const finish = () => {
      if (done) return;
      const end = data.indexOf('\r\n\r\n');
      if (end < 0) {
        done = true;
        socket.destroy();
        reject(
          new Error(`no response head for ${req.method ?? 'GET'} ${req.target}: ${JSON.stringify(data)}`),
        );
        return;
      }
      done = true;
      socket.destroy();
      const parsed = parseHead(data.slice(0, end));
      const raw = data.slice(end + 4);
      const body = parsed.headers['transfer-encoding'] === 'chunked' ? decodeChunked(raw) : raw;
      resolve({ ...parsed, body });
    };
    const timer = setTimeout(finish, req.timeoutMs ?? 5000);
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      data += chunk;
      const end = data.indexOf('\r\n\r\n');
      if (end < 0) return;
      const { headers: h } = parseHead(data.slice(0, end));
      const body = data.slice(end + 4);
      const complete =
        (h['content-type']?.startsWith('text/event-stream') && body.length > 0) ||
        (h['content-length'] !== undefined && Buffer.byteLength(body) >= Number(h['content-length'])) ||
        (h['transfer-encoding'] === 'chunked' && body.endsWith('0\r\n\r\n'));
      if (complete) {
        clearTimeout(timer);
        finish();
      }
    });
    socket.on('end', () => {
      clearTimeout(timer);
      finish();
    });
    socket.on('error', err => {
      clearTimeout(timer);
      if (!done) {
        done = true;
        reject(err);
      }
    });
    socket.write(head + (req.body ?? ''));
  });
}
