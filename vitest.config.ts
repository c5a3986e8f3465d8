// Unit and integration tests of every package run from the root: `pnpm test:unit`.
// The 'source' condition makes workspace packages resolve to their TypeScript sources, so no build is needed first.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['source'] },
  ssr: { resolve: { conditions: ['source'], externalConditions: ['source'] } },
  test: {
    include: ['{shared,server,demo-cluster,web}/src/**/*.test.{ts,tsx}', 'bench/lib/**/*.test.ts'],
    // The fleet suites need a real nats-server (built with the test bed's tools): the `fleet` stage runs them.
    exclude: ['**/node_modules/**', '**/*.nats.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
