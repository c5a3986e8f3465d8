/**
 * Starts the built Fluxscope server on the built-in demo cluster, on a free loopback port, and stops it.
 * The server is the real one (server/dist/main.js) talking to the demo cluster over HTTPS.
 */
import { type RunningServer, startServerProcess } from './server-process.js';

export type { RunningServer };

export async function startServer(
  scenario: 'steady' | 'bootstrap' | 'failure',
  extra: string[] = [],
): Promise<RunningServer> {
  return startServerProcess(['--demo', '--demo-scenario', scenario, ...extra]);
}
