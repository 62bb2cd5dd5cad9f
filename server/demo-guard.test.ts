import { describe, expect, it } from 'vitest';
import { withEnv } from './test/with-env.js';
import { createTestEnv } from './test/harness.js';
import { demoVerdict, openDemoAccounts, type DemoVerdict } from './demo-guard.js';
import { DEMO_USERS } from './seed/demo.js';
import { HashingBusy, hashPassword, verifyPassword } from './services/passwords.js';
import { exposure, isLoopback, listenHost, SettingsError, publicUrl } from './settings.js';


describe('who can reach the server', () => {
  it('listens on loopback unless HOST says otherwise', () => withEnv({ HOST: undefined, TRIAD_PUBLIC_URL: undefined }, () => {
    expect(listenHost()).toBe('127.0.0.1');
    expect(exposure()).toBeNull();
  }));

  it('tells loopback addresses from the others', () => {
    for (const h of ['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]', '::ffff:127.0.0.1']) expect(isLoopback(h)).toBe(true);
    for (const h of ['0.0.0.0', '::', '192.168.1.10', '10.0.0.1', 'triad.example.com']) expect(isLoopback(h)).toBe(false);
  });

  it('names the setting that exposes the server: a non-loopback HOST, or TRIAD_PUBLIC_URL', async () => {
    await withEnv({ HOST: '0.0.0.0', TRIAD_PUBLIC_URL: undefined }, () => expect(exposure()).toBe('HOST=0.0.0.0'));
    await withEnv({ HOST: '127.0.0.1', TRIAD_PUBLIC_URL: 'https://triad.example.com/' }, () => expect(exposure()).toBe('TRIAD_PUBLIC_URL=https://triad.example.com'));
  });

  it('refuses a TRIAD_PUBLIC_URL with a path or another scheme', async () => {
    await withEnv({ TRIAD_PUBLIC_URL: 'https://example.com/triad' }, () => expect(() => publicUrl()).toThrow(SettingsError));
    await withEnv({ TRIAD_PUBLIC_URL: 'ftp://example.com' }, () => expect(() => publicUrl()).toThrow(/TRIAD_PUBLIC_URL: expected an http or https address/));
    await withEnv({ TRIAD_PUBLIC_URL: 'triad.example.com' }, () => expect(() => publicUrl()).toThrow(/like https:\/\/triad.example.com/));
  });
});

describe('the demo accounts on a reachable server', () => {
  const all = DEMO_USERS.map((u) => u.email).sort();

  it('starts on this machine only, listing the demo logins', () => {
    expect(demoVerdict(all, { exposure: null, allow: false })).toEqual({ action: 'start', accounts: all });
  });

  it('refuses to start when reachable, saying why and what to do', () => {
    const v = demoVerdict(all, { exposure: 'HOST=0.0.0.0', allow: false });
    expect(v).toMatchObject({ action: 'refuse', accounts: all });
    const { message } = v as Extract<DemoVerdict, { action: 'refuse' }>;
    expect(message).toContain('reachable beyond this machine (HOST=0.0.0.0)');
    expect(message).toContain('published password "triad-demo"');
    for (const how of ['npm run triad -- user passwd --email', 'a new DATA_DIR', 'unset HOST', 'TRIAD_ALLOW_DEMO=1']) expect(message).toContain(how);
  });

  it('runs with a warning when the operator allowed it knowingly', () => {
    const v = demoVerdict(all, { exposure: 'TRIAD_PUBLIC_URL=https://triad.example.com', allow: true });
    expect(v).toMatchObject({ action: 'warn', accounts: all });
    expect((v as Extract<DemoVerdict, { action: 'warn' }>).message).toMatch(/TRIAD_ALLOW_DEMO=1: anyone who can reach it can sign in as them/);
  });

  it('finds the seeded accounts that still open with the published password, and only those', async () => {
    const env = await createTestEnv({ seed: true });
    try {
      expect(await openDemoAccounts(env.deps.db)).toEqual(all);
      const [changed, disabled, ...rest] = all;
      await env.deps.db.updateTable('users').set({ password_hash: await hashPassword('a private passphrase') }).where('email', 'in', [changed, ...rest]).execute();
      await env.deps.db.updateTable('users').set({ disabled: 1 }).where('email', '=', disabled).execute();
      const open = await openDemoAccounts(env.deps.db);
      expect(open).toEqual([]);
      expect(demoVerdict(open, { exposure: 'HOST=0.0.0.0', allow: false })).toEqual({ action: 'start', accounts: [] });
    } finally {
      await env.close();
    }
  });
});

describe('the demo check at start on a busy machine', () => {
  it('waits for hash slots instead of failing when sign-ins fill the queue', () => withEnv({ TRIAD_HASH_CONCURRENCY: '1', TRIAD_HASH_QUEUE: '1' }, async () => {
    const env = await createTestEnv({ seed: true });
    try {
      // One sign-in hashing and one waiting fill the gate: a further sign-in would be refused as busy.
      const hash = await hashPassword('someone else');
      const signIns = [verifyPassword('x', hash), verifyPassword('y', hash)];
      await expect(verifyPassword('z', hash)).rejects.toBeInstanceOf(HashingBusy);
      expect(await openDemoAccounts(env.deps.db)).toEqual(DEMO_USERS.map((u) => u.email).sort());
      await Promise.all(signIns);
    } finally {
      await env.close();
    }
  }));
});
