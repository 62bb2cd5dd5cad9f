import { describe, expect, it } from 'vitest';
import { formatWait, GUARD_DEFAULTS, LoginGuard, type Verdict } from './login-guard.js';
import { addressKey } from './client-address.js';

const clock = () => {
  const c = { t: 1_000_000, now: () => c.t };
  return c;
};
const allowed = (v: Verdict) => {
  if (!v.ok) throw new Error(`refused: ${v.message}`);
  return v;
};
const fail = (g: LoginGuard, email: string, address = '10.0.0.1') => allowed(g.attempt(email, address)).done('failure');

describe('login guard: per account', () => {
  it('allows five failures, then locks for 15 s, doubling with each further failure', () => {
    const c = clock();
    const g = new LoginGuard(c.now);
    for (let i = 0; i < 5; i++) fail(g, 'ann@x.test', `10.0.0.${i}`);
    const locked = g.attempt('ann@x.test', '10.0.1.1');
    expect(locked).toEqual({ ok: false, retryAfterS: 15, message: 'too many sign-in attempts for this account: try again in 15 s' });
    c.t += 15_000;
    fail(g, 'ann@x.test', '10.0.1.2');
    expect(g.attempt('ann@x.test', '10.0.1.3')).toMatchObject({ ok: false, retryAfterS: 30 });
    c.t += 30_000;
    fail(g, 'ann@x.test', '10.0.1.4');
    expect(g.attempt('ann@x.test', '10.0.1.5')).toMatchObject({ ok: false, retryAfterS: 60 });
    // Other accounts are untouched.
    expect(g.attempt('bob@x.test', '10.0.1.6').ok).toBe(true);
  });

  it('caps the lock at 15 minutes and words long waits in minutes', () => {
    const c = clock();
    const g = new LoginGuard(c.now);
    for (let i = 0; i < 20; i++) {
      fail(g, 'ann@x.test', `10.0.2.${i}`);
      c.t += GUARD_DEFAULTS.lockMaxMs;
    }
    c.t -= GUARD_DEFAULTS.lockMaxMs;
    const v = g.attempt('ann@x.test', '10.0.3.1');
    expect(v).toMatchObject({ ok: false, retryAfterS: 900 });
    expect(!v.ok && v.message).toMatch(/try again in 15 min$/);
    expect(formatWait(119)).toBe('119 s');
    expect(formatWait(121)).toBe('3 min');
  });

  it('clears the failures on a success, and forgets them after an hour without one', () => {
    const c = clock();
    const g = new LoginGuard(c.now);
    for (let i = 0; i < 4; i++) fail(g, 'ann@x.test');
    allowed(g.attempt('ann@x.test', '10.0.0.1')).done('success');
    for (let i = 0; i < 4; i++) fail(g, 'ann@x.test');
    expect(g.attempt('ann@x.test', '10.0.0.1').ok).toBe(true);
    const g2 = new LoginGuard(c.now);
    for (let i = 0; i < 4; i++) fail(g2, 'cat@x.test', `10.0.4.${i}`);
    c.t += GUARD_DEFAULTS.forgetMs;
    for (let i = 0; i < 4; i++) fail(g2, 'cat@x.test', `10.0.5.${i}`);
    expect(g2.attempt('cat@x.test', '10.0.6.1').ok).toBe(true);
  });

  it('checks guesses past the free failures one at a time, so a parallel burst cannot outrun the lock', () => {
    const g = new LoginGuard(clock().now);
    const burst = Array.from({ length: 8 }, (_, i) => g.attempt('ann@x.test', `10.0.7.${i}`));
    expect(burst.filter((v) => v.ok)).toHaveLength(5);
    expect(burst[5]).toMatchObject({ ok: false, retryAfterS: 1 });
  });

  it('counts a check that could not run (server busy) as nothing', () => {
    const g = new LoginGuard(clock().now, { ...GUARD_DEFAULTS, bucketSize: 2 });
    for (let i = 0; i < 10; i++) allowed(g.attempt('ann@x.test', '10.0.0.1')).done('aborted');
    expect(g.attempt('ann@x.test', '10.0.0.1').ok).toBe(true);
  });
});

describe('login guard: per address', () => {
  it('lets a burst of successful sign-ins from one address through, and slows failures across accounts', () => {
    const c = clock();
    const g = new LoginGuard(c.now);
    for (let i = 0; i < 60; i++) allowed(g.attempt(`user${i}@x.test`, '10.9.9.9')).done('success');
    // 40 tokens left, a failure costs 5: eight guesses at eight different accounts, then a refusal.
    for (let i = 0; i < 8; i++) fail(g, `victim${i}@x.test`, '10.9.9.9');
    const v = g.attempt('victim9@x.test', '10.9.9.9');
    expect(v).toMatchObject({ ok: false, retryAfterS: 1, message: 'too many sign-in attempts from your network address: try again in 1 s' });
    expect(g.attempt('victim9@x.test', '10.9.9.10').ok).toBe(true);
    c.t += 1000;
    expect(g.attempt('victim9@x.test', '10.9.9.9').ok).toBe(true);
  });

  it('keeps at most maxEntries accounts and addresses in memory', () => {
    const g = new LoginGuard(clock().now, { ...GUARD_DEFAULTS, maxEntries: 50 });
    for (let i = 0; i < 1000; i++) fail(g, `spray${i}@x.test`, `10.1.${i >> 8}.${i & 255}`);
    expect(g.sizes.accounts).toBeLessThanOrEqual(50);
    expect(g.sizes.addresses).toBeLessThanOrEqual(50);
  });

  it('counts IPv4-mapped addresses as IPv4 and IPv6 per /64', () => {
    expect(addressKey('::ffff:192.0.2.7')).toBe('192.0.2.7');
    expect(addressKey('192.0.2.7')).toBe('192.0.2.7');
    expect(addressKey('2001:db8:0:1::1')).toBe('2001:db8:0:1::/64');
    expect(addressKey('2001:db8:0:1:ffff:1:2:3')).toBe('2001:db8:0:1::/64');
    expect(addressKey('::1')).toBe('0:0:0:0::/64');
  });
});
