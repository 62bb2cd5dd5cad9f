import { afterEach, describe, expect, it } from 'vitest';
import { sql, type CompiledQuery, type Kysely } from 'kysely';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTestEnv, engineName, restartOn, type Client, type TestEnv } from './test/harness.js';
import { plainRows, workProject } from './test/workflow-kit.js';
import { statements, tableReads } from './test/statement-reads.js';
import type { DB } from './db/types.js';
import type { CandidateRow } from './services/import/validate.js';
import { ImportJob } from './services/import/stage.js';
import { importFile } from './services/import/run.js';
import { CLEAR_BATCH, kickClearing, type ClearingTables } from './services/import/clear-published.js';

/**
 * Issue 17 part 5, "an import must not stall the people labeling": the claim indexes hold no row of a
 * running import, so a claim never walks them, however many there are and wherever they sort; once the
 * import publishes, its rows enter the claim indexes best first, and a restart part-way finishes the job.
 */
let env: TestEnv | null = null;
afterEach(async () => { await env?.close(); env = null; });

const pg = engineName() === 'postgres';
const next = (c: Client, pid: number) => c.post(`/api/projects/${pid}/next`, { role: 'label' });
const hiddenRow = (i: number, o: Partial<CandidateRow> = {}): { line: number; row: CandidateRow } => ({
  line: i + 1,
  row: { externalId: `imp-${i}`, data: { text: `imported ${i}` }, prelabels: null, gold: null, expertise: i % 3 ? [] : ['finance'], priority: 9, sameRowId: null, mediaRefs: [], ...o },
});

const rowsRead = (db: Kysely<DB>, qs: CompiledQuery[]) => tableReads(db, qs, 'rows');

async function indexDef(db: Kysely<DB>, name: string): Promise<string> {
  const r = pg
    ? await sql<{ d: string }>`select indexdef as d from pg_indexes where indexname = ${name} and schemaname = current_schema()`.execute(db)
    : await sql<{ d: string }>`select sql as d from sqlite_master where name = ${name}`.execute(db);
  return r.rows[0].d.toLowerCase();
}

const leftToClear = async (db: Kysely<DB>) => ({
  rows: Number((await db.selectFrom('rows').select((eb) => eb.fn.countAll<number>().as('n')).where('import_id', 'is not', null).executeTakeFirstOrThrow()).n),
  listed: Number((await db.withTables<ClearingTables>().selectFrom('import_clearing').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n),
  importingNeeds: Number((await sql<{ n: number }>`select count(*) as n from row_needs where state = 'importing'`.execute(db)).rows[0].n),
});

describe('claims while an import is running', () => {
  it('hand out visible rows without reading the import\'s rows, though they sort first', { timeout: 120_000 }, async () => {
    env = await createTestEnv();
    const e = env;
    const w = await workProject(e, {
      people: [{ name: 'ann', roles: ['annotator'] }, { name: 'eve', roles: ['annotator'], expertise: ['finance'] }, { name: 'bob', roles: ['annotator'] }],
      rows: plainRows(4),
    });
    const HIDDEN = 3000;
    const job = await ImportJob.start(e.deps.db, w.id);
    try {
      // Priority 9 against the visible rows' 0: by the queue's order every one of them comes first.
      await job.stage(Array.from({ length: HIDDEN }, (_, i) => hiddenRow(i)), [], e.clock.now);
      for (const name of ['rows_label_next', 'rows_qa_disagree_next']) expect(await indexDef(e.deps.db, name)).toMatch(/where \(?import_id is null\)?/);

      const visible = new Set(w.rowIds);
      // A labeler, and an expert whose domain a thousand of the import's rows need (and no visible one):
      // each gets the best visible row, the expert its second label.
      for (const [who, expected] of [['ann', w.rowIds[0]], ['eve', w.rowIds[0]]] as const) {
        let got: any;
        const qs = await statements(e.deps.db, async () => { got = await next(w.c[who], w.id); });
        expect({ who, row: got.body.row?.id }).toEqual({ who, row: expected });
        const reads = await rowsRead(e.deps.db, qs);
        expect(reads.length).toBeGreaterThan(0);
        for (const r of reads) {
          expect(r.plan, r.sql).not.toMatch(/\bSCAN (r|rows)\b(?! USING)|Seq Scan/);
          // Each statement read a handful of rows, not the import's thousands.
          expect(r.produced, r.sql).toBeLessThan(50);
        }
        expect(reads.some((r) => /rows_label_next/.test(r.plan)) || who === 'eve').toBe(true);
      }
      expect(visible.has((await next(w.c.bob, w.id)).body.row.id)).toBe(true);
    } finally {
      await job.discard();
    }
  });

  it('tell a labeler with nothing visible left that all is done without reading the import\'s rows', { timeout: 120_000 }, async () => {
    env = await createTestEnv();
    const e = env;
    const w = await workProject(e, { people: [{ name: 'ann', roles: ['annotator'] }], rows: [] });
    const job = await ImportJob.start(e.deps.db, w.id);
    try {
      await job.stage(Array.from({ length: 3000 }, (_, i) => hiddenRow(i)), [], e.clock.now);
      let got: any;
      const qs = await statements(e.deps.db, async () => { got = await next(w.c.ann, w.id); });
      expect(got.body).toMatchObject({ assignment: null, reason: 'all_done' });
      for (const r of await rowsRead(e.deps.db, qs)) {
        expect(r.plan, r.sql).not.toMatch(/\bSCAN (r|rows)\b(?! USING)|Seq Scan/);
        expect(r.produced, r.sql).toBeLessThan(50);
      }
      expect((await w.c.ann.get(`/api/projects/${w.id}/queue`)).body).toMatchObject({ label: 0 });
    } finally {
      await job.discard();
    }
  });
});

describe('a published import', () => {
  // More than two batches of clearing on either engine.
  const N = 2 * CLEAR_BATCH[pg ? 'postgres' : 'sqlite'] + 500;

  it('is claimable best first from the switch, and wholly once cleared, in the queue\'s order', { timeout: 300_000 }, async () => {
    env = await createTestEnv();
    const e = env;
    const people = ['a', 'b', 'c', 'd', 'f', 'g'].map((name) => ({ name, roles: ['annotator' as const] }));
    const w = await workProject(e, { people: [...people, { name: 'eve', roles: ['annotator'], expertise: ['finance'] }], rows: plainRows(3, () => ({ priority: 4 })) });
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'triad-import-claims-')), 'rows.jsonl');
    // Priorities spread over the file: the best rows are not its first lines.
    const prio = (i: number) => (i * 7) % 11;
    fs.writeFileSync(file, Array.from({ length: N }, (_, i) => JSON.stringify({ id: `x${i}`, data: { text: `t${i}` }, priority: prio(i), ...(i === N - 1 ? { expertise: ['finance'] } : {}) })).join('\n'));
    const r = await importFile(e.deps, { projectId: w.id, userId: null, file, format: 'jsonl', mode: 'all' });
    expect(r).toMatchObject({ committed: true, imported: N });
    // The switch's own transaction put the best batch in the claim indexes: the first claim is the top row.
    const top = await e.deps.db.selectFrom('rows').select(['id', 'priority']).where('project_id', '=', w.id)
      .orderBy('priority', 'desc').orderBy('id').limit(3).execute();
    expect(top.every((x) => x.priority === 10)).toBe(true);
    expect((await next(w.c.a, w.id)).body.row.id).toBe(top[0].id);

    await kickClearing(e.deps.db);
    expect(await leftToClear(e.deps.db)).toEqual({ rows: 0, listed: 0, importingNeeds: 0 });
    // Each row takes two labels: a, b on the top row; c, d on the next; f, g on the third.
    const claimed = [];
    for (const p of people.slice(1)) claimed.push((await next(w.c[p.name], w.id)).body.row.id);
    expect(claimed).toEqual([top[0].id, top[1].id, top[1].id, top[2].id, top[2].id]);
    // The expert meets the one imported row needing their domain first (a priority-0 row with the highest id).
    const needing = await e.deps.db.selectFrom('rows').select('id').where('external_id', '=', `x${N - 1}`).executeTakeFirstOrThrow();
    expect((await next(w.c.eve, w.id)).body.row.id).toBe(needing.id);
  });

  it('is cleared to the end by the next start when the server stopped part-way', { timeout: 300_000 }, async () => {
    env = await createTestEnv();
    const e = env;
    const w = await workProject(e, { people: [{ name: 'ann', roles: ['annotator'] }], rows: plainRows(2) });
    const job = await ImportJob.start(e.deps.db, w.id);
    await job.stage(Array.from({ length: N }, (_, i) => hiddenRow(i, { priority: i === N - 1 ? 50 : 9 })), [], e.clock.now);
    await e.deps.db.transaction().execute((tx) => job.publishNew(tx));
    // Stopped before the background clearing ran (the job is never discarded: that starts it).
    const part = await leftToClear(e.deps.db);
    expect(part).toEqual({ rows: N - CLEAR_BATCH[pg ? 'postgres' : 'sqlite'], listed: 1, importingNeeds: expect.any(Number) });
    expect(part.importingNeeds).toBeGreaterThan(0);
    const ann = w.c.ann;
    const firstRow = (await next(ann, w.id)).body.row.id;
    const last = await e.deps.db.selectFrom('rows').select('id').where('external_id', '=', `imp-${N - 1}`).executeTakeFirstOrThrow();
    expect(firstRow).toBe(last.id);

    const again = await restartOn(e);
    try {
      await kickClearing(again.deps.db);
      expect(await leftToClear(again.deps.db)).toEqual({ rows: 0, listed: 0, importingNeeds: 0 });
      expect(Number((await again.deps.db.selectFrom('rows').select((eb) => eb.fn.countAll<number>().as('n')).where('project_id', '=', w.id).executeTakeFirstOrThrow()).n)).toBe(N + 2);
    } finally {
      await job.discard().catch(() => {}); // its database is closed: only its timer and its place in `running` go
      await again.database.close();
    }
  });
});
