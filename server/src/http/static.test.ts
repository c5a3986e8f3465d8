import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer, tempDir, testConfig } from '../test-support/harness.js';

describe('web app serving', () => {
  let server: RunningServer;
  let dir: string;
  beforeAll(async () => {
    dir = tempDir();
    fs.writeFileSync(
      path.join(dir, 'index.html'),
      '<!doctype html><head>\n<link rel="preload" href="/api/v1/snapshot" as="fetch" crossorigin="anonymous" />\n' +
        '</head><div id="root"></div>',
    );
    fs.mkdirSync(path.join(dir, 'assets'));
    fs.writeFileSync(path.join(dir, 'assets', 'app.js'), 'console.log(1)');
    fs.writeFileSync(path.join(dir, '.env'), 'SECRET=dotfile-secret');
    fs.mkdirSync(path.join(dir, '.git'));
    fs.writeFileSync(path.join(dir, '.git', 'config'), '[remote] dotfile-secret');
    fs.writeFileSync(path.join(dir, 'assets', '.hidden.js'), 'dotfile-secret');
    // A kubeconfig that cannot be read: the web app and the API must be served anyway.
    server = await startServer(
      testConfig({ staticDir: dir, kubeconfig: path.join(dir, 'missing-kubeconfig') }),
    );
  });
  afterAll(() => server?.close());

  it('200 index.html for / and deep links (SPA fallback), assets as files', async () => {
    for (const url of [
      '/',
      '/tree/Kustomization/flux-system/flux-system',
      '/objects?kind=HelmRelease',
      // A CRD's name has dots: its object page is still a deep link, not a file.
      '/object/apiextensions.k8s.io/CustomResourceDefinition/_/eventbus.argoproj.io',
    ]) {
      const res = await server.get(url);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('text/html');
      expect(await res.text()).toContain('id="root"');
      expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    }
    const asset = await server.get('/assets/app.js');
    expect(asset.headers.get('content-type')).toContain('javascript');
  });

  it("preloads the snapshot each page loads first: its cluster's, or none", async () => {
    const preloadOf = async (url: string) => {
      const res = await server.get(url);
      expect(res.status, url).toBe(200);
      return /<link rel="preload" href="([^"]*)"/.exec(await res.text())?.[1];
    };
    expect(await preloadOf('/')).toBe('/api/v1/snapshot');
    expect(await preloadOf('/objects?kind=HelmRelease')).toBe('/api/v1/snapshot');
    // The cluster's name as the app encodes it, so the browser reuses the preloaded answer.
    expect(await preloadOf('/c/default/objects')).toBe('/api/v1/c/default/snapshot');
    expect(await preloadOf('/c/nope/objects')).toBeUndefined();
    expect((await server.get('/c/%E0%A4%A/objects')).status).toBe(400);
    expect(await preloadOf('/fleet')).toBeUndefined();
  });

  it('never serves dotfiles, however the path is spelled', async () => {
    const { rawRequest } = await import('../test-support/raw-http.js');
    for (const target of [
      '/.env',
      '/%2eenv',
      '/.git/config',
      '/%2Egit/config',
      '/assets/.hidden.js',
      '/assets/../.env',
      '/x/%2e%2e/.env',
    ]) {
      const res = await rawRequest(server.url, { target });
      expect(res.body, target).not.toContain('dotfile-secret');
    }
  });

  it('serves files added after startup (a web rebuild needs no restart)', async () => {
    fs.writeFileSync(path.join(dir, 'assets', 'app-rebuilt.js'), 'console.log(2)');
    const res = await server.get('/assets/app-rebuilt.js');
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('console.log(2)');
  });

  it('404 JSON for unknown /api paths and missing files, never the app', async () => {
    for (const url of ['/api/v1/nope', '/api', '/assets/missing.js']) {
      const res = await server.get(url);
      expect(res.status).toBe(404);
      expect(await res.json()).toMatchObject({ statusCode: 404, error: 'Not Found' });
    }
  });
});
