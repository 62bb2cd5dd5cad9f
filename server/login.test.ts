import { randomBytes, scryptSync } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestEnv, engineName, TEST_PASSWORD, type TestEnv } from './test/harness.js';
import { findUserByEmail, updateUser } from './repos/users.js';
import { hashingStats } from './services/passwords.js';
import { checkSettings, SettingsError } from './settings.js';

let env: TestEnv;
const saved = { ...process.env };
beforeAll(async () => {
  env = await createTestEnv();
  await env.user('admin@x.test', { admin: true });
  for (const who of ['ann', 'bob', 'cat', 'dan', 'eve', 'old']) await env.user(`${who}@x.test`);
});
afterAll(() => env.close());
afterEach(() => {
  for (const k of ['TRIAD_TRUST_PROXY', 'TRIAD_PUBLIC_URL', 'TRIAD_HASH_CONCURRENCY', 'TRIAD_HASH_QUEUE']) {
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
  }
});

let nextAddress = 1;
/** A fresh client address per call unless one is given, so the per-address bucket stays out of account tests. */
async function login(email: string, password: string, opts: { address?: string; socket?: string; url?: string } = {}) {
  process.env.TRIAD_TRUST_PROXY = '1';
  const address = opts.address ?? `198.51.100.${nextAddress++}`;
  const r = await env.app.request(opts.url ?? '/api/auth/login', {
    method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': `203.0.113.66, ${address}` },
    body: JSON.stringify({ email, password }),
  }, opts.socket ? { incoming: { socket: { remoteAddress: opts.socket } } } : undefined);
  return { status: r.status, headers: r.headers, body: await r.json() as any };
}

describe(`sign-in limits (${engineName()})`, () => {
  it('locks an account after five failed sign-ins with a 429, Retry-After and a wait in words, then lets it in', async () => {
    for (let i = 0; i < 5; i++) expect((await login('ann@x.test', 'wrong guess')).status).toBe(401);
    const locked = await login('ann@x.test', TEST_PASSWORD);
    expect(locked.status).toBe(429);
    expect(locked.headers.get('retry-after')).toBe('15');
    expect(locked.body.error).toEqual({
      code: 'rate_limited', message: 'too many sign-in attempts for this account: try again in 15 s', details: { retryAfterS: 15 },
    });
    env.clock.now += 15_000;
    expect((await login('ann@x.test', 'wrong again')).status).toBe(401);
    expect((await login('ann@x.test', TEST_PASSWORD)).headers.get('retry-after')).toBe('30');
    env.clock.now += 30_000;
    expect((await login('ann@x.test', TEST_PASSWORD)).status).toBe(200);
    expect((await login('ann@x.test', 'wrong')).status).toBe(401);
  });

  it('locks an unknown email exactly like a known one, so a lock reveals nobody', async () => {
    const known: number[] = [], unknown: number[] = [];
    for (let i = 0; i < 6; i++) {
      known.push((await login('bob@x.test', 'wrong guess')).status);
      unknown.push((await login('nobody@x.test', 'wrong guess')).status);
    }
    expect(unknown).toEqual(known);
    expect(known).toEqual([401, 401, 401, 401, 401, 429]);
  });

  it('slows guesses across accounts from one socket address, which a forged X-Forwarded-For does not change', async () => {
    const untrusted = async (email: string, forwarded: string) => {
      delete process.env.TRIAD_TRUST_PROXY;
      const r = await env.app.request('/api/auth/login', {
        method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': forwarded },
        body: JSON.stringify({ email, password: 'Summer2026!' }),
      }, { incoming: { socket: { remoteAddress: '::ffff:192.0.2.77' } } });
      return { status: r.status, body: await r.json() as any };
    };
    const statuses: number[] = [];
    for (let i = 0; i < 20; i++) statuses.push((await untrusted(`spray${i}@x.test`, `10.0.0.${i}`)).status);
    expect(statuses.every((s) => s === 401)).toBe(true);
    const refused = await untrusted('spray99@x.test', '10.0.0.99');
    expect(refused.status).toBe(429);
    expect(refused.body.error.message).toBe('too many sign-in attempts from your network address: try again in 1 s');
    // Behind a trusted proxy the same socket carries many clients: the last X-Forwarded-For entry is the one.
    expect((await login('dan@x.test', TEST_PASSWORD, { socket: '192.0.2.77' })).status).toBe(200);
    expect((await login('cat@x.test', TEST_PASSWORD, { socket: '192.0.2.77', address: '192.0.2.78' })).status).toBe(200);
  });

  it('pays for one password hash whether the account is known, unknown or disabled', async () => {
    const dis = await env.user('disabled@x.test');
    await updateUser(env.deps.db, dis, { disabled: true });
    const cost = async (email: string, password: string) => {
      const before = hashingStats().derivations;
      const r = await login(email, password);
      return { status: r.status, hashes: hashingStats().derivations - before };
    };
    expect(await cost('eve@x.test', 'wrong guess')).toEqual({ status: 401, hashes: 1 });
    expect(await cost('ghost@x.test', 'wrong guess')).toEqual({ status: 401, hashes: 1 });
    expect(await cost('disabled@x.test', TEST_PASSWORD)).toEqual({ status: 401, hashes: 1 });
    expect(await cost('eve@x.test', TEST_PASSWORD)).toEqual({ status: 200, hashes: 1 });
  });

  it('hashes one password at a time and answers 503 with Retry-After when the queue is full', async () => {
    process.env.TRIAD_HASH_CONCURRENCY = '1';
    process.env.TRIAD_HASH_QUEUE = '1';
    let peak = 0;
    const watch = setInterval(() => { peak = Math.max(peak, hashingStats().running); }, 1);
    const all = await Promise.all(Array.from({ length: 6 }, (_, i) => login(`queue${i}@x.test`, 'wrong guess')));
    clearInterval(watch);
    expect(peak).toBe(1);
    const busy = all.filter((r) => r.status === 503);
    expect(busy.length).toBeGreaterThanOrEqual(1);
    expect(all.filter((r) => r.status === 401).length).toBeGreaterThanOrEqual(2);
    expect(all.every((r) => r.status === 401 || r.status === 503)).toBe(true);
    expect(Number(busy[0].headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(busy[0].body.error.code).toBe('busy');
    expect(busy[0].body.error.message).toMatch(/^the server is busy checking other sign-ins: try again in \d+ s$/);
    expect(hashingStats()).toMatchObject({ running: 0, waiting: 0 });
  });

  it('keeps no sign-in waiting for a hash much longer than 3 s, however long the queue may be', async () => {
    process.env.TRIAD_HASH_CONCURRENCY = '1';
    process.env.TRIAD_HASH_QUEUE = '1000';
    let peakWaiting = 0;
    const watch = setInterval(() => { peakWaiting = Math.max(peakWaiting, hashingStats().waiting); }, 1);
    const all = await Promise.all(Array.from({ length: 60 }, (_, i) => login(`wait${i}@x.test`, 'wrong guess')));
    clearInterval(watch);
    // Each queued hash took at least a few ms: 3 s of them is well under 60.
    expect(peakWaiting).toBeLessThan(59);
    const busy = all.filter((r) => r.status === 503);
    expect(busy.length).toBeGreaterThan(0);
    // About the 3 s bound plus one hash (slow on a loaded machine).
    expect(Number(busy[0].headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(Number(busy[0].headers.get('retry-after'))).toBeLessThanOrEqual(10);
  });

  it('gives up on a queued sign-in after 3 s even when hashing slowed down unexpectedly', async () => {
    process.env.TRIAD_HASH_CONCURRENCY = '1';
    process.env.TRIAD_HASH_QUEUE = '1000';
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const all = Promise.all(Array.from({ length: 4 }, (_, i) => login(`slow${i}@x.test`, 'wrong guess')));
      while (hashingStats().waiting < 2) await new Promise((r) => setImmediate(r));
      expect(hashingStats().running).toBe(1);
      vi.advanceTimersByTime(3000);
      // The first hash has not finished, yet nobody is waiting any more: the deadline let them go.
      expect(hashingStats()).toMatchObject({ running: 1, waiting: 0 });
      const res = await all;
      expect(res.filter((r) => r.status === 503).length).toBeGreaterThanOrEqual(2);
    } finally {
      vi.useRealTimers();
    }
  });

  it('still accepts a password hashed with the older parameters and upgrades it on sign-in', async () => {
    const salt = randomBytes(16);
    const old = `scrypt$32768$8$1$${salt.toString('base64')}$${scryptSync(TEST_PASSWORD, salt, 32, { N: 32768, r: 8, p: 1, maxmem: 64 << 20 }).toString('base64')}`;
    const id = (await findUserByEmail(env.deps.db, 'old@x.test'))!.id;
    await updateUser(env.deps.db, id, { passwordHash: old });
    expect((await login('old@x.test', TEST_PASSWORD)).status).toBe(200);
    const stored = (await findUserByEmail(env.deps.db, 'old@x.test'))!.password_hash;
    expect(stored).toMatch(/^scrypt\$16384\$8\$5\$/);
    expect((await login('old@x.test', TEST_PASSWORD)).status).toBe(200);
  });
});

describe(`password and email bounds (${engineName()})`, () => {
  const long = 'x'.repeat(257);

  it('refuses an over-long password or email at sign-in with a 400 naming the limit', async () => {
    const r = await login('ann@x.test', long);
    expect(r.status).toBe(400);
    expect(r.body.error.message).toBe('password: a password has at most 256 characters');
    const e = await login(`${'a'.repeat(250)}@x.test`, 'whatever');
    expect(e.status).toBe(400);
    expect(e.body.error.message).toBe('email: an email address has at most 254 characters');
  });

  it('refuses an over-long password when creating a user or resetting one', async () => {
    const admin = await env.login('admin@x.test');
    const created = await admin.post('/api/users', { email: 'long@x.test', name: 'Long', password: long });
    expect(created.status).toBe(400);
    expect(created.body.error.message).toBe('password: a password has at most 256 characters');
    const ok = await admin.post('/api/users', { email: 'long@x.test', name: 'Long', password: 'y'.repeat(256) });
    expect(ok.status).toBe(201);
    const reset = await admin.post(`/api/users/${ok.body.user.id}/password`, { password: long });
    expect(reset.status).toBe(400);
    expect(reset.body.error.message).toBe('password: a password has at most 256 characters');
  });
});

describe('session cookie Secure flag', () => {
  const cookieOf = async (url?: string) => {
    const r = await login('cat@x.test', TEST_PASSWORD, { url });
    expect(r.status).toBe(200);
    return r.headers.get('set-cookie')!;
  };

  it('is Secure behind a TLS-terminating proxy when TRIAD_PUBLIC_URL is https', async () => {
    expect(await cookieOf('http://localhost/api/auth/login')).not.toMatch(/;\s*Secure/i);
    process.env.TRIAD_PUBLIC_URL = 'https://triad.example.com';
    expect(await cookieOf('http://localhost/api/auth/login')).toMatch(/;\s*Secure/i);
    process.env.TRIAD_PUBLIC_URL = 'http://triad.internal:8080';
    expect(await cookieOf('http://localhost/api/auth/login')).not.toMatch(/;\s*Secure/i);
  });

  it('is Secure when the server itself is reached over https', async () => {
    delete process.env.TRIAD_PUBLIC_URL;
    expect(await cookieOf('https://localhost/api/auth/login')).toMatch(/;\s*Secure/i);
  });
});

describe('login settings', () => {
  it('stops the server on a mistyped TRIAD_TRUST_PROXY, TRIAD_HASH_CONCURRENCY or TRIAD_HASH_QUEUE', () => {
    process.env.TRIAD_TRUST_PROXY = 'yes';
    expect(() => checkSettings()).toThrow(new SettingsError('TRIAD_TRUST_PROXY: expected 1 (behind a proxy that sets X-Forwarded-For) or 0, got "yes"'));
    process.env.TRIAD_TRUST_PROXY = '0';
    process.env.TRIAD_HASH_CONCURRENCY = '0';
    expect(() => checkSettings()).toThrow('TRIAD_HASH_CONCURRENCY: expected a whole number of at least 1, got "0"');
    process.env.TRIAD_HASH_CONCURRENCY = '2';
    process.env.TRIAD_HASH_QUEUE = 'many';
    expect(() => checkSettings()).toThrow('TRIAD_HASH_QUEUE: expected a whole number of at least 1, got "many"');
    process.env.TRIAD_HASH_QUEUE = '8';
    expect(() => checkSettings()).not.toThrow();
  });
});
