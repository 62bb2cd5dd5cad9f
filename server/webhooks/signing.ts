import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { WEBHOOK_SECRET_PREFIX } from '@shared/api/webhooks.js';

/**
 * Deliveries are signed as Stripe signs its webhooks: HMAC-SHA256 with the webhook's secret over
 * `${timestamp}.${body}`, sent as `X-Triad-Signature: t=<unix seconds>,v1=<hex>`. The timestamp inside the
 * signed text lets a receiver refuse a replayed old request.
 */

/** 32 random bytes: an HMAC key as long as the hash. */
export const newWebhookSecret = () => WEBHOOK_SECRET_PREFIX + randomBytes(32).toString('base64url');

/** The first characters, to tell secrets apart in a list: far from enough to sign with. */
export const secretHint = (secret: string) => secret.slice(0, WEBHOOK_SECRET_PREFIX.length + 4);

export const signPayload = (secret: string, timestamp: number, body: string) =>
  createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');

export const signatureHeader = (secret: string, timestamp: number, body: string) => `t=${timestamp},v1=${signPayload(secret, timestamp, body)}`;

/**
 * What a receiver does (README "Webhooks"), used by the tests: the header's timestamp within `toleranceS`
 * of now, and one of its v1 signatures equal (in constant time) to our own over the raw body.
 */
export function verifySignature(secret: string, header: string, body: string, nowS: number, toleranceS = 300): boolean {
  const parts = header.split(',').map((p) => p.trim().split('='));
  const t = Number(parts.find(([k]) => k === 't')?.[1]);
  if (!Number.isInteger(t) || Math.abs(nowS - t) > toleranceS) return false;
  const want = Buffer.from(signPayload(secret, t, body), 'hex');
  return parts.filter(([k]) => k === 'v1').some(([, v]) => {
    const got = Buffer.from(v ?? '', 'hex');
    return got.length === want.length && timingSafeEqual(got, want);
  });
}
