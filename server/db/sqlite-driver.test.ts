import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import fc from 'fast-check';
import { openDatabase, type Database } from './connection.js';
import { createTestEnv } from '../test/harness.js';
import { workProject, plainRows, pos, csid } from '../test/workflow-kit.js';

// SQLite only: group commit is how the embedded database commits; Postgres commits each transaction.
const dirs: string[] = [];
const opened: Database[] = [];
afterEach(async () => {
  for (const d of opened.splice(0)) await d.close();
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

async function fileDb() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'triad-group-'));
  dirs.push(dir);
  const database = await openDatabase({ dataDir: dir });
  opened.push(database);
  await sql`create table parent (id integer primary key)`.execute(database.db);
  await sql`create table child (id integer primary key, parent_id integer references parent (id) deferrable initially deferred)`.execute(database.db);
  await sql`create table note (id integer primary key, body text not null)`.execute(database.db);
  database.startGroups();
  // A second connection, as another process would have: it sees only committed data.
  const other = new SQLite(path.join(dir, 'triad.sqlite'), { readonly: true });
  const committed = () => (other.prepare('select body from note order by id').all() as { body: string }[]).map((r) => r.body);
  return { database, db: database.db, committed, other };
}

const note = (body: string) => sql`insert into note (body) values (${body})`;

describe('SQLite group commit', () => {
  it('commits the transactions of one turn together, each still all-or-nothing', async () => {
    const { db, committed, database, other } = await fileDb();
    await db.transaction().execute(async (t) => { await note('first').execute(t); });
    await expect(db.transaction().execute(async (t) => {
      await note('doomed').execute(t);
      throw new Error('changed my mind');
    })).rejects.toThrow('changed my mind');
    await db.transaction().execute(async (t) => { await note('third').execute(t); });
    // Inside the turn the connection sees its own group; nobody else sees anything yet.
    expect((await sql<{ body: string }>`select body from note order by id`.execute(db)).rows.map((r) => r.body)).toEqual(['first', 'third']);
    expect(committed()).toEqual([]);
    await database.durable();
    expect(committed()).toEqual(['first', 'third']);
    // The next turn opens a new group.
    await db.transaction().execute(async (t) => { await note('later').execute(t); });
    await database.durable();
    expect(committed()).toEqual(['first', 'third', 'later']);
    other.close();
  });

  it('fails every transaction of a group whose COMMIT fails, keeps none of them, and carries on', async () => {
    const { db, committed, database, other } = await fileDb();
    await db.transaction().execute(async (t) => { await note('lost with the group').execute(t); });
    // A deferred foreign key is only checked at COMMIT: the group's commit fails.
    await db.transaction().execute(async (t) => { await sql`insert into child (parent_id) values (42)`.execute(t); });
    const errors: unknown[] = [];
    const origError = console.error;
    console.error = (...a: unknown[]) => { errors.push(a); };
    try {
      await expect(database.durable()).rejects.toThrow(/FOREIGN KEY/i);
    } finally {
      console.error = origError;
    }
    expect(errors).toHaveLength(1);
    expect(committed()).toEqual([]);
    expect((await sql<{ n: number }>`select count(*) as n from child`.execute(db)).rows[0].n).toBe(0);
    await db.transaction().execute(async (t) => { await note('after').execute(t); });
    await database.durable();
    expect(committed()).toEqual(['after']);
    other.close();
  });

  it('waits for a transaction that is still running before committing its group', async () => {
    const { db, committed, database, other } = await fileDb();
    let release!: () => void;
    const gate = new Promise<void>((r) => { release = r; });
    const slow = db.transaction().execute(async (t) => {
      await note('slow start').execute(t);
      await gate; // real waiting across turns, as a transaction reading a stream would
      await note('slow end').execute(t);
    });
    await new Promise((r) => setTimeout(r, 20));
    expect(committed()).toEqual([]);
    release();
    await slow;
    await database.durable();
    expect(committed()).toEqual(['slow start', 'slow end']);
    other.close();
  });
});

describe('SQLite group commit under random interleavings', () => {
  // Transactions that succeed or fail, single statements outside any transaction, and waits across turns
  // in the middle of a transaction, all started at once: whatever the order, each caller that awaits
  // durable() after its write finds it in the file, failed transactions leave nothing, and the end state
  // is exactly the successful writes.
  const op = fc.record({
    kind: fc.constantFrom('tx', 'plain'),
    writes: fc.integer({ min: 1, max: 3 }),
    fail: fc.boolean(),
    startHops: fc.integer({ min: 0, max: 3 }),
    waitInside: fc.boolean(),
  });
  it('commits exactly the successful writes, each durable when durable() says so', async () => {
    const { db, database, other } = await fileDb();
    const seen = (tag: string) => (other.prepare('select count(*) as n from note where body like ?').get(`${tag}:%`) as { n: number }).n;
    let run = 0;
    await fc.assert(fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 12 }), async (ops) => {
      run++;
      const hop = () => new Promise<void>((r) => setImmediate(r));
      const outcomes = await Promise.all(ops.map(async (o, i) => {
        const tag = `${run}-${i}`;
        for (let h = 0; h < o.startHops; h++) await hop();
        try {
          if (o.kind === 'plain') {
            for (let w = 0; w < o.writes; w++) await note(`${tag}:${w}`).execute(db);
          } else {
            await db.transaction().execute(async (t) => {
              for (let w = 0; w < o.writes; w++) {
                await note(`${tag}:${w}`).execute(t);
                if (o.waitInside && w === 0) await hop();
              }
              if (o.fail) throw new Error('rolled back on purpose');
            });
          }
        } catch (e) {
          if (!(e instanceof Error && e.message === 'rolled back on purpose')) throw e;
          await database.durable();
          expect(seen(tag)).toBe(0);
          return { tag, expect: 0 };
        }
        await database.durable();
        // Durable means committed: another connection sees every write of this caller.
        expect(seen(tag)).toBe(o.writes);
        return { tag, expect: o.writes };
      }));
      await database.durable();
      for (const o of outcomes) expect(seen(o.tag)).toBe(o.expect);
    }), { numRuns: 60 });
    other.close();
  });
});

describe('the API answers only after its writes are committed', () => {
  it('a submitted label is in the database file when the submit answers', async () => {
    const env = await createTestEnv({ sqlite: true });
    try {
      const w = await workProject(env, { people: [{ name: 'ann', roles: ['annotator'] }], rows: plainRows(1) });
      const claim = await w.c.ann.post(`/api/projects/${w.id}/next`, { role: 'label' });
      const other = new SQLite(path.join(env.deps.dataDir, 'triad.sqlite'), { readonly: true });
      try {
        const id = csid();
        const r = await w.c.ann.post(`/api/assignments/${claim.body.assignment.id}/submit`, { answer: pos, clientSubmissionId: id });
        expect(r.status).toBe(200);
        // Read at once, from another connection, without yielding: the commit must already have happened.
        expect(other.prepare('select count(*) as n from answers where client_submission_id = ?').get(id)).toEqual({ n: 1 });
      } finally {
        other.close();
      }
    } finally {
      await env.close();
    }
  });
});
