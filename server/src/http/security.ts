/** Security headers on every response, the SSE stream included (it writes its own head with these). */
import type { FastifyInstance, FastifyRequest } from 'fastify';

export const SECURITY_HEADERS: Record<string, string> = {
  // No inline scripts; styles may be inline (React Flow positions nodes with style attributes).
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
    "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
};

/** HSTS only when the request came over HTTPS (directly, or per X-Forwarded-Proto from a trusted proxy). */
export function securityHeaders(request: FastifyRequest): Record<string, string> {
  return request.protocol === 'https'
    ? { ...SECURITY_HEADERS, 'strict-transport-security': 'max-age=31536000' }
    : SECURITY_HEADERS;
}

export function installSecurityHeaders(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', async (request, reply) => {
    reply.headers(securityHeaders(request));
  });
}
