/**
 * The test kits (test-support/: fake API server, fault proxy, harness; faults/: the fault suite) are not
 * part of the product: the build leaves them out, so no product file may import them, and the package
 * ships only dist/.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SERVER = fileURLToPath(new URL('..', import.meta.url));
const SRC = path.join(SERVER, 'src');
const KITS = ['test-support', 'faults'];

function productFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(entry => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory())
      return dir === SRC && KITS.includes(entry.name)
        ? []
        : entry.name === '__fixtures__'
          ? []
          : productFiles(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [full] : [];
  });
}

describe('test kits stay out of the product', () => {
  it('no product source imports test-support/ or faults/', () => {
    const files = productFiles(SRC);
    expect(files.length).toBeGreaterThan(20);
    const offenders = files.filter(file =>
      /from\s+'(\.\.?\/)+(test-support|faults)\//.test(fs.readFileSync(file, 'utf8')),
    );
    expect(offenders.map(f => path.relative(SERVER, f))).toEqual([]);
  });

  it('the build excludes them and the package ships only dist/', () => {
    const build = JSON.parse(fs.readFileSync(path.join(SERVER, 'tsconfig.build.json'), 'utf8')) as {
      exclude: string[];
    };
    for (const kit of KITS) expect(build.exclude).toContain(`src/${kit}/**`);
    const pkg = JSON.parse(fs.readFileSync(path.join(SERVER, 'package.json'), 'utf8')) as {
      files?: string[];
    };
    expect(pkg.files).toEqual(['dist']);
  });
});
