/**
 * The Fastify options every Fluxscope HTTP server starts with (the server and `fluxscope hub`), so limits,
 * proxy trust and request logging cannot drift between them.
 */
import { type FastifyServerOptions, LogController } from 'fastify';
import type { ServerConfig } from '../config/flags.js';
import { sharedSerializers } from './serializers.js';

export function fastifyOptions(
  config: ServerConfig,
  logger: FastifyServerOptions['logger'],
): FastifyServerOptions {
  return {
    logger,
    ajv: { customOptions: { removeAdditional: 'all', coerceTypes: true, useDefaults: true } },
    // One compiled serializer per distinct response schema, not per route (http/serializers.ts).
    schemaController: { compilersFactory: { buildSerializer: sharedSerializers() } },
    // Bound how long a slow client can hold a request; SSE streams are hijacked and not affected.
    requestTimeout: 60_000,
    return503OnClosing: true,
    // Kubernetes names run to 253 characters; Fastify's default (100) answered 414 for long-named objects.
    routerOptions: { maxParamLength: 512 },
    // X-Forwarded-For/-Proto/-Host only from these (request.ip, .protocol, .host); none without the flag.
    ...(config.trustedProxies ? { trustProxy: config.trustedProxies } : {}),
    // One line per request drowns the watch and connection logs at info; keep them for debug and trace.
    logController: new LogController({
      disableRequestLogging: !['debug', 'trace'].includes(config.logLevel),
    }),
  };
}
