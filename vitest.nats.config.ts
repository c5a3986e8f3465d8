// The fleet suites over a real nats-server (`bash scripts/test.sh fleet`, which builds the tools first):
// agents, hub, NATS permissions. Kept out of the unit stage, which needs nothing but Node.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['source'] },
  ssr: { resolve: { conditions: ['source'], externalConditions: ['source'] } },
  test: {
    include: ['server/src/**/*.nats.test.ts'],
    testTimeout: 180_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
