import { isIP } from 'node:net';
import type { Context } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import { trustProxy } from '../settings.js';

/** Requests with no socket (app.request in tests, another runtime) share this one key. */
export const UNKNOWN_ADDRESS = 'unknown';

/**
 * The address limits are counted against: the socket's peer, or, behind a trusted proxy
 * (TRIAD_TRUST_PROXY=1), the last X-Forwarded-For entry, which that proxy appended (earlier entries are
 * whatever the client chose to send). IPv6 addresses count per /64, the block one subscriber gets.
 */
export function clientAddress(c: Context): string {
  let address: string | undefined;
  if (trustProxy()) {
    const forwarded = c.req.header('x-forwarded-for')?.split(',').at(-1)?.trim();
    if (forwarded && isIP(forwarded)) address = forwarded;
  }
  if (!address) {
    try { address = getConnInfo(c).remote.address; } catch { address = undefined; }
  }
  return address ? addressKey(address) : UNKNOWN_ADDRESS;
}

export function addressKey(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return mapped[1];
  if (isIP(address) !== 6) return address;
  return `${expandIPv6(address).slice(0, 4).join(':')}::/64`;
}

function expandIPv6(address: string): string[] {
  const [head, tail] = address.toLowerCase().split('%')[0].split('::');
  const left = head ? head.split(':') : [];
  const right = tail === undefined ? [] : tail ? tail.split(':') : [];
  const zeros = Array(Math.max(0, 8 - left.length - right.length)).fill('0');
  return [...left, ...zeros, ...right].map((g) => g.replace(/^0+(?=.)/, ''));
}
