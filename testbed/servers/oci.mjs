// The chart repository's charts again as OCI artifacts, read-only, for OCIRepository and HelmRelease
// `chartRef`: GET /v2/charts/<name>/manifests/<version>, /blobs/<digest>, /tags/list (the pull side of the
// OCI distribution API). Each chart .tgz is the one layer (Helm's chart media type) under a small config,
// and the manifest carries the source annotations that flux trace prints as Origin Revision/Source.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
const CONFIG = 'application/vnd.cncf.helm.config.v1+json';
const CHART = 'application/vnd.cncf.helm.chart.content.v1.tar+gzip';

const sha256 = data => `sha256:${createHash('sha256').update(data).digest('hex')}`;

/** name -> { version -> { manifest, digest } } and digest -> blob, from <name>-<version>.tgz files. */
function loadArtifacts(root) {
  const charts = new Map();
  const blobs = new Map();
  for (const file of readdirSync(root).filter(f => f.endsWith('.tgz'))) {
    const m = /^(.+)-(\d+\.\d+\.\d+[^/]*)\.tgz$/.exec(file);
    if (!m) continue;
    const [, name, version] = m;
    const layer = readFileSync(join(root, file));
    const config = Buffer.from(JSON.stringify({ apiVersion: 'v2', name, version }));
    blobs.set(sha256(layer), layer);
    blobs.set(sha256(config), config);
    const manifest = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: MANIFEST,
        config: { mediaType: CONFIG, digest: sha256(config), size: config.length },
        layers: [{ mediaType: CHART, digest: sha256(layer), size: layer.length }],
        annotations: {
          'org.opencontainers.image.revision': `${version}@${sha256(layer)}`,
          'org.opencontainers.image.source': `http://127.0.0.1/fixture/charts/${name}`,
        },
      }),
    );
    const versions = charts.get(name) ?? new Map();
    versions.set(version, { manifest, digest: sha256(manifest) });
    charts.set(name, versions);
  }
  return { charts, blobs };
}

/** Answers an OCI distribution request under /v2/, or returns false for any other path. */
export function serveOci(root, req, res, log) {
  const path = new URL(req.url, 'http://127.0.0.1').pathname;
  if (!path.startsWith('/v2/')) return false;
  const json = (status, body) => {
    res.writeHead(status, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  if (path === '/v2/') {
    json(200, {});
    return true;
  }
  // Built per request: the chart folder is published before the server starts and may be republished.
  const { charts, blobs } = loadArtifacts(root);
  const m = /^\/v2\/charts\/([a-z0-9-]+)\/(manifests|blobs|tags)\/(.+)$/.exec(path);
  const versions = m && charts.get(m[1]);
  if (!m || !versions) {
    json(404, { errors: [{ code: 'NAME_UNKNOWN', message: `no repository at ${path}` }] });
    log(`oci 404 ${req.method} ${path}`);
    return true;
  }
  const [, name, what, ref] = m;
  if (what === 'tags' && ref === 'list') {
    json(200, { name: `charts/${name}`, tags: [...versions.keys()] });
  } else if (what === 'manifests') {
    const found = versions.get(ref) ?? [...versions.values()].find(v => v.digest === ref);
    if (!found) json(404, { errors: [{ code: 'MANIFEST_UNKNOWN', message: `${name}:${ref}` }] });
    else {
      res.writeHead(200, {
        'Content-Type': MANIFEST,
        'Content-Length': found.manifest.length,
        'Docker-Content-Digest': found.digest,
      });
      res.end(req.method === 'HEAD' ? undefined : found.manifest);
    }
  } else if (what === 'blobs') {
    const blob = blobs.get(ref);
    if (!blob) json(404, { errors: [{ code: 'BLOB_UNKNOWN', message: ref }] });
    else {
      res.writeHead(200, {
        'Content-Type': 'application/octet-stream',
        'Content-Length': blob.length,
        'Docker-Content-Digest': ref,
      });
      res.end(req.method === 'HEAD' ? undefined : blob);
    }
  } else json(404, { errors: [{ code: 'UNSUPPORTED', message: path }] });
  log(`oci ${req.method} ${path}`);
  return true;
}
