// The test bed suites (testbed/test.sh runs them: `npx vitest run --config testbed/tests/vitest.config.ts`),
// kept out of the root config so the unit stage never needs a real cluster. testbed/ is not a workspace
// package, so the packages it uses resolve to the workspace's own copies.
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const root = fileURLToPath(new URL('../..', import.meta.url));
const fromServer = createRequire(`${root}server/package.json`);

export default defineConfig({
  root,
  resolve: {
    conditions: ['source'],
    alias: {
      '@kubernetes/client-node': dirname(fromServer.resolve('@kubernetes/client-node/package.json')),
      '@fluxscope/shared': `${root}shared/src/index.ts`,
      '@fluxscope/demo-cluster': `${root}demo-cluster/src/index.ts`,
    },
  },
  ssr: { resolve: { conditions: ['source'], externalConditions: ['source'] } },
  test: {
    include: ['testbed/tests/**/*.test.ts'],
    // One test bed, bootstrapped once: files run one after another, tests in order.
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 240_000,
    pool: 'forks',
  },
});
