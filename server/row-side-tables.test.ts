import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestEnv, engineName, type TestEnv } from './test/harness.js';
import { workProject } from './test/workflow-kit.js';
import { importFile } from './services/import/run.js';
import { ImportJob, sweepStaleImports, type StagingTables } from './services/import/stage.js';
import { tempOwner } from './services/temp-file.js';
import { writeImportRows } from './repos/import-rows.js';
import { insertRows } from './repos/rows.js';

/**
 * A row's search entry and required domains (row_search or rows_fts, row_domains) go with the row, however
 * it goes: its project deleted, its import failed, or a crashed import swept at boot. On PostgreSQL no
 * foreign key does it since migration 2026-12-08T01, a trigger does; an entry left behind would be found
 * by the next search for its words and counted by the expertise filter.
 */
let env: TestEnv | null = null;
afterEach(async () => { await env?.close(); env = null; });

/** Row ids holding search entries for `word` (each test row carries one word of its own). */
async function searchHits(e: TestEnv, word: string): Promise<number[]> {
  const q = engineName() === 'postgres'
    ? sql<{ id: number }>`select row_id as id from row_search where body @@ to_tsquery('simple', ${word}) order by 1`
    : sql<{ id: number }>`select rowid as id from rows_fts where rows_fts match ${`"${word}"`} order by 1`;
  return (await q.execute(e.deps.db)).rows.map((r) => Number(r.id));
}

async function domainRows(e: TestEnv, ids: number[]): Promise<number> {
  if (!ids.length) return 0;
  return Number((await sql<{ n: number }>`select count(*) as n from row_domains where row_id in (${sql.join(ids)})`.execute(e.deps.db)).rows[0].n);
}

/** Entries whose row is gone, whatever their words. */
async function orphans(e: TestEnv): Promise<{ search: number; domains: number }> {
  const domains = await sql<{ n: number }>`select count(*) as n from row_domains d where not exists (select 1 from rows r where r.id = d.row_id)`.execute(e.deps.db);
  const search = engineName() === 'postgres'
    ? await sql<{ n: number }>`select count(*) as n from row_search s where not exists (select 1 from rows r where r.id = s.row_id)`.execute(e.deps.db)
    : { rows: [{ n: 0 }] }; // contentless FTS5 lists no rowids but through a match: searchHits checks it by word
  return { search: Number(search.rows[0].n), domains: Number(domains.rows[0].n) };
}

const line = (i: number, word: string) => JSON.stringify({ id: `${word}-${i}`, data: { text: `${word} row ${i}` }, expertise: ['finance', 'law'] });
const candidate = (i: number, word: string) => ({
  line: i + 1, row: { externalId: `${word}-${i}`, data: { text: `${word} row ${i}` }, prelabels: null, gold: null, expertise: ['finance'], priority: 0, sameRowId: null, mediaRefs: [] },
});

describe('search entries and required domains leave with their rows', () => {
  it('deleting a project removes those of its imported and added rows, and only those', async () => {
    env = await createTestEnv();
    const e = env;
    // Added rows (the insert trigger writes their entries) and imported ones (the import writes them).
    const w = await workProject(e, { people: [], rows: Array.from({ length: 30 }, (_, i) => ({ externalId: `a${i}`, data: { text: `gone added ${i}` }, expertise: ['finance'] })) });
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'triad-side-')), 'rows.jsonl');
    fs.writeFileSync(file, Array.from({ length: 40 }, (_, i) => line(i, 'gone')).join('\n'));
    const r = await importFile(e.deps, { projectId: w.id, userId: null, file, format: 'jsonl', mode: 'all' });
    expect(r).toMatchObject({ committed: true, imported: 40 });
    // A second project with the same kind of rows stays whole.
    const other = (await w.lead.post('/api/projects', { name: 'Kept', schema: (await w.lead.get(`/api/projects/${w.id}`)).body.project.schema, settings: {} })).body.project.id as number;
    fs.writeFileSync(file, Array.from({ length: 25 }, (_, i) => line(i, 'kept')).join('\n'));
    expect(await importFile(e.deps, { projectId: other, userId: null, file, format: 'jsonl', mode: 'all' })).toMatchObject({ committed: true, imported: 25 });

    const ids = (await e.deps.db.selectFrom('rows').select('id').where('project_id', '=', w.id).execute()).map((x) => Number(x.id));
    const keptIds = (await e.deps.db.selectFrom('rows').select('id').where('project_id', '=', other).execute()).map((x) => Number(x.id));
    expect(ids).toHaveLength(70);
    expect(await searchHits(e, 'gone')).toEqual([...ids].sort((a, b) => a - b));
    expect(await domainRows(e, ids)).toBe(30 + 40 * 2);

    expect((await w.lead.del(`/api/projects/${w.id}`)).status).toBe(200);
    expect(await e.deps.db.selectFrom('rows').select('id').where('id', 'in', ids).execute()).toEqual([]);
    expect(await searchHits(e, 'gone')).toEqual([]);
    expect(await domainRows(e, ids)).toBe(0);
    expect(await orphans(e)).toEqual({ search: 0, domains: 0 });
    expect(await searchHits(e, 'kept')).toEqual([...keptIds].sort((a, b) => a - b));
    expect(await domainRows(e, keptIds)).toBe(25 * 2);
  });

  it('an import that fails, and one crashed and swept at boot, leave none behind', async () => {
    env = await createTestEnv();
    const e = env;
    const w = await workProject(e, { people: [], rows: [{ externalId: 'stay', data: { text: 'stay here' }, expertise: ['finance'] }] });
    // Written in batches, then undone: an import that does not publish deletes what it wrote.
    const failed = await ImportJob.start(e.deps.db, w.id);
    await failed.stage(Array.from({ length: 600 }, (_, i) => candidate(i, 'undone')), [], e.clock.now);
    expect(await searchHits(e, 'undone')).toHaveLength(600);
    await failed.discard();
    expect(await searchHits(e, 'undone')).toEqual([]);

    // A crashed import: its job row names a process that is gone, its rows were written.
    const deadPid = spawnSync(process.execPath, ['-e', '0']).pid!;
    await e.deps.db.withTables<StagingTables>().insertInto('import_jobs')
      .values({ id: 'crashed', project_id: w.id, owner_host: tempOwner.host, owner_pid: deadPid, started_at: e.clock.now, heartbeat_at: e.clock.now }).execute();
    const crashed = await writeImportRows(e.deps.db, w.id, 'crashed', Array.from({ length: 300 }, (_, i) => ({ externalId: `c${i}`, data: { text: `swept ${i}` }, expertise: ['law'] })), e.clock.now);
    expect(await searchHits(e, 'swept')).toEqual(crashed);
    expect(await domainRows(e, crashed)).toBe(300);
    expect(await sweepStaleImports(e.deps.db)).toBe(1);
    expect(await searchHits(e, 'swept')).toEqual([]);
    expect(await domainRows(e, crashed)).toBe(0);

    expect(await orphans(e)).toEqual({ search: 0, domains: 0 });
    expect(await searchHits(e, 'stay')).toEqual(w.rowIds);
    expect(await domainRows(e, w.rowIds)).toBe(1);
  });
});

describe('a row names a project that exists', () => {
  it('is refused when its project is missing, by the import path and the plain insert alike', async () => {
    env = await createTestEnv();
    const e = env;
    const w = await workProject(e, { people: [], rows: [] });
    const code = async (p: Promise<unknown>) => {
      const err = await p.then(() => null, (x: { code?: string }) => x);
      return err?.code;
    };
    const refused = engineName() === 'postgres' ? '23503' : 'SQLITE_CONSTRAINT_FOREIGNKEY';
    expect(await code(writeImportRows(e.deps.db, w.id + 1000, 'imp', [{ externalId: 'x', data: { text: 'x' } }], e.clock.now))).toBe(refused);
    expect(await code(insertRows(e.deps.db, w.id + 1000, [{ externalId: 'y', data: { text: 'y' } }], e.clock.now))).toBe(refused);
    // One statement naming the project and a missing one is refused whole.
    expect(await code(sql`insert into rows (project_id, external_id, data_json, created_at, updated_at) values
      (${w.id}, 'a', '{}', 0, 0), (${w.id + 1000}, 'b', '{}', 0, 0)`.execute(e.deps.db))).toBe(refused);
    expect(await code(sql`update rows set project_id = ${w.id + 1000}`.execute(e.deps.db))).toBeUndefined(); // no rows: nothing to check
    expect(await insertRows(e.deps.db, w.id, [{ externalId: 'ok', data: { text: 'ok' } }], e.clock.now)).toHaveLength(1);
    expect(await code(sql`update rows set project_id = ${w.id + 1000} where project_id = ${w.id}`.execute(e.deps.db))).toBe(refused);
    expect((await e.deps.db.selectFrom('rows').select(['project_id', 'external_id']).execute())).toEqual([{ project_id: w.id, external_id: 'ok' }]);
  });
});
