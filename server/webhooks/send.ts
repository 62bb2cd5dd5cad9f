import http from 'node:http';
import https from 'node:https';
import ipaddr from 'ipaddr.js';
import type { AllowList } from './settings.js';
import { addressRefusal, guardedLookup, hostOf } from './address-policy.js';

/** The most of a receiver's answer Triad reads: the status decides, the rest is an excerpt for the log. */
export const RESPONSE_CAP_BYTES = 64 * 1024;
const EXCERPT = 200;

export interface SendResult {
  ok: boolean;
  statusCode: number | null;
  /** Why it failed, for the delivery log; null on success. */
  error: string | null;
}

/**
 * One POST of a signed body. Redirects are not followed (a 3xx is a failure naming where it pointed: a
 * redirect could lead to an internal address), the connection goes only to an allowed address, the whole
 * request has `timeoutMs`, and at most RESPONSE_CAP_BYTES of the answer are read.
 */
export function postJson(url: string, body: string, headers: Record<string, string>, opts: {
  allow: AllowList; timeoutMs: number; signal?: AbortSignal;
}): Promise<SendResult> {
  return new Promise((resolve) => {
    let u: URL;
    try { u = new URL(url); } catch { return resolve({ ok: false, statusCode: null, error: 'the address is not a URL' }); }
    const host = hostOf(u);
    // Node connects to an IP literal without calling `lookup`: check it here.
    if (ipaddr.isValid(host) && !opts.allow.hosts.has(host)) {
      const why = addressRefusal(host, opts.allow);
      if (why) return resolve({ ok: false, statusCode: null, error: `${why}: refused (not in TRIAD_WEBHOOK_ALLOW)` });
    }
    let settled = false;
    const done = (r: SendResult) => { if (!settled) { settled = true; clearTimeout(timer); resolve(r); } };
    const lib = u.protocol === 'https:' ? https : http;
    const req = lib.request(u, {
      method: 'POST', agent: false, lookup: guardedLookup(opts.allow),
      headers: { ...headers, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) },
    }, (res) => {
      const code = res.statusCode ?? 0;
      const chunks: Buffer[] = [];
      let size = 0;
      const finish = () => {
        const text = Buffer.concat(chunks).toString('utf8').replace(/\s+/g, ' ').trim().slice(0, EXCERPT);
        if (code >= 200 && code < 300) return done({ ok: true, statusCode: code, error: null });
        if (code >= 300 && code < 400) return done({ ok: false, statusCode: code, error: `redirect to ${res.headers.location ?? '(no location)'} not followed: register the final address` });
        done({ ok: false, statusCode: code, error: `the receiver answered ${code}${text ? `: ${text}` : ''}` });
      };
      res.on('data', (c: Buffer) => {
        if (size < RESPONSE_CAP_BYTES) chunks.push(c.subarray(0, RESPONSE_CAP_BYTES - size));
        size += c.length;
        // Enough read: the rest of a huge answer is not waited for.
        if (size >= RESPONSE_CAP_BYTES) { finish(); res.destroy(); }
      });
      res.on('end', finish);
      res.on('error', finish);
    });
    const timer = setTimeout(() => req.destroy(new Error(`no answer within ${Math.round(opts.timeoutMs / 100) / 10} s`)), opts.timeoutMs);
    const onAbort = () => req.destroy(new Error('stopped'));
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    req.on('error', (e: NodeJS.ErrnoException) => done({ ok: false, statusCode: null, error: e.code && e.code !== 'ETRIADREFUSED' ? `${e.code}: ${e.message}` : e.message }));
    req.on('close', () => opts.signal?.removeEventListener('abort', onAbort));
    req.end(body);
  });
}
