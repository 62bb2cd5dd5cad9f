import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startMessage, type StartFacts } from './start-message.js';
import { DEMO_USERS } from './seed/demo.js';
import { spawnServer } from './test/spawn-server.js';

/** What `npm start` prints (issue 16): never a demo login that does not exist or would not open. */
const all = DEMO_USERS.map((u) => u.email).sort();
const facts = (f: Partial<StartFacts>): StartFacts => ({
  url: 'http://127.0.0.1:3000', listening: null, database: 'data/triad.sqlite', verdict: { action: 'start', accounts: all },
  noUsers: false, seedWanted: true, seedAllowed: true, exposure: null, ...f,
});

describe('the start message', () => {
  it('lists the demo logins that exist and open with the published password, and only those', () => {
    const m = startMessage(facts({}));
    expect(m).toContain('Demo logins (password "triad-demo")');
    for (const e of all) expect(m).toContain(e);
    const some = startMessage(facts({ verdict: { action: 'start', accounts: ['ann@triad.test'] } }));
    expect(some).toContain('ann@triad.test');
    expect(some).not.toContain('lead@triad.test');
  });

  it('with TRIAD_SEED=0 on an empty database names no demo login and says how to create the first administrator', () => {
    const m = startMessage(facts({ verdict: { action: 'start', accounts: [] }, noUsers: true, seedWanted: false, seedAllowed: false }));
    expect(m).not.toMatch(/Demo logins|@triad\.test|triad-demo/);
    expect(m).toContain('No accounts yet: the demo is off (TRIAD_SEED=0).');
    expect(m).toContain('npm run triad -- user add --email you@example.com');
  });

  it('on a reachable server that did not seed, says why and how to create the first administrator', () => {
    const m = startMessage(facts({ verdict: { action: 'start', accounts: [] }, noUsers: true, seedAllowed: false, exposure: 'HOST=0.0.0.0', listening: '0.0.0.0:3000' }));
    expect(m).toContain('listening on 0.0.0.0:3000');
    expect(m).toContain('The demo was not seeded: this server is reachable beyond this machine (HOST=0.0.0.0)');
    expect(m).not.toContain('Demo logins');
  });

  it('says nothing of accounts once people exist without the demo', () => {
    const m = startMessage(facts({ verdict: { action: 'start', accounts: [] }, seedWanted: false }));
    expect(m).not.toMatch(/Demo logins|No accounts yet|first administrator/);
  });
});

describe('npm start (a real server process)', () => {
  it('TRIAD_SEED=0: prints no demo login, and the next start with the demo on an empty directory prints them all', async () => {
    for (const [seed, check] of [
      ['0', (out: string) => {
        expect(out).not.toMatch(/Demo logins|@triad\.test/);
        expect(out).toContain('No accounts yet: the demo is off (TRIAD_SEED=0).');
      }],
      ['1', (out: string) => {
        for (const e of all) expect(out).toContain(e);
      }],
    ] as const) {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'triad-start-'));
      const s = await spawnServer(dir, { TRIAD_SEED: seed });
      try {
        // The message is printed once the server listens, in one write after the URL.
        for (let i = 0; i < 100 && !/\n\n\s*$/.test(s.output().split('running at')[1] ?? ''); i++) await new Promise((r) => setTimeout(r, 50));
        check(s.output());
      } finally {
        s.child.kill('SIGTERM');
        await s.exited;
        fs.rmSync(dir, { recursive: true, force: true });
      }
    }
  }, 120_000);
});
