/**
 * One demo server per spec file. A spec picks its scenario with `test.use({ scenario, demoArgs })`; the
 * server is a worker-scoped fixture, so it starts before the file's first test and stops after its last,
 * like a beforeAll/afterAll pair. (A plain beforeAll cannot feed `baseURL`: Playwright resolves the context
 * options before beforeAll hooks run.) Different options give each file its own worker and server.
 */
import { type APIRequestContext, test as base } from '@playwright/test';
import { type RunningServer, startServer } from './server.js';

export type Scenario = 'steady' | 'bootstrap' | 'failure';

interface DemoOptions {
  scenario: Scenario;
  /** Extra server flags, e.g. ['--demo-speed', '2']. */
  demoArgs: string[];
}

export const test = base.extend<object, DemoOptions & { demo: RunningServer }>({
  scenario: ['steady', { scope: 'worker', option: true }],
  demoArgs: [[], { scope: 'worker', option: true }],
  demo: [
    async ({ scenario, demoArgs }, use) => {
      const server = await startServer(scenario, ['--log-level', 'warn', ...demoArgs]);
      try {
        await use(server);
      } finally {
        await server.stop();
      }
    },
    { scope: 'worker', timeout: 90_000 },
  ],
  baseURL: async ({ demo }, use) => use(demo.url),
});

test.afterEach(async ({ demo }, testInfo) => {
  if (testInfo.status !== testInfo.expectedStatus)
    await testInfo.attach('server.log', { body: demo.logs(), contentType: 'text/plain' });
});

export { expect } from '@playwright/test';

/** Replays the demo scenario from the start, as the header's "Replay bootstrap" button does. */
export async function restartScenario(request: APIRequestContext): Promise<void> {
  const response = await request.post('/api/v1/demo/restart', { data: {} });
  if (!response.ok()) throw new Error(`demo restart: ${response.status()} ${await response.text()}`);
}
