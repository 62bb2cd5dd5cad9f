import { describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { openDatabase } from './connection.js';

// Always SQLite: the plugin is only installed there (Postgres plans a bound LIMIT well).
describe('integer LIMITs are written into SQLite SQL', () => {
  it('inlines an integer limit, still returns the right rows, and leaves other values bound', async () => {
    const database = await openDatabase({ dataDir: ':memory:' });
    try {
      const { db } = database;
      await sql`create table t (id integer primary key, k text not null)`.execute(db);
      await sql`insert into t (k) values ('a'), ('b'), ('c')`.execute(db);
      const q = (db as any).selectFrom('t').select('id').where('k', '!=', 'zzz').orderBy('id').limit(2);
      const c = q.compile();
      expect(c.sql).toMatch(/limit 2$/);
      expect(c.parameters).toEqual(['zzz']);
      expect(await q.execute()).toEqual([{ id: 1 }, { id: 2 }]);
    } finally {
      await database.close();
    }
  });
});
