// The test bed suites (testbed/test.sh runs them: `npx vitest run --config testbed/tests/vitest.config.ts`),
// kept out of the root config so the unit stage never needs a real cluster. testbed/ is not a workspace
// package, so the packages it uses resolve to the workspace's own copies.
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * Files by name, always: bootstrap.test.ts must see the test bed before anything is applied, and later files
 * (faults.test.ts) rely on the cluster it bootstrapped. Vitest's default puts slow or failed files first.
 */
class ByName extends BaseSequencer {
  override sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    return Promise.resolve([...files].sort((a, b) => a.moduleId.localeCompare(b.moduleId)));
  }
}

const root = fileURLToPath(new URL('../..', import.meta.url));
const fromServer = createRequire(`${root}server/package.json`);

export default defineConfig({
  root,
  resolve: {
    conditions: ['source'],
    alias: {
      '@kubernetes/client-node': dirname(fromServer.resolve('@kubernetes/client-node/package.json')),
      yaml: dirname(fromServer.resolve('yaml/package.json')),
      '@fluxscope/shared': `${root}shared/src/index.ts`,
      '@fluxscope/demo-cluster': `${root}demo-cluster/src/index.ts`,
    },
  },
  ssr: { resolve: { conditions: ['source'], externalConditions: ['source'] } },
  test: {
    include: ['testbed/tests/**/*.test.ts'],
    // One test bed, bootstrapped once: files run one after another, tests in order.
    fileParallelism: false,
    sequence: { sequencer: ByName },
    testTimeout: 120_000,
    hookTimeout: 240_000,
    pool: 'forks',
  },
});
