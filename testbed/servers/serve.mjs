// Loopback-only sources for the test bed's Flux controllers:
//  - a Git smart-HTTP server: each request runs `git http-backend` (CGI). source-controller's go-git
//    speaks only the smart protocol, so a static file server over a bare repo would not do.
//  - a static Helm chart repository (index.yaml + chart .tgz files), and the same charts as OCI artifacts
//    under /v2/ on the same port (oci.mjs), for OCIRepository and HelmRelease chartRef.
// Usage: node serve.mjs --git-root DIR --git-port N --charts-root DIR --charts-port N
import { spawn } from 'node:child_process';
import { createReadStream, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { join, normalize, sep } from 'node:path';
import { parseArgs } from 'node:util';
import { serveOci } from './oci.mjs';

const HOST = '127.0.0.1';
const { values: args } = parseArgs({
  options: {
    'git-root': { type: 'string' },
    'git-port': { type: 'string' },
    'charts-root': { type: 'string' },
    'charts-port': { type: 'string' },
  },
});

function log(message) {
  console.log(`${new Date().toISOString()} ${message}`);
}

function serveGit(projectRoot, req, res) {
  const url = new URL(req.url, `http://${HOST}`);
  const backend = spawn('git', ['http-backend'], {
    env: {
      PATH: process.env.PATH,
      GIT_PROJECT_ROOT: projectRoot,
      GIT_HTTP_EXPORT_ALL: '1',
      REQUEST_METHOD: req.method,
      PATH_INFO: decodeURIComponent(url.pathname),
      QUERY_STRING: url.search.slice(1),
      CONTENT_TYPE: req.headers['content-type'] ?? '',
      CONTENT_LENGTH: req.headers['content-length'] ?? '',
      HTTP_CONTENT_ENCODING: req.headers['content-encoding'] ?? '',
      GIT_PROTOCOL: req.headers['git-protocol'] ?? '',
      REMOTE_ADDR: req.socket.remoteAddress ?? '',
    },
  });
  req.pipe(backend.stdin);
  backend.stderr.on('data', chunk => log(`git http-backend: ${chunk.toString().trim()}`));

  // CGI output: header lines, a blank line, then the body. Buffer until the blank line is seen.
  let head = Buffer.alloc(0);
  let headersSent = false;
  backend.stdout.on('data', chunk => {
    if (headersSent) {
      res.write(chunk);
      return;
    }
    head = Buffer.concat([head, chunk]);
    let end = head.indexOf('\r\n\r\n');
    let sepLength = 4;
    if (end < 0) {
      end = head.indexOf('\n\n');
      sepLength = 2;
    }
    if (end < 0) return;
    let status = 200;
    for (const line of head.subarray(0, end).toString().split(/\r?\n/)) {
      const colon = line.indexOf(':');
      if (colon < 0) continue;
      const name = line.slice(0, colon).trim();
      const value = line.slice(colon + 1).trim();
      if (name.toLowerCase() === 'status') status = Number.parseInt(value, 10);
      else res.setHeader(name, value);
    }
    res.writeHead(status);
    headersSent = true;
    res.write(head.subarray(end + sepLength));
  });
  backend.on('close', code => {
    if (!headersSent) {
      res.writeHead(500);
      res.write(`git http-backend exited with ${code}`);
    }
    res.end();
  });
  log(`git ${req.method} ${req.url}`);
}

function serveStatic(root, req, res) {
  const path = normalize(join(root, decodeURIComponent(new URL(req.url, `http://${HOST}`).pathname)));
  if (!path.startsWith(root + sep) && path !== root) {
    res.writeHead(403).end();
    return;
  }
  let size;
  try {
    const stat = statSync(path);
    if (!stat.isFile()) throw new Error('not a file');
    size = stat.size;
  } catch {
    res.writeHead(404).end('not found');
    log(`charts 404 ${req.url}`);
    return;
  }
  const type = path.endsWith('.yaml') ? 'application/x-yaml' : 'application/gzip';
  res.writeHead(200, { 'Content-Type': type, 'Content-Length': size });
  if (req.method === 'HEAD') res.end();
  else createReadStream(path).pipe(res);
  log(`charts ${req.method} ${req.url}`);
}

function listen(name, port, handler) {
  const server = createServer(handler);
  server.listen(Number(port), HOST, () => log(`${name} listening on http://${HOST}:${port}/`));
  return server;
}

if (!args['git-root'] || !args['git-port'] || !args['charts-root'] || !args['charts-port']) {
  console.error('usage: node serve.mjs --git-root DIR --git-port N --charts-root DIR --charts-port N');
  process.exit(2);
}
const servers = [
  listen('git', args['git-port'], (req, res) => serveGit(args['git-root'], req, res)),
  listen('charts', args['charts-port'], (req, res) => {
    const root = normalize(args['charts-root']);
    if (!serveOci(root, req, res, log)) serveStatic(root, req, res);
  }),
];
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    for (const server of servers) server.close();
    process.exit(0);
  });
}
