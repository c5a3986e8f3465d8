/**
 * `fluxscope hub`: the fleet page and search over what agents wrote to NATS, and drill-downs forwarded to
 * them. No Kubernetes client at all: the hub holds no cluster credentials, only its NATS ones. The same HTTP
 * guard as the server (Host check, auth, security headers) and the same web app.
 */
import fastifyCompress from '@fastify/compress';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance } from 'fastify';
import type { ServerConfig } from '../config/flags.js';
import configPlugin from '../config/plugin.js';
import { installAuth } from '../http/auth.js';
import { installErrorHandler } from '../http/errors.js';
import { fastifyOptions } from '../http/fastify-options.js';
import { installSecurityHeaders } from '../http/security.js';
import { installStaticAndNotFound } from '../http/static.js';
import { ClusterRegistry } from '../fleet/registry.js';
import fleetRoutes from '../routes/fleet.js';
import { FleetHub } from './hub.js';
import { hubRoutes } from './hub-routes.js';
import { RemoteBackend } from './remote-backend.js';

declare module 'fastify' {
  interface FastifyInstance {
    fleetHub?: FleetHub;
  }
}

export async function buildHubApp(
  config: ServerConfig,
  options: { logger?: boolean } = {},
): Promise<FastifyInstance> {
  const fleet = config.fleetMode;
  if (fleet?.mode !== 'hub' || !fleet.nats) throw new Error('buildHubApp needs the hub mode with --nats-url');
  const fastify = Fastify(
    fastifyOptions(config, options.logger === false ? false : { level: config.logLevel }),
  ).withTypeProvider<TypeBoxTypeProvider>();
  await fastify.register(configPlugin, { config });
  const hub = new FleetHub(fleet, fastify.log.child({ component: 'fleet-hub' }));
  fastify.decorate('fleetHub', hub);
  // The fleet routes read the registry; here every cluster in it is one an agent reports.
  const registry = new ClusterRegistry('');
  hub.onMembership((name, joined) => {
    if (joined) registry.add(new RemoteBackend(name, hub));
    else registry.remove(name);
  });
  fastify.decorate('clusters', registry);
  installSecurityHeaders(fastify);
  installAuth(fastify, config);
  installErrorHandler(fastify);
  await fastify.register(fastifyCompress, { global: true, threshold: 1024 });
  await fastify.register(fleetRoutes);
  await fastify.register(hubRoutes(hub));
  // A hub holds no cluster's snapshot (its pages read the fleet routes): index.html preloads nothing.
  await installStaticAndNotFound(fastify, config.staticDir, () => undefined);
  // Connecting waits for NATS (it retries forever), so it runs after boot, not in it.
  fastify.addHook('onReady', async () => {
    hub.start().catch((err: unknown) => fastify.log.error({ err }, 'fleet hub: cannot start'));
  });
  fastify.addHook('onClose', async () => hub.stop());
  return fastify;
}
