import dns from 'node:dns';
import type { LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';
import type { AllowList } from './settings.js';

/**
 * Where webhooks may go. By default only public unicast addresses: loopback, private, link-local, CGNAT,
 * multicast, IPv6 unique-local, IPv4-mapped and every other special range are refused, so a lead cannot
 * make the server call its own admin ports or the cloud's metadata service. TRIAD_WEBHOOK_ALLOW opens
 * named hosts or ranges. The check runs when a webhook is registered and again on every delivery against
 * the address actually connected to (the lookup below pins it), so a name re-pointed after registration
 * (DNS rebinding) is refused too.
 */

const KIND: Record<string, string> = {
  loopback: 'loopback', private: 'private', linkLocal: 'link-local', carrierGradeNat: 'carrier-grade NAT (CGNAT)',
  multicast: 'multicast', uniqueLocal: 'IPv6 unique-local', ipv4Mapped: 'IPv4-mapped IPv6', unspecified: 'unspecified',
  broadcast: 'broadcast', reserved: 'reserved',
};

/** Null when Triad may send to `ip`, else why not. */
export function addressRefusal(ip: string, allow: AllowList): string | null {
  if (!ipaddr.isValid(ip)) return `${ip} is not an IP address`;
  const addr = ipaddr.parse(ip);
  const forms = [addr, ...(addr.kind() === 'ipv6' && (addr as ipaddr.IPv6).isIPv4MappedAddress() ? [(addr as ipaddr.IPv6).toIPv4Address()] : [])];
  if (allow.ranges.some(([net, bits]) => forms.some((a) => a.kind() === net.kind() && a.match(net, bits)))) return null;
  const range = addr.range();
  if (range === 'unicast') return null;
  return `${ip} is a${/^[aeiou]/i.test(KIND[range] ?? 'special') ? 'n' : ''} ${KIND[range] ?? `special-purpose (${range})`} address`;
}

const hostOf = (u: URL) => u.hostname.replace(/^\[|\]$/g, '').toLowerCase().replace(/\.$/, '');

const advice = 'Triad sends webhooks to public addresses only, unless the administrator lists the host or range in TRIAD_WEBHOOK_ALLOW';

/** Resolves every address of a host name. */
async function resolveAll(host: string): Promise<string[]> {
  return (await dns.promises.lookup(host, { all: true, verbatim: true })).map((a) => a.address);
}

/**
 * Checks an address a lead registers: http(s), no credentials, and every address its host resolves to
 * allowed. Null when fine, else a message a person can act on.
 */
export async function urlRefusal(raw: string, allow: AllowList, resolve = resolveAll): Promise<string | null> {
  let u: URL;
  try { u = new URL(raw); } catch { return 'url: expected an http:// or https:// address'; }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return 'url: expected an http:// or https:// address';
  if (u.username || u.password) return 'url: leave user name and password out of the address (the signature tells the receiver the request is Triad\'s)';
  const host = hostOf(u);
  if (allow.hosts.has(host)) return null;
  if (ipaddr.isValid(host)) {
    const why = addressRefusal(host, allow);
    return why && `url: ${why}. ${advice}`;
  }
  let addresses: string[];
  try { addresses = await resolve(host); } catch { return `url: the host ${host} could not be resolved: check the address`; }
  if (!addresses.length) return `url: the host ${host} has no address`;
  for (const a of addresses) {
    const why = addressRefusal(a, allow);
    if (why) return `url: ${host} resolves to ${why}. ${advice}`;
  }
  return null;
}

/**
 * A `lookup` for http.request that resolves the name and hands the socket only allowed addresses, so the
 * connection goes to an address that was checked (no second resolution in between). Node skips `lookup`
 * for IP literals: `send.ts` checks those itself.
 */
export function guardedLookup(allow: AllowList): LookupFunction {
  return ((hostname: string, options: dns.LookupOptions, callback: (...args: any[]) => void) => {
    dns.lookup(hostname, { ...options, all: true }, (err, found) => {
      if (err) return callback(err);
      const list = found as dns.LookupAddress[];
      const open = allow.hosts.has(hostname.toLowerCase().replace(/\.$/, ''));
      const ok = open ? list : list.filter((a) => addressRefusal(a.address, allow) === null);
      if (!ok.length) {
        const why = list.length ? addressRefusal(list[0].address, allow) : 'no address';
        return callback(Object.assign(new Error(`${hostname} resolves to ${why}: refused (${advice})`), { code: 'ETRIADREFUSED' }));
      }
      if (options.all) return callback(null, ok);
      callback(null, ok[0].address, ok[0].family);
    });
  }) as LookupFunction;
}

export { hostOf };
