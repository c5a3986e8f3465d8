/**
 * Where a request comes from and which name it was sent to.
 *
 * Cross-site writes (CSRF): an unsafe request is refused when the browser says it is not same-origin
 * (Sec-Fetch-Site) or its Origin differs from this server's origin by scheme, host or port. The scheme and
 * host are the connection's, or X-Forwarded-Proto/-Host when a trusted proxy sent them (Fastify's
 * request.protocol / request.host with trustProxy = --trusted-proxies).
 *
 * DNS rebinding: a page on attacker.example whose name is re-pointed at 127.0.0.1 is same-origin with
 * itself, so the Origin check cannot see it; its requests do carry `Host: attacker.example`. Only names
 * that mean this server are accepted: the bind address, localhost, IP literals when bound to every
 * interface (a literal address cannot be rebound), and --allowed-hosts. Ports are not compared: a
 * port-forward or a proxy may change them, and the name is what a rebinding attack cannot fake.
 */
import net from 'node:net';
import type { FastifyRequest } from 'fastify';
import { firstHeader } from './credentials.js';

function expectedOrigin(request: FastifyRequest): string | undefined {
  try {
    return new URL(`${request.protocol}://${request.host}`).origin;
  } catch {
    return undefined;
  }
}

/** Why this request looks cross-site, or undefined when it is same-origin (or says nothing, like curl). */
export function crossSiteReason(request: FastifyRequest): string | undefined {
  const site = firstHeader(request, 'sec-fetch-site');
  if (site !== undefined && site !== 'same-origin') return `cross-site request (Sec-Fetch-Site: ${site})`;
  const origin = firstHeader(request, 'origin');
  if (origin === undefined) return undefined;
  let presented: string;
  try {
    presented = new URL(origin).origin;
  } catch {
    return `cross-site request (Origin: ${origin})`;
  }
  const expected = expectedOrigin(request);
  if (presented === expected) return undefined;
  const hint =
    expected?.startsWith('http:') && presented.startsWith('https:')
      ? '; behind a TLS proxy, list it in --trusted-proxies so its X-Forwarded-Proto counts'
      : '';
  return `cross-site request (Origin ${origin} is not ${expected ?? 'this server'}${hint})`;
}

export interface HostPolicy {
  /** --host */
  bindHost: string;
  /** --allowed-hosts: names, `*.example.com` for every subdomain, or `*` for any name. */
  allowedHosts: readonly string[];
}

/** The name part of a Host header: lower case, no port, no brackets, no trailing dot. */
export function hostName(host: string): string {
  const h = host.trim().toLowerCase();
  const name = h.startsWith('[') ? h.slice(1, h.indexOf(']')) : (h.split(':')[0] ?? '');
  return name.endsWith('.') ? name.slice(0, -1) : name;
}

const WILDCARD_BIND = new Set(['0.0.0.0', '::', '']);

export function hostAllowed(host: string, policy: HostPolicy): boolean {
  const name = hostName(host);
  if (name === '') return false;
  if (name === 'localhost' || name.endsWith('.localhost')) return true;
  if (name === '127.0.0.1' || name === '::1') return true;
  const bind = policy.bindHost.toLowerCase();
  if (name === bind) return true;
  if (net.isIP(name) !== 0 && WILDCARD_BIND.has(bind)) return true;
  for (const allowed of policy.allowedHosts) {
    if (allowed === '*' || allowed === name) return true;
    if (allowed.startsWith('*.') && name.endsWith(allowed.slice(1))) return true;
  }
  return false;
}

/** The 4xx message for a Host this server does not answer to, or undefined when it is allowed. */
export function hostRefusal(request: FastifyRequest, policy: HostPolicy): string | undefined {
  if (hostAllowed(request.host, policy)) return undefined;
  return (
    `this server does not answer to the name "${hostName(request.host)}" (DNS rebinding protection): ` +
    'open it as localhost or its address, or add the name with --allowed-hosts'
  );
}
