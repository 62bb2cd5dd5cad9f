import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestEnv, type TestEnv } from '../test/harness.js';
import { getAssignment } from '../repos/assignments.js';
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
});
