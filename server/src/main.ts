#!/usr/bin/env node
/** Entry point: parse flags, build the app, listen, and shut down cleanly on SIGINT/SIGTERM. */
import { buildApp } from './app.js';
import { FlagError, helpText, isLoopbackHost, parseFlags } from './config/flags.js';
import { fleetHelpText, parseFleetFlags } from './config/nats-flags.js';

async function main(): Promise<void> {
  let config;
  try {
    // `fluxscope agent|hub` and the NATS flags first; the server's own flags parse what is left.
    const { fleet, rest } = parseFleetFlags(process.argv.slice(2), process.env);
    const parsed = parseFlags(rest, process.env);
    config =
      parsed === 'help' ? parsed : { ...parsed, ...(fleet.mode === 'server' ? {} : { fleetMode: fleet }) };
  } catch (err) {
    if (err instanceof FlagError) {
      process.stderr.write(`fluxscope: ${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
  if (config === 'help') {
    process.stdout.write(helpText() + fleetHelpText());
    return;
  }
  const app =
    config.fleetMode?.mode === 'hub'
      ? // Only the hub loads the NATS client.
        await (await import('./fleet-nats/hub-app.js')).buildHubApp(config)
      : await buildApp(config);
  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info(`${signal}: shutting down`);
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    app.close().then(
      () => process.exit(0),
      err => {
        app.log.error(err, 'error while shutting down');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));

  if (!isLoopbackHost(config.host) && !config.authToken && !config.trustedProxyHeader) {
    app.log.warn(
      `listening on ${config.host} without auth (--allow-unauthenticated): anyone who can reach this address sees ` +
        'the Flux objects; make sure something in front of it (a proxy, a NetworkPolicy) protects it',
    );
  }
  const address = await app.listen({ host: config.host, port: config.port });
  const url = address.replace('://0.0.0.0', '://127.0.0.1').replace('://[::]', '://127.0.0.1');
  app.log.info(`Fluxscope is at ${url}`);
  process.stdout.write(`Fluxscope is at ${url}\n`);
}

main().catch(err => {
  process.stderr.write(`fluxscope: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
