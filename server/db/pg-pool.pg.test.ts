import net from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sql, type Kysely } from 'kysely';
import type { DB } from './types.js';
import { prepared } from './prepared.js';
import { createTestEnv, type TestEnv } from '../test/harness.js';
import { getAssignment, myClaims } from '../repos/assignments.js';
import { getRow } from '../repos/row-state.js';

let env: TestEnv;
beforeEach(async () => { env = await createTestEnv(); });
afterEach(async () => { await env.close(); });

// Postgres only (a *.pg.test.ts file runs in the Postgres pass): SQLite keeps its statements prepared in
// the driver (sqlite-driver.ts).
describe('Postgres keeps the hot statements prepared', () => {
  it('names the hot statements on the connection and leaves other queries unnamed', async () => {
    await env.deps.db.transaction().execute(async (t) => {
      await getAssignment(t, 1);
      await getRow(t, 1, 1);
      await sql`select 42 as plain`.execute(t);
      const named = await sql<{ statement: string }>`select statement from pg_prepared_statements where name like 'triad_%'`.execute(t);
      const texts = named.rows.map((r) => r.statement);
      expect(texts.some((s) => /from "assignments" where "id" = \$1/.test(s))).toBe(true);
      expect(texts.some((s) => /from "rows" where "id" = \$1 and "project_id" = \$2/.test(s))).toBe(true);
      expect(texts.some((s) => s.includes('42'))).toBe(false);
    });
  });

  it('writes a hot statement\'s constants into its text, so Postgres settles on one generic plan', async () => {
    await env.deps.db.transaction().execute(async (t) => {
      for (let i = 0; i < 8; i++) await myClaims(t, 1, 1, 'label');
      const [s] = (await sql<{ statement: string; generic_plans: number; custom_plans: number }>`select statement, generic_plans, custom_plans
        from pg_prepared_statements where name like 'triad_%' and statement like '%"back"%'`.execute(t)).rows;
      expect(s.statement).toContain(`"a"."status" = 'active'`);
      expect(s.statement).toContain(`"a"."status" = 'expired'`);
      expect(s.statement).toMatch(/"a"\."user_id" = \$1 and "a"\."project_id" = \$2 and "a"\."kind" = 'label'/);
      expect(Number(s.custom_plans)).toBe(5);
      expect(Number(s.generic_plans)).toBe(3);
    });
  });
});

// What Kysely sends as one transaction goes out pipelined (pg-pool.ts): BEGIN with the first plain read, an
// unread lock with the statement after it. What a caller relies on must hold as if each waited its turn.
const lock = prepared<{ a: number; b: number }, unknown>((_db, p) => sql`select pg_advisory_xact_lock(${p('a')}::int, ${p('b')}::int)`, { unread: true });
/** Outside a transaction block a statement's transaction starts with it: now() is its own start time. */
const inTxBlock = async (db: Kysely<DB>) => (await sql<{ tx: boolean }>`select now() <> statement_timestamp() as tx`.execute(db)).rows[0].tx;
const LOCK_TIMEOUT = '55P03';
/** An advisory lock key no workflow lock uses (those are project and person ids), as tests share the server. */
const KEY = 918_273;

describe('Postgres pipelines a transaction\'s first statements', () => {
  it('commits what a transaction wrote and rolls back a failed one, whatever its first statement', async () => {
    const db = env.deps.db;
    await sql`create table pipe_t (id int primary key)`.execute(db);
    await db.transaction().execute(async (t) => {
      await getAssignment(t, 1); // a hot read carries BEGIN out
      await sql`insert into pipe_t values (1)`.execute(t);
    });
    await expect(db.transaction().execute(async (t) => {
      await sql`insert into pipe_t values (2)`.execute(t); // a write first: sent once BEGIN is answered
      await sql`insert into pipe_t values (1)`.execute(t);
    })).rejects.toMatchObject({ code: '23505' });
    expect((await sql<{ id: number }>`select id from pipe_t order by id`.execute(db)).rows).toEqual([{ id: 1 }]);
  });

  it('fails the statement after an unread lock that timed out, rolls back, and hands the connection back out of any transaction', async () => {
    const db = env.deps.db;
    let letGo!: () => void;
    const held = new Promise<void>((r) => { letGo = r; });
    let locked!: () => void;
    const holding = new Promise<void>((r) => { locked = r; });
    const holder = db.transaction().execute(async (t) => {
      await sql`select pg_advisory_xact_lock(${KEY}, 7)`.execute(t);
      locked();
      await held;
    });
    await holding;
    await sql`create table pipe_u (id int)`.execute(db);
    const seen: string[] = [];
    await expect(db.transaction().execute(async (t) => {
      await sql`set local lock_timeout = '100ms'`.execute(t);
      const r = await lock(t, { a: KEY, b: 7 }); // not waited for
      seen.push(`lock answered with ${r.rows.length} rows`);
      await sql`insert into pipe_u values (1)`.execute(t);
      seen.push('insert ran');
    })).rejects.toMatchObject({ code: LOCK_TIMEOUT });
    expect(seen).toEqual(['lock answered with 0 rows']);
    letGo();
    await holder;
    expect((await sql`select * from pipe_u`.execute(db)).rows).toEqual([]);
    // Every pooled connection is idle, outside a transaction, and works.
    const checks = await Promise.all(Array.from({ length: 10 }, () => db.connection().execute(async (c) => inTxBlock(c))));
    expect(checks.every((tx) => tx === false)).toBe(true);
  });

  it('holds an unread lock before the next statement reads: a second transaction waits and sees the first one\'s write', async () => {
    const db = env.deps.db;
    await sql`create table pipe_v (n int)`.execute(db);
    let go!: () => void;
    const gate = new Promise<void>((r) => { go = r; });
    let locked!: () => void;
    const holding = new Promise<void>((r) => { locked = r; });
    const first = db.transaction().execute(async (t) => {
      await lock(t, { a: KEY, b: 8 });
      await sql`select 1`.execute(t); // answered only once the lock is held
      locked();
      await gate;
      await sql`insert into pipe_v values (1)`.execute(t);
    });
    await holding;
    const second = db.transaction().execute(async (t) => {
      await lock(t, { a: KEY, b: 8 });
      return (await sql<{ n: number }>`select count(*)::int as n from pipe_v`.execute(t)).rows[0].n;
    });
    // The second transaction's read went out with its lock; it is now queued behind the first's.
    while (!(await sql<{ w: boolean }>`select exists (select 1 from pg_locks where locktype = 'advisory' and classid = ${KEY} and objid = 8 and objsubid = 2 and not granted) as w`.execute(db)).rows[0].w) {
      await new Promise((r) => setTimeout(r, 10));
    }
    go();
    await first;
    expect(await second).toBe(1);
    expect(await inTxBlock(db)).toBe(false);
  });
});

/** Counts the writes to Postgres sockets (one per round trip) from now until `stop()`. */
function countWrites(): { stop(): number } {
  const proto = net.Socket.prototype as unknown as Record<'_writev' | '_write', (...a: unknown[]) => unknown>;
  const saved = { _writev: proto._writev, _write: proto._write };
  let n = 0;
  for (const k of ['_writev', '_write'] as const) {
    proto[k] = function (this: net.Socket, ...a: unknown[]) { if (this.remotePort === pgPort) n++; return saved[k].apply(this, a); };
  }
  return { stop: () => { Object.assign(proto, saved); return n; } };
}
const pgPort = Number(new URL(process.env.DATABASE_URL ?? 'postgres://x:5432').port || 5432);

// A committing statement goes out with COMMIT (pg-pool.ts): one round trip for the last write and the commit.
const addCommitting = prepared<{ id: number }, never>((db, _p) => sql`insert into pipe_c values (${_p('id')})`, { commits: true });

describe('Postgres sends a transaction\'s committing statement with its COMMIT', () => {
  it('commits what the statement and those before it wrote, rolls back when it fails, and refuses a statement after it', async () => {
    const db = env.deps.db;
    await sql`create table pipe_c (id int primary key)`.execute(db);
    await db.transaction().execute(async (t) => {
      await sql`insert into pipe_c values (1)`.execute(t);
      await addCommitting(t, { id: 2 });
    });
    expect((await sql<{ id: number }>`select id from pipe_c order by id`.execute(db)).rows).toEqual([{ id: 1 }, { id: 2 }]);
    // The statement fails (the id is taken): the COMMIT sent with it finds the transaction aborted.
    await expect(db.transaction().execute(async (t) => {
      await sql`insert into pipe_c values (3)`.execute(t);
      await addCommitting(t, { id: 1 });
    })).rejects.toMatchObject({ code: '23505' });
    expect((await sql<{ id: number }>`select id from pipe_c order by id`.execute(db)).rows).toEqual([{ id: 1 }, { id: 2 }]);
    await expect(db.transaction().execute(async (t) => {
      await addCommitting(t, { id: 4 });
      await sql`insert into pipe_c values (5)`.execute(t);
    })).rejects.toThrow(/after its transaction's committing statement/);
    // What the committing statement wrote is committed; nothing ran after it.
    expect((await sql<{ id: number }>`select id from pipe_c order by id`.execute(db)).rows).toEqual([{ id: 1 }, { id: 2 }, { id: 4 }]);
    // Outside a transaction it is an ordinary statement.
    await addCommitting(db, { id: 6 });
    const checks = await Promise.all(Array.from({ length: 10 }, () => db.connection().execute(async (c) => inTxBlock(c))));
    expect(checks.every((tx) => tx === false)).toBe(true);
  });

  it('sends BEGIN, an unread lock and a committing statement in one write; the lock still orders eight such transactions', async () => {
    const db = env.deps.db;
    await sql`create table pipe_d (n int)`.execute(db);
    const bump = prepared<Record<string, never>, { n: number }>(() => sql`insert into pipe_d select count(*) + 1 from pipe_d returning n`, { commits: true });
    const once = () => db.transaction().execute(async (t) => {
      await lock(t, { a: KEY, b: 9 });
      return (await bump(t, {})).rows[0].n;
    });
    const writes = countWrites();
    expect(await once()).toBe(1);
    expect(writes.stop()).toBe(1);
    const ns = await Promise.all(Array.from({ length: 8 }, once));
    expect(ns.sort((a, b) => a - b)).toEqual([2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('rolls back a committing statement that fails right behind BEGIN and hands the connection back clean', async () => {
    const db = env.deps.db;
    await sql`create table pipe_c (id int primary key)`.execute(db);
    await addCommitting(db, { id: 1 });
    await expect(db.transaction().execute(async (t) => {
      await lock(t, { a: KEY, b: 10 });
      await addCommitting(t, { id: 1 });
    })).rejects.toMatchObject({ code: '23505' });
    expect((await sql<{ id: number }>`select id from pipe_c`.execute(db)).rows).toEqual([{ id: 1 }]);
    const checks = await Promise.all(Array.from({ length: 10 }, () => db.connection().execute(async (c) => inTxBlock(c))));
    expect(checks.every((tx) => tx === false)).toBe(true);
  });
});
