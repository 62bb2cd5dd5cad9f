import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { openDatabase } from './connection.js';

// Always SQLite, whatever DATABASE_URL says: this is the file database's checkpointing.
describe('SQLite WAL checkpoints off the event loop', () => {
  it('moves committed pages into the database file without the writer checkpointing, and stops on close', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'triad-ckpt-'));
    const database = await openDatabase({ dataDir: dir });
    try {
      const file = path.join(dir, 'triad.sqlite');
      await sql`create table blob_rows (id integer primary key, body text not null)`.execute(database.db);
      const before = fs.statSync(file).size;
      // ~2 MB: far below the writer's backstop autocheckpoint, so only the worker can copy it over.
      for (let i = 0; i < 50; i++) await sql`insert into blob_rows (body) values (${'x'.repeat(40_000)})`.execute(database.db);
      const until = Date.now() + 5000;
      while (fs.statSync(file).size <= before && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
      expect(fs.statSync(file).size).toBeGreaterThan(before + 1_000_000);
      const n = await sql<{ n: number }>`select count(*) as n from blob_rows`.execute(database.db);
      expect(Number(n.rows[0].n)).toBe(50);
    } finally {
      await database.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
