/**
 * Trusted proxies (--trusted-proxies: addresses and CIDRs). Only connections from them may set
 * X-Forwarded-For/-Proto/-Host (Fastify's trustProxy gets the same list) and the user header of
 * --trusted-proxy-header. Without the flag no forwarded header is believed.
 */
import net from 'node:net';

/** Parses one entry; undefined when it is neither an IP address nor a CIDR block. */
export function parseProxyEntry(
  entry: string,
): { address: string; prefix?: number; family: 4 | 6 } | undefined {
  const [address = '', prefixText, extra] = entry.split('/');
  if (extra !== undefined) return undefined;
  const family = net.isIP(address);
  if (family === 0) return undefined;
  if (prefixText === undefined) return { address, family: family as 4 | 6 };
  const prefix = Number(prefixText);
  if (!/^\d{1,3}$/.test(prefixText) || prefix > (family === 4 ? 32 : 128)) return undefined;
  return { address, prefix, family: family as 4 | 6 };
}

export function proxyMatcher(entries: readonly string[]): (address: string | undefined) => boolean {
  const list = new net.BlockList();
  for (const entry of entries) {
    const parsed = parseProxyEntry(entry);
    if (!parsed) continue;
    const type = parsed.family === 4 ? 'ipv4' : 'ipv6';
    if (parsed.prefix === undefined) list.addAddress(parsed.address, type);
    else list.addSubnet(parsed.address, parsed.prefix, type);
  }
  return address => {
    if (!address) return false;
    // IPv4 clients on a dual-stack socket show as ::ffff:a.b.c.d.
    const v4 = address.startsWith('::ffff:') && net.isIPv4(address.slice(7)) ? address.slice(7) : undefined;
    if (v4) return list.check(v4, 'ipv4');
    return list.check(address, net.isIPv4(address) ? 'ipv4' : 'ipv6');
  };
}
