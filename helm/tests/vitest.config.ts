// The packaging tests (run by scripts/test-packaging.sh after it renders the chart), kept out of the root
// unit run because they read helm/tests/expected, which only that script verifies against helm.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: new URL('../..', import.meta.url).pathname,
  resolve: { conditions: ['source'] },
  ssr: { resolve: { conditions: ['source'], externalConditions: ['source'] } },
  test: {
    include: ['helm/tests/**/*.test.ts'],
    testTimeout: 30_000,
  },
});
