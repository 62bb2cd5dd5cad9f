import ipaddr from 'ipaddr.js';
import { SettingsError } from '../settings.js';

/**
 * Instance settings of webhooks, from the environment, read on use and memoised on the raw value (as
 * server/settings.ts does): TRIAD_WEBHOOK_ALLOW, and the delivery worker's attempts and timings.
 */

/** Hosts and address ranges an administrator opened to webhooks beyond the public internet. */
export interface AllowList {
  /** Host names (lower case): any address they resolve to is allowed. */
  hosts: Set<string>;
  /** Addresses and CIDR ranges allowed even though they are internal. */
  ranges: Array<[ipaddr.IPv4 | ipaddr.IPv6, number]>;
}

const HOST = /^(?=.{1,253}$)([a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)(\.[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)*\.?$/;

export function parseAllowList(raw: string | undefined): AllowList {
  const out: AllowList = { hosts: new Set(), ranges: [] };
  for (const item of (raw ?? '').split(',').map((s) => s.trim().toLowerCase()).filter(Boolean)) {
    if (item.includes('/')) {
      try { out.ranges.push(ipaddr.parseCIDR(item)); } catch { throw new SettingsError(`TRIAD_WEBHOOK_ALLOW: "${item}" is not a CIDR range like 10.0.0.0/8 or fd00::/8`); }
    } else if (ipaddr.isValid(item.replace(/^\[|\]$/g, ''))) {
      const a = ipaddr.parse(item.replace(/^\[|\]$/g, ''));
      out.ranges.push([a, a.kind() === 'ipv4' ? 32 : 128]);
    } else if (HOST.test(item)) {
      out.hosts.add(item.replace(/\.$/, ''));
    } else {
      throw new SettingsError(`TRIAD_WEBHOOK_ALLOW: "${item}" is neither a host name, an IP address nor a CIDR range (separate entries with commas)`);
    }
  }
  return out;
}

function memo<T>(parse: (raw: string | undefined) => T): (raw: string | undefined) => T {
  let last: { raw: string | undefined; value: T } | null = null;
  return (raw) => {
    if (!last || last.raw !== raw) last = { raw, value: parse(raw) };
    return last.value;
  };
}

const allowOf = memo(parseAllowList);
/** TRIAD_WEBHOOK_ALLOW: a comma list of hosts, addresses and CIDR ranges webhooks may reach although internal. */
export const webhookAllowList = (): AllowList => allowOf(process.env.TRIAD_WEBHOOK_ALLOW);

function positive(name: string, fallback: number, max: number): () => number {
  const parse = memo((raw) => {
    if (raw === undefined || raw.trim() === '') return fallback;
    const n = Number(raw);
    if (!Number.isFinite(n) || n <= 0 || n > max) throw new SettingsError(`${name}: expected a number from 1 to ${max}, got "${raw}"`);
    return n;
  });
  return () => parse(process.env[name]);
}

const attempts = positive('TRIAD_WEBHOOK_MAX_ATTEMPTS', 10, 100);
const timeoutS = positive('TRIAD_WEBHOOK_TIMEOUT_S', 10, 120);
const backoffS = positive('TRIAD_WEBHOOK_BACKOFF_S', 30, 86_400);
const logDays = positive('TRIAD_WEBHOOK_LOG_DAYS', 30, 3650);

/** The worker's defaults: attempts per delivery, time per request, first retry delay (doubling after), how long the log keeps settled deliveries. */
export const webhookSettings = () => ({
  maxAttempts: Math.floor(attempts()), timeoutMs: timeoutS() * 1000, backoffMs: backoffS() * 1000, logMs: logDays() * 86_400_000,
});

/** Read at start, so a mistyped value stops the server with its name. */
export function checkWebhookSettings(): void {
  webhookAllowList();
  webhookSettings();
}
