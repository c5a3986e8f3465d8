// Writes the image's software bill of materials at build time: every npm package the image ships (the
// production install `pnpm deploy` made from the lockfile), as CycloneDX 1.5 JSON, and a licence list.
// Usage: node sbom.mjs APP_DIR OUT_DIR   (APP_DIR holds package.json and node_modules/)
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [appDir, outDir] = process.argv.slice(2);
if (!appDir || !outDir) {
  console.error('usage: node sbom.mjs APP_DIR OUT_DIR');
  process.exit(2);
}

const readJson = file => JSON.parse(readFileSync(file, 'utf8'));

/** A package's licence as its package.json states it (SPDX expression, legacy object or array forms). */
function licenceOf(pkg) {
  const l = pkg.license ?? pkg.licenses;
  if (typeof l === 'string') return l;
  if (Array.isArray(l))
    return l
      .map(x => (typeof x === 'string' ? x : x?.type))
      .filter(Boolean)
      .join(' OR ');
  if (l && typeof l === 'object' && typeof l.type === 'string') return l.type;
  return 'NOASSERTION';
}

/** Every package directory under a node_modules folder (scoped ones included), pnpm's store folder too. */
function* packageDirs(nodeModules) {
  if (!existsSync(nodeModules)) return;
  for (const entry of readdirSync(nodeModules, { withFileTypes: true })) {
    if (entry.name === '.bin') continue;
    const dir = join(nodeModules, entry.name);
    if (entry.name === '.pnpm') {
      for (const store of readdirSync(dir, { withFileTypes: true })) {
        if (store.isDirectory() && store.name !== 'node_modules')
          yield* packageDirs(join(dir, store.name, 'node_modules'));
      }
    } else if (entry.name.startsWith('@')) {
      for (const scoped of readdirSync(dir)) yield join(dir, scoped);
    } else {
      yield dir;
    }
  }
}

const seen = new Map();
for (const dir of packageDirs(join(appDir, 'node_modules'))) {
  const manifest = join(dir, 'package.json');
  if (!existsSync(manifest)) continue;
  const pkg = readJson(manifest);
  if (!pkg.name || !pkg.version) continue;
  const key = `${pkg.name}@${pkg.version}`;
  // The workspace's own packages (deployed with the server) are this project's code, not third-party.
  const licence = pkg.name.startsWith('@fluxscope/') ? 'first-party' : licenceOf(pkg);
  if (!seen.has(key)) seen.set(key, { name: pkg.name, version: pkg.version, licence });
}
const app = readJson(join(appDir, 'package.json'));
const packages = [...seen.values()].sort((a, b) =>
  a.name < b.name ? -1 : a.name > b.name ? 1 : a.version < b.version ? -1 : 1,
);

const purl = p => `pkg:npm/${p.name.startsWith('@') ? `%40${p.name.slice(1)}` : p.name}@${p.version}`;
const bom = {
  bomFormat: 'CycloneDX',
  specVersion: '1.5',
  version: 1,
  metadata: {
    component: { type: 'application', name: app.name, version: app.version ?? '0.0.0', 'bom-ref': 'app' },
    tools: [{ name: 'fluxscope scripts/image/sbom.mjs' }],
  },
  components: packages.map(p => ({
    type: 'library',
    'bom-ref': purl(p),
    name: p.name,
    version: p.version,
    purl: purl(p),
    licenses: p.licence === 'NOASSERTION' || p.licence === 'first-party' ? [] : [{ expression: p.licence }],
  })),
};
mkdirSync(outDir, { recursive: true });
writeFileSync(join(outDir, 'sbom.cdx.json'), `${JSON.stringify(bom, null, 2)}\n`);
const byLicence = new Map();
for (const p of packages)
  byLicence.set(p.licence, [...(byLicence.get(p.licence) ?? []), `${p.name}@${p.version}`]);
const lines = [`# npm packages in the image: ${packages.length}`, ''];
for (const [licence, names] of [...byLicence].sort((a, b) => b[1].length - a[1].length)) {
  lines.push(`## ${licence} (${names.length})`, ...names, '');
}
writeFileSync(join(outDir, 'licences.txt'), lines.join('\n'));
console.log(`sbom: ${packages.length} npm packages, ${byLicence.size} licences -> ${outDir}`);
