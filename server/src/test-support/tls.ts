/** A throwaway self-signed certificate for 127.0.0.1 (made with openssl), for the test API servers. */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import type { RequestListener } from 'node:http';
import https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import os from 'node:os';
import path from 'node:path';

export interface TestTls {
  certPem: string;
  keyPem: string;
}

let cached: TestTls | undefined;

export function testTls(): TestTls {
  if (cached) return cached;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fluxscope-tls-'));
  try {
    const key = path.join(dir, 'key.pem');
    const cert = path.join(dir, 'cert.pem');
    execFileSync(
      'openssl',
      [
        'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '2',
        '-subj', '/CN=fluxscope-test', '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost',
        '-addext', 'basicConstraints=critical,CA:TRUE', '-keyout', key, '-out', cert,
      ],
      { stdio: 'ignore' },
    ); // prettier-ignore
    cached = { certPem: fs.readFileSync(cert, 'utf8'), keyPem: fs.readFileSync(key, 'utf8') };
    return cached;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * A client certificate signed by testTls() (which is its own CA), for mutual TLS: the server trusts testTls()'s
 * certificate and so accepts this one, and refuses a client that presents none.
 */
export function testClientTls(commonName = 'fluxscope-client'): TestTls {
  const ca = testTls();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fluxscope-tls-'));
  try {
    const file = (name: string, text?: string) => {
      const f = path.join(dir, name);
      if (text !== undefined) fs.writeFileSync(f, text);
      return f;
    };
    const [caCert, caKey, key, csr, cert, ext] = [
      file('ca.pem', ca.certPem),
      file('ca-key.pem', ca.keyPem),
      file('key.pem'),
      file('req.csr'),
      file('cert.pem'),
      file('ext.cnf', 'extendedKeyUsage=clientAuth\n'),
    ];
    execFileSync(
      'openssl',
      [
        'req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes',
        '-subj', `/CN=${commonName}`, '-keyout', key, '-out', csr,
      ],
      { stdio: 'ignore' },
    ); // prettier-ignore
    execFileSync(
      'openssl',
      [
        'x509', '-req', '-in', csr, '-CA', caCert, '-CAkey', caKey, '-CAcreateserial', '-days', '2',
        '-extfile', ext, '-out', cert,
      ],
      { stdio: 'ignore', cwd: dir },
    ); // prettier-ignore
    return { certPem: fs.readFileSync(cert, 'utf8'), keyPem: fs.readFileSync(key, 'utf8') };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** A kubeconfig for an HTTPS server using testTls(), with a bearer token. */
export function testKubeconfig(server: string, token: string, caPem: string): string {
  return JSON.stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [
      {
        name: 'test',
        cluster: { server, 'certificate-authority-data': Buffer.from(caPem).toString('base64') },
      },
    ],
    users: [{ name: 'test', user: { token } }],
    contexts: [{ name: 'test', context: { cluster: 'test', user: 'test' } }],
    'current-context': 'test',
  });
}

/** A test HTTPS server on 127.0.0.1 (free port) with testTls(), whose stop() returns promptly. */
export interface TestHttpsServer {
  url: string;
  stop(): Promise<void>;
}

export async function startTestHttpsServer(handler: RequestListener): Promise<TestHttpsServer> {
  const tls = testTls();
  const server = https.createServer({ cert: tls.certPem, key: tls.keyPem }, handler);
  // https.Server.closeAllConnections() misses some TLS sockets (close then waits ~15 s): track them all.
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `https://127.0.0.1:${(server.address() as AddressInfo).port}`,
    async stop() {
      server.closeAllConnections();
      for (const socket of sockets) socket.destroy();
      await new Promise<void>(resolve => server.close(() => resolve()));
    },
  };
}
